#!/usr/bin/env python3
"""Tests for scripts/chunk_pack.py: the loader rewrite on wasm-split-cli 0.2.4's own format, and
the merge on modules shaped like its chunks, run in node; and for split_wasm.optimized, which
passes such chunks through wasm-opt.

The browser side (one request on the callback, no module instantiated twice) is
tests/e2e/specs/chunks.spec.ts; these pin down the rewrite and the merge themselves, and that a
loader or chunk of another shape stops the build instead of being half rewritten.
"""
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import textwrap
import unittest
import unittest.mock

import chunk_pack
import split_wasm


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


def chunk(offset, byte, slot, value):
    """A module shaped like a chunk: the three imports, data at a fixed address, a function put
    into the shared table at a fixed slot, nothing exported."""
    return textwrap.dedent(f"""\
        (module
         (import "__wasm_split" "memory" (memory $m 1))
         (import "__wasm_split" "__indirect_function_table" (table $t 8 funcref))
         (import "__wasm_split" "__wasm_split_shared0" (global $sp (mut i32)))
         (func $f (result i32) (i32.const {value}))
         (elem (i32.const {slot}) $f)
         (data (i32.const {offset}) "{byte}")
        )
        """)


class RewriteTest(unittest.TestCase):
    def test_the_split_and_its_chunks_instantiate_the_merged_module(self):
        link, members = chunk_pack.rewrite_link(loader())
        self.assertEqual(members, ["chunk_1.wasm", "split_signed_in.wasm"])
        self.assertEqual(link.count("() => async (imports) => (instantiateMerged(imports))"), 2)
        # The merged module is fetched under the split's own (still unhashed) name, once.
        self.assertEqual(link.count('"./split_signed_in.wasm"'), 1)

    def test_files_of_other_splits_keep_their_own_fetch(self):
        link, _ = chunk_pack.rewrite_link(loader())
        self.assertIn('fetch(new URL("./chunk_2.wasm", import.meta.url))', link)
        self.assertIn('fetch(new URL("./split_tokens.wasm", import.meta.url))', link)
        # The tokens split still depends on the merged chunk's loader: one instance of it.
        self.assertIn("[__chunk_1, __chunk_2]", link)

    def test_a_loader_of_another_shape_stops_the_build(self):
        for changed in [
            loader().replace("instantiateStreaming(src, imports)", "instantiateStreaming(src, imports, 1)"),
            loader().replace("__wasm_split_load_signed_in", "__wasm_split_load_other"),
            loader().replace("[__chunk_1]));", "[__chunk_9]));"),
        ]:
            with self.assertRaises(chunk_pack.PackError):
                chunk_pack.rewrite_link(changed)


class MergeTest(unittest.TestCase):
    def setUp(self):
        self.dir = pathlib.Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.tools = [split_wasm.tool(name) for name in ("wasm-dis", "wasm-as", "wasm-merge")]

    def build(self, name, text):
        (self.dir / f"{name}.wat").write_text(text)
        subprocess.run([self.tools[1], self.dir / f"{name}.wat", *split_wasm.WASM_FEATURES,
                        "-o", self.dir / f"{name}.wasm"], check=True, capture_output=True)

    def test_the_merged_module_writes_every_chunk_into_the_one_memory_and_table(self):
        self.build("chunk_1", chunk(16, "A", 2, 41))
        self.build("split_signed_in", chunk(32, "B", 5, 42))
        merged = chunk_pack.merge(["chunk_1.wasm", "split_signed_in.wasm"], self.dir, self.dir,
                                  *self.tools, split_wasm.WASM_FEATURES)
        (self.dir / "merged.wasm").write_bytes(merged)
        script = textwrap.dedent(f"""\
            const bytes = require('fs').readFileSync({str(self.dir / 'merged.wasm')!r});
            const memory = new WebAssembly.Memory({{ initial: 1 }});
            const table = new WebAssembly.Table({{ initial: 8, element: 'anyfunc' }});
            const stack = new WebAssembly.Global({{ value: 'i32', mutable: true }}, 0);
            const imports = {{ {chunk_pack.MAIN}: {{ memory, __indirect_function_table: table, __wasm_split_shared0: stack }} }};
            WebAssembly.instantiate(bytes, imports).then(() => {{
              const m = new Uint8Array(memory.buffer);
              console.log(String.fromCharCode(m[16], m[32]), table.get(2)(), table.get(5)());
            }});
            """)
        out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
        self.assertEqual(out.stdout.strip(), "AB 41 42")

    def test_a_module_with_other_imports_stops_the_build(self):
        self.build("split_signed_in", chunk(32, "B", 5, 42).replace('"__wasm_split" "memory"', '"env" "memory"'))
        with self.assertRaises(chunk_pack.PackError):
            chunk_pack.merge(["split_signed_in.wasm"], self.dir, self.dir, *self.tools,
                             split_wasm.WASM_FEATURES)


