#!/usr/bin/env python3
"""Trunk post-build step: keep the signed-in views' stylesheet out of the first load.

Trunk builds `style/signed-in.css` like `main.css`: a hashed file (`signed-in-<hash>.css`, so it
is served `immutable` and precompressed like the rest) linked from index.html with its SRI
`integrity`. A `<link rel="stylesheet">` with the `disabled` attribute is not fetched (HTML,
"link type stylesheet"), so this step marks that link `disabled` and gives it the id
`signed-in-styles`; `src/signed_in_styles.rs` removes the attribute when the session machinery
loads, and the browser fetches and applies it then, with the same integrity check and under
`style-src 'self'`. A lone signed-out visitor only gets it preloaded (a `rel="preload"` link with the
same address and integrity): in the HTTP cache, never applied to the landing, whose header and cards
it would restyle.
"""
import os
import pathlib
import re
import sys

ID = "signed-in-styles"


def main():
    staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
    index = staging / "index.html"
    html = index.read_text(encoding="utf-8")
    pattern = re.compile(r'<link rel="stylesheet" href="([^"]*/signed-in-[0-9a-f]+\.css)"')
    found = pattern.findall(html)
    if len(found) != 1:
        sys.exit(f"defer_styles: expected one signed-in stylesheet link in {index}, found {len(found)}")
    html = pattern.sub(lambda m: f'<link rel="stylesheet" id="{ID}" disabled href="{m.group(1)}"', html)
    index.write_text(html, encoding="utf-8")
    print(f"defer_styles: {found[0]} is fetched with the signed-in chunk")


if __name__ == "__main__":
    main()
