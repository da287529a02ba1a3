#!/usr/bin/env python3
"""Tests for scripts/chunk_pack.py on a loader in wasm-split-cli 0.2.4's own format.

The browser side (one request on the callback, no module instantiated twice) is
tests/e2e/specs/chunks.spec.ts; these pin down the rewrite itself, and that a loader of
another shape stops the build instead of being half rewritten.
"""
import json
import pathlib
import re
import tempfile
import unittest

import chunk_pack


def fetcher(name):
    return ("() => {\n"
            f'    const src = fetch(new URL("./{name}", import.meta.url));\n'
            "    src.catch(() => {});\n"
            "    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n"
            "}")


def loader():
    # chunk_1 is shared by both splits, chunk_2 is the tokens split's alone.
    return "\n".join([
        'import { initSync } from "./cognito-portal.js";',
        "/* signed_in, tokens */",
        f"const __chunk_1 = makeLoad({fetcher('chunk_1.wasm')}\n, []);",
        "/* tokens */",
        f"const __chunk_2 = makeLoad({fetcher('chunk_2.wasm')}\n, []);",
        f"export const __wasm_split_load_tokens = wrapAsyncCb(makeLoad({fetcher('split_tokens.wasm')}, [__chunk_1, __chunk_2]));",
        f"export const __wasm_split_load_signed_in = wrapAsyncCb(makeLoad({fetcher('split_signed_in.wasm')}, [__chunk_1]));",
        "",
    ])


class PackTest(unittest.TestCase):
    def setUp(self):
        self.dir = pathlib.Path(tempfile.mkdtemp())
        for name, body in [("chunk_1.wasm", b"AAAA"), ("chunk_2.wasm", b"BB"),
                           ("split_tokens.wasm", b"TT"), ("split_signed_in.wasm", b"SSSSSS")]:
            (self.dir / name).write_bytes(body)

    def test_the_pack_holds_the_split_and_its_chunks_and_their_fetchers_read_it(self):
        link, data, members = chunk_pack.pack(loader(), self.dir)
        self.assertEqual(members, {"chunk_1.wasm", "split_signed_in.wasm"})
        self.assertEqual(data, b"AAAASSSSSS")
        parts = json.loads(re.search(r"const packParts = (\{.*\});", link)[1])
        self.assertEqual(parts, {"chunk_1.wasm": [0, 4], "split_signed_in.wasm": [4, 10]})
        self.assertIn('const src = packed("chunk_1.wasm");', link)
        self.assertIn('const src = packed("split_signed_in.wasm");', link)
        # The pack itself is fetched under the split's own (still unhashed) name, once, and an
        # answer of another length is refused.
        self.assertEqual(link.count('"./split_signed_in.wasm"'), 1)
        self.assertIn("if (bytes.byteLength !== 10) throw", link)

    def test_files_of_other_splits_keep_their_own_fetch(self):
        link, _, _ = chunk_pack.pack(loader(), self.dir)
        self.assertIn('fetch(new URL("./chunk_2.wasm", import.meta.url))', link)
        self.assertIn('fetch(new URL("./split_tokens.wasm", import.meta.url))', link)
        # The tokens split still depends on the packed chunk's loader: one instance of it.
        self.assertIn("[__chunk_1, __chunk_2]", link)

    def test_a_loader_of_another_shape_stops_the_build(self):
        changed = loader().replace("instantiateStreaming(src, imports)", "instantiateStreaming(src, imports, 1)")
        with self.assertRaises(chunk_pack.PackError):
            chunk_pack.pack(changed, self.dir)
        with self.assertRaises(chunk_pack.PackError):
            chunk_pack.pack(loader().replace("__wasm_split_load_signed_in", "__wasm_split_load_other"), self.dir)
        with self.assertRaises(chunk_pack.PackError):
            chunk_pack.pack(loader().replace("[__chunk_1]));", "[__chunk_9]));"), self.dir)


if __name__ == "__main__":
    unittest.main()
