#!/usr/bin/env python3
"""Serve the built portal on 127.0.0.1 the way CloudFront will: SPA fallback and strict headers.

- Files under --root as they are; a path without a file extension that matches no file gets
  index.html (the SPA fallback), a missing asset gets 404.
- /config.json comes from --config (404 when that file does not exist, which the portal shows as
  a configuration error).
- A file with a `.br` or `.gz` sibling (scripts/precompress.mjs) is sent in that encoding when the
  request's Accept-Encoding allows it (brotli first), with `Vary: Accept-Encoding`; never to a
  client that did not ask, nor for a Range request. The siblings are not served by their own names
  (CloudFront has no such objects either).
- Cache-Control as on CloudFront (scripts/assets.py): hashed assets `immutable` for a year,
  index.html and every unhashed file `no-cache`, /config.json `no-store`. With
  `--immutable-under DIR` every file under that directory is `immutable` too: the load bench's
  peer apps, whose bundler (Vite) names everything in `assets/` by content with a hash our rule
  does not know, as a team deploying them would cache that directory.
- Every response carries the Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval',
  no 'unsafe-inline' anywhere; connect-src lists exactly the origins the config's endpoints live
  on (the hosted UI, the API, the JWKS and the user-pools API), nothing broader. And the other
  security headers of SECURITY_HEADERS: this module is their one definition, which
  deploy/template.yaml's CloudFront policy must repeat (deploy/test_deploy.py checks it).
"""
import argparse
import http.server
import json
import pathlib
import sys
import urllib.parse

import assets


def origin(url):
    """The http(s) origin of `url`, or None: nothing else may become a CSP source."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c in parts.netloc for c in " *;,'@"):
        return None
    return f"{parts.scheme}://{parts.netloc}"


def connect_origins(config_path):
    try:
        config = json.loads(pathlib.Path(config_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(config, dict):
        return []
    urls = [config.get("hostedUiBaseUrl"), config.get("apiBaseUrl")]
    endpoints = config.get("endpoints")
    urls += list(endpoints.values()) if isinstance(endpoints, dict) else []
    return sorted({o for o in (origin(u) for u in urls if isinstance(u, str)) if o})


def csp_directives(connect):
    """The Content-Security-Policy's directives, `connect` the origins connect-src adds to 'self'.

    No `require-trusted-types-for 'script'`: measured in Chromium (issue #13), Leptos 0.8 renders
    the static parts of its views through `<template>.innerHTML` with HTML compiled into the wasm,
    so the first render of the landing already violates it (the header's brand link, the
    signed-out heading); a default policy that let those through would let every string through."""
    connect = " ".join(["'self'", *connect])
    return [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        f"connect-src {connect}",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]


def content_security_policy(config_path):
    return "; ".join(csp_directives(connect_origins(config_path)))


# Powerful features the portal never uses, refused for it and anything it could embed.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in [
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "payment", "usb",
])

# Every response's headers besides the CSP. COOP same-origin: a page that opens the portal in a
# popup gets no handle on its window (the portal opens none; sign-in is a top-level navigation).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
}


def make_handler(root, config_path, immutable_under=None):
    root = pathlib.Path(root).resolve()
    # A directory whose every file is named by its content (a bundler's output), or None. Inside
    # the root only: `..` there would make every file of the site immutable.
    immutable_dir = (root / immutable_under).resolve() if immutable_under else None
    if immutable_dir is not None and root not in immutable_dir.parents:
        raise ValueError(f"--immutable-under {immutable_under!r} is not a directory inside {root}")
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
            if path == "/config.json":
                file = pathlib.Path(config_path)
                if not file.is_file():
                    return self.not_found(head_only)
                return self.send_body(200, "application/json", file.read_bytes(), "no-store", head_only)
            file = self.site_file(path)
            if file is None:
                return self.not_found(head_only)
            siblings = {coding: file.with_name(file.name + ext) for coding, ext in assets.ENCODINGS}
            siblings = {coding: f for coding, f in siblings.items() if f.is_file()}
            # A Range counts bytes of one representation: answer it from the file as it is.
            coding = None if "Range" in self.headers else assets.choose_encoding(
                self.headers.get("Accept-Encoding"), siblings)
            body = (siblings[coding] if coding else file).read_bytes()
            cache = assets.IMMUTABLE if immutable_dir in file.parents else assets.cache_control(file.name)
            self.send_body(200, assets.content_type(file.name), body, cache,
                           head_only, encoding=coding, vary=bool(siblings))

        def site_file(self, path):
            """The file under root for a URL path, index.html for an SPA route, or None (404)."""
            file = (root / urllib.parse.unquote(path).lstrip("/")).resolve()
            if root not in file.parents and file != root:
                return None
            if file.is_dir():
                file = file / "index.html"
            if assets.is_precompressed_sibling(file.name):
                return None
            if not file.is_file():
                file = None if pathlib.PurePosixPath(path).suffix else root / "index.html"
            return file if file is not None and file.is_file() else None

        def not_found(self, head_only):
            self.send_body(404, "text/plain; charset=utf-8", b"Not found\n", "no-store", head_only)

        def send_body(self, status, content_type, body, cache, head_only, encoding=None, vary=False):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if encoding:
                self.send_header("Content-Encoding", encoding)
            if vary:
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("Cache-Control", cache)
            self.send_header("Content-Security-Policy", csp)
            for name, value in SECURITY_HEADERS.items():
                self.send_header(name, value)
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
    parser.add_argument("--immutable-under", metavar="DIR",
                        help="a directory of the root whose every file is content-hashed (a bundler's assets/)")
    args = parser.parse_args()
    handler = make_handler(args.root, args.config, args.immutable_under)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    print(f"serving {args.root} on http://127.0.0.1:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
