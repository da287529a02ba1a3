"""Packs the `signed_in` split and every chunk it needs into one file (issue #11).

`wasm-split-cli` gives each set of splits that share code a chunk of its own, so the `signed_in`
split (the session machinery, the callback, the home page and header) came as 26 files: its own
and 25 shared chunks. The callback page needs all of them at once, and 26 `fetch()` calls cost
the page's main thread 20-30 ms in the middle of its start (Chromium does real work for each
call), besides 26 HTTP cache reads and compile jobs.

So the files `signed_in` needs are concatenated here into one, served under the split's own name
(`split_signed_in-<hash>.wasm`, `application/wasm` so the server and CloudFront compress it), and
the split loader is rewritten to fetch it once and compile each module from its part:
- a packed module's fetcher takes its bytes from the pack (fetched once, memoized; a failed
  fetch is forgotten, so the app's "Try again" fetches it afresh), and instantiates them with
  `WebAssembly.instantiate`: each module is still instantiated once, by the loader of its own
  chunk, so a chunk another split needs too is never instantiated twice;
- every other split's own chunks are fetched one by one, as before. Every page but the landing
  runs in the session machinery, so `signed_in` is always the first split loaded: the chunks it
  shares with a later page are in place when that page loads.

No byte is added: the pack holds exactly the files it replaces.
"""
import json
import re

# The split whose files travel together, and the placeholder name its pack has until hashed.
PACKED_SPLIT = "signed_in"
PACK = f"split_{PACKED_SPLIT}.wasm"

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
const packParts = %(parts)s;
let pack = undefined;
function packed(file) {
    if (pack === undefined) {
        const loading = fetch(new URL("./%(pack)s", import.meta.url)).then((response) => {
            if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
            return response.arrayBuffer();
        }).then((bytes) => {
            // A short answer is a failed load (forgotten below), never a half-read module.
            if (bytes.byteLength !== %(length)d) throw new Error("./%(pack)s: incomplete");
            return bytes;
        });
        loading.catch(() => {
            if (pack === loading) pack = undefined;
        });
        pack = loading;
    }
    const [start, end] = packParts[file];
    return pack.then((bytes) => new Uint8Array(bytes, start, end - start));
}
"""


class PackError(Exception):
    pass


def pack(link, chunks_dir):
    """(the rewritten loader, the pack's bytes, the file names it holds) for `PACKED_SPLIT`."""
    chunks = {m["var"]: m["file"] for m in CHUNK.finditer(link)}
    splits = {m["split"]: m for m in SPLIT.finditer(link)}
    if PACKED_SPLIT not in splits:
        raise PackError(f"the split loader has no split named {PACKED_SPLIT}")
    found = splits[PACKED_SPLIT]
    deps = [d.strip() for d in found["deps"].split(",") if d.strip()]
    if any(d not in chunks for d in deps):
        raise PackError(f"the loader of {PACKED_SPLIT} names a chunk it does not define")
    members = [chunks[d] for d in deps] + [found["file"]]
    if found["file"] != PACK:
        raise PackError(f"{PACKED_SPLIT}'s own file is {found['file']}, not {PACK}")

    parts, data = {}, bytearray()
    for name in members:
        body = (chunks_dir / name).read_bytes()
        parts[name] = [len(data), len(data) + len(body)]
        data += body

    replaced = []

    def fetcher(m):
        if m["file"] not in parts:
            return m[0]
        replaced.append(m["file"])
        return ("() => {\n"
                f"    const src = packed({json.dumps(m['file'])});\n"
                "    return async (imports) => (WebAssembly.instantiate(await src, imports));\n"
                "}")

    link = FETCHER.sub(fetcher, link)
    if sorted(replaced) != sorted(members):
        raise PackError(f"found {len(replaced)} of the {len(members)} fetchers to pack: not the "
                        "wasm-split-cli template this expects")
    runtime = RUNTIME % {"parts": json.dumps(parts, separators=(",", ":")), "pack": PACK,
                         "length": len(data)}
    return link + runtime, bytes(data), set(members)
