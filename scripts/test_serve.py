#!/usr/bin/env python3
"""Tests of the local server (serve.py) and the precompressed siblings (precompress.mjs).

The server runs on an ephemeral 127.0.0.1 port over a temporary site; requests go through
http.client so every header is the test's own (urllib would add `Accept-Encoding: identity`).
Run by the README's test command (scripts/test.sh).
"""
import gzip
import http.client
import http.server
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import assets  # noqa: E402
import serve  # noqa: E402

WASM = "app-124911dfe86d38f_bg.wasm"  # Trunk's hash printed without its leading zero: 15 digits
JS = "app-0123456789abcdef.js"
WASM_BYTES = b"\0asm" + bytes(range(256)) * 40


def start(handler):
    """A quiet server for `handler` on a free loopback port, serving from a thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.RequestHandlerClass.log_request = lambda *a, **k: None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop(server):
    server.shutdown()
    server.server_close()


def request(server, path, method="GET", **headers):
    """`method path` with exactly `headers` (no Accept-Encoding unless given): (response, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    conn.putrequest(method, path, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name.replace("_", "-"), value)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


class Server(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = pathlib.Path(tempfile.mkdtemp(prefix="serve-test-"))
        root = cls.dir / "dist"
        root.mkdir()
        (root / WASM).write_bytes(WASM_BYTES)
        # Distinct bodies, so a test sees which representation it got.
        (root / (WASM + ".br")).write_bytes(b"brotli bytes")
        (root / (WASM + ".gz")).write_bytes(gzip.compress(WASM_BYTES, mtime=0))
        (root / JS).write_text("export default 1;\n" * 100)
        (root / (JS + ".gz")).write_bytes(gzip.compress((root / JS).read_bytes(), mtime=0))
        (root / "index.html").write_text("<!doctype html><title>portal</title>\n")
        (root / "favicon.svg").write_text("<svg/>")
        (cls.dir / "secret.txt").write_text("outside the site")
        config = cls.dir / "config.json"
        config.write_text(json.dumps({"apiBaseUrl": "https://api.example.com/prod"}))
        cls.server = start(serve.make_handler(root, config))
        cls.root = root

    @classmethod
    def tearDownClass(cls):
        stop(cls.server)
        shutil.rmtree(cls.dir)

    def get(self, path, method="GET", **headers):
        return request(self.server, path, method, **headers)

    # ------------------------------------------------------------ negotiation
    def test_brotli_is_preferred_when_the_client_takes_both(self):
        response, body = self.get("/" + WASM, Accept_Encoding="gzip, deflate, br, zstd")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Content-Encoding"), "br")
        self.assertEqual(body, b"brotli bytes")
        self.assertEqual(response.getheader("Content-Length"), str(len(body)))
        self.assertEqual(response.getheader("Content-Type"), "application/wasm")
        self.assertEqual(response.getheader("Vary"), "Accept-Encoding")

    def test_gzip_when_brotli_is_not_accepted(self):
        for header in ["gzip", "br;q=0, gzip", "GZIP", "x-gzip", "gzip;q=0.9, br;q=0.5"]:
            with self.subTest(header=header):
                response, body = self.get("/" + WASM, Accept_Encoding=header)
                self.assertEqual(response.getheader("Content-Encoding"), "gzip")
                self.assertEqual(gzip.decompress(body), WASM_BYTES)
                self.assertEqual(response.getheader("Content-Length"), str(len(body)))
                self.assertEqual(response.getheader("Vary"), "Accept-Encoding")

    def test_a_client_that_did_not_ask_gets_the_file_as_it_is(self):
        for header in [None, "", "identity", "deflate", "*;q=0", "br;q=0, gzip;q=0", "br;q=abc", "gzip;q=2"]:
            with self.subTest(header=header):
                extra = {} if header is None else {"Accept_Encoding": header}
                response, body = self.get("/" + WASM, **extra)
                self.assertEqual(response.status, 200)
                self.assertIsNone(response.getheader("Content-Encoding"))
                self.assertEqual(body, WASM_BYTES)
                self.assertEqual(response.getheader("Content-Length"), str(len(WASM_BYTES)))
                # Caches must still key on Accept-Encoding: the same URL has other representations.
                self.assertEqual(response.getheader("Vary"), "Accept-Encoding")

    def test_a_wildcard_accepts_brotli(self):
        response, body = self.get("/" + WASM, Accept_Encoding="*")
        self.assertEqual(response.getheader("Content-Encoding"), "br")

    def test_only_existing_siblings_are_offered(self):
        response, body = self.get("/" + JS, Accept_Encoding="br, gzip")
        self.assertEqual(response.getheader("Content-Encoding"), "gzip")
        self.assertEqual(response.getheader("Content-Type"), "text/javascript; charset=utf-8")

    def test_a_range_request_never_gets_a_precompressed_file(self):
        response, body = self.get("/" + WASM, Accept_Encoding="br, gzip", Range="bytes=0-9")
        self.assertIsNone(response.getheader("Content-Encoding"))
        self.assertEqual(body, WASM_BYTES)

    def test_head_describes_what_get_would_send(self):
        response, body = self.get("/" + WASM, method="HEAD", Accept_Encoding="gzip")
        self.assertEqual(body, b"")
        self.assertEqual(response.getheader("Content-Encoding"), "gzip")
        self.assertEqual(response.getheader("Content-Length"), str((self.root / (WASM + ".gz")).stat().st_size))

    def test_a_file_without_siblings_has_no_vary(self):
        response, body = self.get("/favicon.svg", Accept_Encoding="br, gzip")
        self.assertIsNone(response.getheader("Content-Encoding"))
        self.assertIsNone(response.getheader("Vary"))
        self.assertEqual(body, b"<svg/>")

    def test_the_siblings_are_not_served_by_their_own_names(self):
        for name in [WASM + ".br", WASM + ".gz", JS + ".gz"]:
            with self.subTest(name=name):
                response, _ = self.get("/" + name, Accept_Encoding="br, gzip")
                self.assertEqual(response.status, 404)

    # ------------------------------------------------------------ caching, fallback, headers
    def test_hashed_assets_are_immutable_and_the_rest_revalidated(self):
        expected = {"/" + WASM: assets.IMMUTABLE, "/" + JS: assets.IMMUTABLE, "/": "no-cache",
                    "/index.html": "no-cache", "/favicon.svg": "no-cache", "/config.json": "no-store"}
        for path, cache in expected.items():
            with self.subTest(path=path):
                response, _ = self.get(path, Accept_Encoding="br")
                self.assertEqual(response.status, 200)
                self.assertEqual(response.getheader("Cache-Control"), cache)

    def test_spa_routes_get_index_html_and_missing_assets_404(self):
        response, body = self.get("/tokens?code=abc&state=xyz")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Content-Type"), "text/html; charset=utf-8")
        self.assertEqual(response.getheader("Cache-Control"), "no-cache")
        self.assertIn(b"<title>portal</title>", body)
        response, _ = self.get("/missing-0123456789abcdef.wasm")
        self.assertEqual(response.status, 404)
        self.assertEqual(response.getheader("Cache-Control"), "no-store")

    def test_nothing_outside_the_root_is_served(self):
        for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"]:
            with self.subTest(path=path):
                response, body = self.get(path)
                self.assertNotIn(b"outside the site", body)

    def test_every_response_has_the_strict_headers(self):
        for path in ["/", "/" + WASM, "/config.json", "/nope.js"]:
            with self.subTest(path=path):
                response, _ = self.get(path, Accept_Encoding="br")
                csp = response.getheader("Content-Security-Policy")
                self.assertIn("script-src 'self' 'wasm-unsafe-eval'", csp)
                self.assertNotIn("unsafe-inline", csp)
                self.assertIn("https://api.example.com", csp)
                self.assertEqual(response.getheader("X-Content-Type-Options"), "nosniff")
                self.assertEqual(response.getheader("Referrer-Policy"), "no-referrer")
                self.assertEqual(response.getheader("Cross-Origin-Opener-Policy"), "same-origin")
                self.assertIn("camera=()", response.getheader("Permissions-Policy"))
                for name, value in serve.SECURITY_HEADERS.items():
                    self.assertEqual(response.getheader(name), value, name)

    def test_connect_src_names_exactly_the_configs_origins(self):
        response, _ = self.get("/")
        directives = dict(d.split(" ", 1) for d in response.getheader("Content-Security-Policy").split("; "))
        self.assertEqual(directives["connect-src"], "'self' https://api.example.com")


class ConnectOrigins(unittest.TestCase):
    """connect-src is narrowed to the exact origins the portal calls, read from its config."""

    def origins(self, config):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(config, f)
        try:
            return serve.connect_origins(f.name)
        finally:
            pathlib.Path(f.name).unlink()

    def test_every_endpoint_origin_and_nothing_else(self):
        config = {"hostedUiBaseUrl": "https://p.auth.eu-west-1.amazoncognito.com",
                  "apiBaseUrl": "https://r1.execute-api.eu-west-1.amazonaws.com/prod",
                  "endpoints": {"jwks": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X/.well-known/jwks.json",
                                "idp": "https://cognito-idp.eu-west-1.amazonaws.com/"},
                  "redirectUri": "https://d1.cloudfront.net/callback", "region": "eu-west-1"}
        self.assertEqual(self.origins(config), ["https://cognito-idp.eu-west-1.amazonaws.com",
                                                "https://p.auth.eu-west-1.amazoncognito.com",
                                                "https://r1.execute-api.eu-west-1.amazonaws.com"])

    def test_hostile_or_broken_values_add_no_source(self):
        config = {"hostedUiBaseUrl": "*", "apiBaseUrl": "https:", "endpoints": {"jwks": 7, "idp": "javascript:alert(1)",
                                                                              "token": "https://a.example; script-src *",
                                                                              "logout": "https://*.example"}}
        self.assertEqual(self.origins(config), [])
        self.assertEqual(self.origins({"endpoints": "x"}), [])


class ImmutableUnder(unittest.TestCase):
    """`--immutable-under DIR`: the load bench's peer apps, whose bundler (Vite) names every file in
    `assets/` by its content with a hash `assets.is_hashed` does not know (8 letters and digits)."""

    def test_only_files_under_the_directory_become_immutable(self):
        with tempfile.TemporaryDirectory(prefix="serve-test-") as tmp:
            root = pathlib.Path(tmp) / "dist"
            (root / "assets").mkdir(parents=True)
            (root / "assets" / "index-7tR8TVUz.js").write_text("export default 1;\n")
            (root / "index-7tR8TVUz.js").write_text("export default 2;\n")
            (root / "index.html").write_text("<!doctype html><title>peer</title>\n")
            expected = {
                None: {"/assets/index-7tR8TVUz.js": "no-cache", "/index-7tR8TVUz.js": "no-cache", "/": "no-cache"},
                "assets": {"/assets/index-7tR8TVUz.js": assets.IMMUTABLE, "/index-7tR8TVUz.js": "no-cache",
                           "/": "no-cache", "/index.html": "no-cache"},
            }
            for under, paths in expected.items():
                server = start(serve.make_handler(root, pathlib.Path(tmp) / "none.json", under))
                try:
                    for path, cache in paths.items():
                        with self.subTest(under=under, path=path):
                            response, _ = request(server, path)
                            self.assertEqual(response.status, 200)
                            self.assertEqual(response.getheader("Cache-Control"), cache)
                finally:
                    stop(server)
            for outside in ["..", ".", "assets/../.."]:
                with self.subTest(outside=outside), self.assertRaises(ValueError):
                    serve.make_handler(root, pathlib.Path(tmp) / "none.json", outside)


class HashedNames(unittest.TestCase):
    def test_what_counts_as_hashed(self):
        hashed = ["cognito-portal-124911dfe86d38f.js", "cognito-portal-124911dfe86d38f_bg.wasm",
                  "boot-71b0a6f4799a22cc.js", "main-1e4d046cd84c2cfc.css", "favicon-fe28f770ada95682.svg",
                  "session-0123456789abcdef.wasm"]
        unhashed = ["index.html", "favicon.svg", "config.json", "robots.txt", "app-cafe.js", "app-1.2.3.js",
                    "boot-71b0a6f4799a22cc.js.map.txt", "x-0123456789abcdefg.js"]
        for name in hashed:
            self.assertTrue(assets.is_hashed(name), name)
        for name in unhashed:
            self.assertFalse(assets.is_hashed(name), name)


class Precompress(unittest.TestCase):
    def test_siblings_decode_to_the_original_and_tiny_files_get_none(self):
        with tempfile.TemporaryDirectory() as tmp:
            site = pathlib.Path(tmp)
            (site / "sub").mkdir()
            big = ("fn main() { println!(\"hello\"); }\n" * 200).encode()
            (site / "app.js").write_bytes(big)
            (site / "sub" / "chunk-0123456789abcdef.wasm").write_bytes(WASM_BYTES)
            (site / "tiny.css").write_bytes(b"a{}")
            (site / "photo.png").write_bytes(bytes(2000))
            done = subprocess.run(["node", str(HERE / "precompress.mjs"), tmp], capture_output=True, text=True,
                                  check=True)
            self.assertIn("app.js", done.stdout)
            for original in [site / "app.js", site / "sub" / "chunk-0123456789abcdef.wasm"]:
                self.assertEqual(gzip.decompress((original.parent / (original.name + ".gz")).read_bytes()),
                                 original.read_bytes())
                decoded = subprocess.run(
                    ["node", "-e", "process.stdout.write(require('zlib').brotliDecompressSync("
                                   "require('fs').readFileSync(process.argv[1])))", str(original) + ".br"],
                    capture_output=True, check=True).stdout
                self.assertEqual(decoded, original.read_bytes())
            self.assertFalse((site / "tiny.css.br").exists())
            self.assertFalse((site / "tiny.css.gz").exists())
            self.assertFalse((site / "photo.png.gz").exists(), "png is not in the compressible list")

    def test_the_script_and_the_server_agree_on_what_is_compressible(self):
        source = (HERE / "precompress.mjs").read_text(encoding="utf-8")
        listed = re.search(r"const COMPRESSIBLE = \[([^\]]*)\]", source).group(1)
        self.assertEqual(tuple(re.findall(r'"([^"]+)"', listed)), assets.COMPRESSIBLE)


if __name__ == "__main__":
    unittest.main(verbosity=1)
