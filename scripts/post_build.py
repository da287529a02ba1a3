#!/usr/bin/env python3
"""Trunk's post-build hook, in order: split the wasm, externalize the loader, then defer the
signed-in stylesheet (scripts/defer_styles.py).

Trunk 0.21 starts every hook of a stage at once, so two hooks that rewrite index.html would
race; this one runs them one after the other.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import defer_styles  # noqa: E402
import externalize_loader  # noqa: E402
import split_wasm  # noqa: E402

split_wasm.main()
externalize_loader.main()
defer_styles.main()
