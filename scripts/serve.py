#!/usr/bin/env python3
"""Serve the built portal on 127.0.0.1 the way CloudFront will: SPA fallback and strict headers.

- Files under --root as they are; a path without a file extension that matches no file gets
  index.html (the SPA fallback), a missing asset gets 404.
- /config.json comes from --config (404 when that file does not exist, which the portal shows as
  a configuration error).
- Every response carries the Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval',
  no 'unsafe-inline' anywhere; connect-src lists the origins the config's endpoints live on.
"""
import argparse
import http.server
import json
import pathlib
import sys
import urllib.parse


def origin(url):
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def connect_origins(config_path):
    try:
        config = json.loads(pathlib.Path(config_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    urls = [config.get("hostedUiBaseUrl"), config.get("apiBaseUrl")]
    urls += list((config.get("endpoints") or {}).values())
    return sorted({o for o in (origin(u) for u in urls if isinstance(u, str)) if o})


def content_security_policy(config_path):
    connect = " ".join(["'self'"] + connect_origins(config_path))
    return "; ".join([
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        f"connect-src {connect}",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])


TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}


def make_handler(root, config_path):
    root = pathlib.Path(root).resolve()
    # The config is written before the server starts; restart the server after changing it
    # (CloudFront's response-headers policy is just as static).
    csp = content_security_policy(config_path)

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "portal-local"
        sys_version = ""

        def do_HEAD(self):  # noqa: N802 - http.server naming
            self.respond(head_only=True)

        def do_GET(self):  # noqa: N802
            self.respond(head_only=False)

        def respond(self, head_only):
            path = urllib.parse.urlsplit(self.path).path
            cache = "public, max-age=31536000, immutable"
            if path == "/config.json":
                file, cache = pathlib.Path(config_path), "no-store"
            else:
                file = (root / urllib.parse.unquote(path).lstrip("/")).resolve()
                if root not in file.parents and file != root:
                    file = None
                elif file.is_dir():
                    file = file / "index.html"
                if file is None or not file.is_file():
                    file = None if pathlib.PurePosixPath(path).suffix else root / "index.html"
                if file is not None and file.name == "index.html":
                    cache = "no-cache"
            if file is None or not file.is_file():
                return self.send_body(404, "text/plain; charset=utf-8", b"Not found\n", "no-store", head_only)
            self.send_body(200, TYPES.get(file.suffix, "application/octet-stream"), file.read_bytes(), cache, head_only)

        def send_body(self, status, content_type, body, cache, head_only):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", cache)
            self.send_header("Content-Security-Policy", csp)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("X-Frame-Options", "DENY")
            self.send_header("Referrer-Policy", "no-referrer")
            self.end_headers()
            if not head_only:
                self.wfile.write(body)

        def log_request(self, code="-", size="-"):
            # Query strings may carry an authorization code: log the path only.
            path = urllib.parse.urlsplit(self.path).path
            sys.stderr.write(f"{self.log_date_time_string()} {self.command} {path} {code}\n")

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default="dist")
    parser.add_argument("--config", default=".local/config.json")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.root, args.config))
    print(f"serving {args.root} on http://127.0.0.1:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
