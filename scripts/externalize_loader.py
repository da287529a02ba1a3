#!/usr/bin/env python3
"""Trunk post-build hook: move the inline module loader out of index.html.

Trunk 0.21 injects `<script type="module">import init from '/x.js'; ...</script>` inline.
The portal's Content-Security-Policy has `script-src 'self' 'wasm-unsafe-eval'` and no
'unsafe-inline', so the loader must be a same-origin file. The file name carries a content
hash so CloudFront can cache it forever.

The boot script begins with the callback's early code exchange
(crates/leptos-cognito/js/early_exchange.js): it runs before the loader asks for the wasm, which
is the point of it. The whole is minified by terser, as the glue is (scripts/split_wasm.py).
"""
import hashlib
import os
import pathlib
import re
import shutil
import sys

import split_wasm

def main():
    staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
    index = staging / "index.html"
    html = index.read_text(encoding="utf-8")
    pattern = re.compile(r'<script type="module"( nonce="[^"]*")?>(.*?)</script>', re.S)
    matches = list(pattern.finditer(html))
    if len(matches) != 1:
        sys.exit(f"externalize_loader: expected one inline module script in {index}, found {len(matches)}")
    early = (pathlib.Path(__file__).resolve().parent.parent
             / "crates/leptos-cognito/js/early_exchange.js").read_text(encoding="utf-8")
    work = staging.parent / f".boot-{os.getpid()}"
    work.mkdir(exist_ok=True)
    try:
        body = split_wasm.minified(early + matches[0].group(2).strip() + "\n", work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # The name hashes what is served: another terser can never change a file under its name.
    digest = hashlib.sha256(body.encode()).hexdigest()[:16]
    name = f"boot-{digest}.js"
    (staging / name).write_text(body, encoding="utf-8")
    public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
    tag = f'<script type="module" src="{public_url}{name}"></script>'
    html = html[: matches[0].start()] + tag + html[matches[0].end():]
    if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
        sys.exit("externalize_loader: an inline <script> remains in index.html")
    index.write_text(html, encoding="utf-8")
    print(f"externalize_loader: wrote {name}")


if __name__ == "__main__":
    main()