class OptimizeTest(unittest.TestCase):
    """Chunks through `wasm-opt -Oz` keep what links them to the main module: the imports they use,
    their data at a fixed address and their function at a fixed table slot; a helper with one
    caller is inlined (fewer functions for the browser to compile on first use); each result is
    its own module's."""

    def setUp(self):
        self.dir = pathlib.Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        # Two chunks of different sizes, the smaller first: each must get its own result back.
        self.small = self.build("small", 48, "C", 3, 42, 0)
        self.large = self.build("large", 64, "D", 4, 7, 200)

    def build(self, name, offset, byte, slot, value, padding):
        text = chunk(offset, byte, slot, 0).replace(
            "(func $f (result i32) (i32.const 0))",
            "(func $helper (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))\n"
            " (func $f (result i32) (call $helper (i32.const " + str(value) + ")))")
        if padding:
            text = text.replace('"' + byte + '")', '"' + byte + "x" * padding + '")')
        (self.dir / f"{name}.wat").write_text(text)
        subprocess.run([split_wasm.tool("wasm-as"), self.dir / f"{name}.wat", *split_wasm.WASM_FEATURES,
                        "-o", self.dir / f"{name}.wasm"], check=True, capture_output=True)
        return self.dir / f"{name}.wasm"

    def optimized(self, profile):
        previous = os.environ.get("TRUNK_PROFILE")
        os.environ["TRUNK_PROFILE"] = profile
        try:
            return split_wasm.optimized([self.small, self.large], self.dir)
        finally:
            if previous is None:
                del os.environ["TRUNK_PROFILE"]
            else:
                os.environ["TRUNK_PROFILE"] = previous

    def functions(self, data):
        (self.dir / "out.wasm").write_bytes(data)
        text = subprocess.run([split_wasm.tool("wasm-dis"), self.dir / "out.wasm"], check=True,
                              capture_output=True, text=True).stdout
        # Definitions only, not the `(type … (func …))` lines.
        return len(re.findall(r"^\s*\(func \$", text, re.MULTILINE))

    def run_chunk(self, data, offset, slot):
        """What the chunk wrote at `offset`, what its table slot returns, and what it imports."""
        (self.dir / "opt.wasm").write_bytes(data)
        script = textwrap.dedent(f"""\
            const bytes = require('fs').readFileSync({str(self.dir / 'opt.wasm')!r});
            const memory = new WebAssembly.Memory({{ initial: 1 }});
            const table = new WebAssembly.Table({{ initial: 8, element: 'anyfunc' }});
            const stack = new WebAssembly.Global({{ value: 'i32', mutable: true }}, 0);
            const imports = {{ __wasm_split: {{ memory, __indirect_function_table: table, __wasm_split_shared0: stack }} }};
            const names = WebAssembly.Module.imports(new WebAssembly.Module(bytes)).map((i) => i.name).sort().join(',');
            WebAssembly.instantiate(bytes, imports).then(() => {{
              console.log(String.fromCharCode(new Uint8Array(memory.buffer)[{offset}]), table.get({slot})(), names);
            }});
            """)
        return subprocess.run(["node", "-e", script], capture_output=True, text=True,
                              check=True).stdout.split()

    def test_a_release_build_inlines_and_keeps_the_links(self):
        done = self.optimized("release")
        self.assertEqual(self.functions(self.small.read_bytes()), 2)
        self.assertEqual(self.functions(done[self.small]), 1)
        self.assertEqual(self.functions(done[self.large]), 1)
        self.assertEqual(self.run_chunk(done[self.small], 48, 3), ["C", "43", "__indirect_function_table,memory"])
        self.assertEqual(self.run_chunk(done[self.large], 64, 4), ["D", "8", "__indirect_function_table,memory"])

    def test_other_builds_leave_the_bytes_alone(self):
        done = self.optimized("debug")
        self.assertEqual(done, {self.small: self.small.read_bytes(), self.large: self.large.read_bytes()})

    def test_only_chunks_at_the_threshold_or_over_are_taken(self):
        limit = self.small.stat().st_size + 1
        with unittest.mock.patch.object(split_wasm, "OPTIMIZE_MIN_BYTES", limit):
            self.assertEqual(split_wasm.worth_optimizing([self.small, self.large]), [self.large])
        with unittest.mock.patch.object(split_wasm, "OPTIMIZE_MIN_BYTES", limit - 1):
            self.assertEqual(split_wasm.worth_optimizing([self.small, self.large]), [self.small, self.large])


if __name__ == "__main__":
    unittest.main()
