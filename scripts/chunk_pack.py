"""Merges the `signed_in` split and every chunk it needs into one wasm module (issue #11).

`wasm-split-cli` gives each set of splits that share code a chunk of its own, so the `signed_in`
split (the session machinery, the callback, the home page and header) came as 26 modules: its
own and 25 shared chunks. The callback page needs all of them at once, and the 26 `fetch()`
calls alone cost its main thread 20-30 ms in the middle of its start (Chromium does real work
for each call), besides 26 cache reads, compile jobs and instantiations.

Every chunk imports the same three things from the main module (its memory, its function table
and the shared stack pointer, under `__wasm_split`), exports nothing, and installs its functions
into the table with active element segments at fixed offsets (cross-module calls go through the
table). So binaryen's `wasm-merge` (tools/web) can make one module of them: a small hub module
named `__wasm_split` re-exports the three imports, every chunk's imports resolve to it, and the
merged module imports them once (from `main`). One file, one streaming compile, one
instantiation; and merged it is smaller (one type and import section instead of 26, no name
sections): 587 → 514 KB raw, and 238 KB gzip (the 26 files compressed one by one) → 208.

The split loader is rewritten to match: the loader of every merged module (the split's and each
chunk's) instantiates the one merged module, memoized (a failed fetch or compile is forgotten,
so the app's "Try again" fetches it afresh). Each chunk is therefore still instantiated exactly
once, also when a later page needs a chunk it shares with `signed_in`. Every page but the
landing runs in the session machinery, so `signed_in` is always the first split loaded.
"""
import json
import re
import subprocess

# The split whose modules are merged, and the name of its file until hashed.
PACKED_SPLIT = "signed_in"
PACK = f"split_{PACKED_SPLIT}.wasm"
# The module name the merged module imports the main module's memory, table and stack pointer
# from; the loader passes the split loader's own `__wasm_split` imports under it.
MAIN = "main"

# The fetcher `wasm-split-cli` 0.2.4 writes for each file (web target, release).
FETCHER = re.compile(
    r'\(\) => \{\n'
    r'    const src = fetch\(new URL\("\./(?P<file>[^"]+\.wasm)", import\.meta\.url\)\);\n'
    r'    src\.catch\(\(\) => \{\}\);\n'
    r'    return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\n'
    r'\}'
)
CHUNK = re.compile(r'const (?P<var>__chunk_\d+) = makeLoad\(\(\) => \{\n'
                   r'    const src = fetch\(new URL\("\./(?P<file>[^"]+\.wasm)"')
SPLIT = re.compile(r'export const __wasm_split_load_(?P<split>\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\n'
                   r'    const src = fetch\(new URL\("\./(?P<file>[^"]+\.wasm)"[^\[]*\[(?P<deps>[^\]]*)\]')

RUNTIME = """
let merged = undefined;
function instantiateMerged(imports) {
    if (merged === undefined) {
        const loading = WebAssembly.instantiateStreaming(
            fetch(new URL("./%(pack)s", import.meta.url)), { %(main)s: imports.__wasm_split });
        loading.catch(() => {
            if (merged === loading) merged = undefined;
        });
        merged = loading;
    }
    return merged;
}
"""

# The imports every chunk has, as `wasm-dis` prints them (binaryen 132).
IMPORTS = re.compile(
    r'\(import "__wasm_split" "memory" \(memory \$\S+ (?P<memory>\d+(?: \d+)?)\)\)\s*'
    r'\(import "__wasm_split" "__indirect_function_table" \(table \$\S+ (?P<table>\d+(?: \d+)?) funcref\)\)\s*'
    r'\(import "__wasm_split" "__wasm_split_shared0" \(global \$\S+ \(mut i32\)\)\)'
)

HUB = """(module
 (import "%(main)s" "memory" (memory $memory %(memory)s))
 (import "%(main)s" "__indirect_function_table" (table $table %(table)s funcref))
 (import "%(main)s" "__wasm_split_shared0" (global $stack (mut i32)))
 (export "memory" (memory $memory))
 (export "__indirect_function_table" (table $table))
 (export "__wasm_split_shared0" (global $stack))
)
"""


class PackError(Exception):
    pass


def rewrite_link(link):
    """(the loader with every merged module's loader instantiating the merged module, the file
    names of the modules to merge: the split's chunks, then the split's own)."""
    chunks = {m["var"]: m["file"] for m in CHUNK.finditer(link)}
    splits = {m["split"]: m for m in SPLIT.finditer(link)}
    if PACKED_SPLIT not in splits:
        raise PackError(f"the split loader has no split named {PACKED_SPLIT}")
    found = splits[PACKED_SPLIT]
    if found["file"] != PACK:
        raise PackError(f"{PACKED_SPLIT}'s own file is {found['file']}, not {PACK}")
    deps = [d.strip() for d in found["deps"].split(",") if d.strip()]
    if any(d not in chunks for d in deps):
        raise PackError(f"the loader of {PACKED_SPLIT} names a chunk it does not define")
    members = [chunks[d] for d in deps] + [found["file"]]

    replaced = []

    def fetcher(m):
        if m["file"] not in members:
            return m[0]
        replaced.append(m["file"])
        return "() => async (imports) => (instantiateMerged(imports))"

    link = FETCHER.sub(fetcher, link)
    if sorted(replaced) != sorted(members):
        raise PackError(f"found {len(replaced)} of the {len(members)} fetchers to merge: not the "
                        "wasm-split-cli template this expects")
    return link + RUNTIME % {"pack": PACK, "main": MAIN}, members


def merge(members, chunks_dir, work, wasm_dis, wasm_as, wasm_merge, features, keep_names=False):
    """The bytes of one module made of `members` (files in `chunks_dir`), by `wasm-merge`; with
    `keep_names`, the functions' names kept (for a profile)."""
    first = subprocess.run([wasm_dis, chunks_dir / members[-1]], capture_output=True, text=True)
    found = IMPORTS.search(first.stdout) if first.returncode == 0 else None
    if found is None:
        raise PackError(f"{members[-1]} does not import exactly the memory, table and stack "
                        f"pointer this expects{first.stderr}")
    hub_text = work / "hub.wat"
    hub_text.write_text(HUB % {"main": MAIN, "memory": found["memory"], "table": found["table"]})
    hub = work / "hub.wasm"
    out = work / PACK
    command = [wasm_merge, hub, "__wasm_split"]
    for name in members:
        command += [chunks_dir / name, name.removesuffix(".wasm")]
    names = ["-g"] if keep_names else []
    for step in ([wasm_as, hub_text, *features, "-o", hub], [*command, *names, *features, "-o", out]):
        result = subprocess.run(step, capture_output=True, text=True)
        if result.returncode != 0:
            raise PackError(f"{' '.join(map(str, step))} failed:\n{result.stderr[-2000:]}")
    merged = out.read_bytes()
    check = subprocess.run([wasm_dis, out], capture_output=True, text=True)
    imports = re.findall(r'^\s*\(import "([^"]*)" "([^"]*)"', check.stdout, re.M)
    if sorted(imports) != sorted([(MAIN, "memory"), (MAIN, "__indirect_function_table"),
                                  (MAIN, "__wasm_split_shared0")]):
        raise PackError(f"the merged module imports {imports}, not the main module's three")
    return merged
