#!/usr/bin/env python3
"""Trunk post-build hook: split the wasm into lazily loaded chunks (what cargo-leptos does).

Trunk 0.21 cannot split wasm (trunk-rs/trunk#1022), so this hook redoes its last step the way
cargo-leptos does: it takes cargo's raw wasm (linked with `--emit-relocs`, see
.cargo/config.toml), runs the split CLI from `wasm_split_cli_support` (its version matches
leptos's `wasm_split_helpers`), then `wasm-bindgen --keep-lld-exports` over the main module, and
replaces Trunk's glue and wasm in the staging dir with the results.

Every file gets a content-hashed name so CloudFront and the local server can cache it forever,
and index.html's preload links get fresh SRI hashes. The glue and the split loader import each
other, so each name hashes the *inputs* that determine the file's final text (the rewriting is a
pure function of them): any change in any input changes the names.

Runs before scripts/externalize_loader.py, which then moves Trunk's inline loader into a file.
"""
import base64
import concurrent.futures
import hashlib
import os
import pathlib
import re
import shutil
import subprocess
import sys

import chunk_pack

CRATE = "cognito-portal"
# SPLIT_KEEP_NAMES=1 keeps the functions' names in every module, for a profile
# (docs/performance.md).
KEEP_NAMES = os.environ.get("SPLIT_KEEP_NAMES") == "1"
LINK = "__wasm_split.js"


def fail(message):
    sys.exit(f"split_wasm: {message}")


def short_hash(*parts):
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:16]


def sri(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def run(*command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{' '.join(map(str, command))} failed:\n{result.stdout}{result.stderr}")


def raw_wasm():
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", "target"))
    profile = "release" if os.environ.get("TRUNK_PROFILE") == "release" else "debug"
    path = target / "wasm32-unknown-unknown" / profile / f"{CRATE}.wasm"
    if not path.is_file():
        fail(f"cargo's wasm is not at {path}")
    return path


# The features rustc 1.95 enables for wasm32-unknown-unknown, named for wasm-opt: cargo's wasm
# keeps no `target_features` section here (strip = true), so wasm-opt cannot read them.
WASM_FEATURES = ["--enable-bulk-memory", "--enable-bulk-memory-opt",
                 "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals",
                 "--enable-multivalue", "--enable-reference-types", "--enable-call-indirect-overlong"]


def tool(name):
    path = pathlib.Path(__file__).resolve().parent.parent / "tools/web/node_modules/.bin" / name
    if not path.is_file():
        fail(f"{path} is missing: run `bash scripts/setup.sh`")
    return path


# Chunks smaller than this (raw, as cargo and the merge leave them) stay as they are: `wasm-opt`
# (binaryen on node) costs about a second of CPU to start per module whatever its size. The four
# above it save 16.6 KB gzip for about 8 s more per release build; the next three (`profile`,
# `session`, the largest shared chunk) would save 4.1 KB for 5 s more (measured: 23 against 18 s),
# and the 16 smaller ones 6.5 KB at about a second each, against the first run's budget
# (docs/performance.md).
OPTIMIZE_MIN_BYTES = 64 * 1024


def worth_optimizing(chunks):
    """The chunks `optimized` should take: those of `OPTIMIZE_MIN_BYTES` or more."""
    return [chunk for chunk in chunks if chunk.stat().st_size >= OPTIMIZE_MIN_BYTES]


def optimized(paths, work):
    """Each module's bytes after `wasm-opt -Oz` (binaryen from npm, tools/web), side by side on
    the machine's cores: `{path: bytes}`. Release builds only (it takes seconds); otherwise the
    files as they are.

    Each stays valid beside the others: the main module keeps every export the chunks link
    against (the table, the memory, the shared functions), and a chunk keeps the imports of them
    it uses and the element segments that install its functions into the table at fixed offsets
    (scripts/test_chunk_pack.py, `OptimizeTest`).

    The large chunks too, not only the first load's module (the seventh pass,
    docs/performance.md): rustc's `opt-level = "z"` leaves many small functions that binaryen
    inlines into their one caller, and Chromium compiles each wasm function the first time it
    runs, so the `signed_in` module went from 4,008 functions to 2,391 and the callback compiles
    about 580 instead of 1,020 after the token answer; `signed_in` 203.0 → 193.5 KB gzip,
    `account` 70.6 → 66.3, the four chunks above `OPTIMIZE_MIN_BYTES` 351.3 → 334.6 in all."""
    if os.environ.get("TRUNK_PROFILE") != "release":
        return {path: path.read_bytes() for path in paths}
    names = ["-g"] if KEEP_NAMES else []

    def one(index, path):
        out = work / f"opt-{index}.wasm"
        run(tool("wasm-opt"), "-Oz", *names, *WASM_FEATURES, path, "-o", out)
        return path, out.read_bytes()

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(os.sched_getaffinity(0)) or 2) as pool:
        # Largest first, so the longest job is not the last to start.
        order = sorted(paths, key=lambda p: p.stat().st_size, reverse=True)
        return dict(pool.map(lambda item: one(*item), enumerate(order)))


def minified(text, work):
    """The JS minified by terser (tools/web, installed by scripts/setup.sh): Trunk's own
    `minify = "on_release"` breaks its loader, so the glue is minified here, after the names in
    it are final. The file names hash the text before minifying, a pure function of it."""
    terser = tool("terser")
    source = work / "minify-in.js"
    source.write_text(text, encoding="utf-8")
    result = subprocess.run([terser, source, "--module", "--compress", "passes=2", "--mangle"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"terser failed:\n{result.stderr}")
    return result.stdout


def main():
    staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
    public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
    work = staging.parent / f".split-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        split(staging, public_url, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def split(staging, public_url, work):
    index = staging / "index.html"
    html = index.read_text(encoding="utf-8")
    trunk_js = sorted(staging.glob(f"{CRATE}-*.js"))
    trunk_wasm = sorted(staging.glob(f"{CRATE}-*_bg.wasm"))
    if len(trunk_js) != 1 or len(trunk_wasm) != 1:
        fail(f"expected one {CRATE} glue and wasm from Trunk in {staging}")

    chunks_dir = work / "chunks"
    run("wasm-split-cli", raw_wasm(), chunks_dir, "--out-name", CRATE)
    bindgen_dir = work / "bindgen"
    names = [] if KEEP_NAMES else ["--remove-name-section"]
    run("wasm-bindgen", "--target", "web", "--no-typescript", "--keep-lld-exports",
        *names, "--remove-producers-section",
        "--out-dir", bindgen_dir, "--out-name", CRATE, chunks_dir / f"{CRATE}.wasm")

    # The `signed_in` split's modules merged into one (scripts/chunk_pack.py), then every file
    # a content-hashed name, and the loader pointed at them.
    try:
        link, members = chunk_pack.rewrite_link((chunks_dir / LINK).read_text(encoding="utf-8"))
        packed = chunk_pack.merge(members, chunks_dir, work, tool("wasm-dis"), tool("wasm-as"),
                                  tool("wasm-merge"), WASM_FEATURES, keep_names=KEEP_NAMES)
    except chunk_pack.PackError as error:
        fail(str(error))
    for name in members:
        (chunks_dir / name).unlink()
    (chunks_dir / chunk_pack.PACK).write_bytes(packed)
    chunk_names = {}
    chunks = [c for c in sorted(chunks_dir.glob("*.wasm")) if c.name != f"{CRATE}.wasm"]
    main_wasm = bindgen_dir / f"{CRATE}_bg.wasm"
    done = optimized([main_wasm, *worth_optimizing(chunks)], work)
    for chunk in chunks:
        data = done[chunk] if chunk in done else chunk.read_bytes()
        hashed = f"{chunk.stem}-{short_hash(data)}.wasm"
        (staging / hashed).write_bytes(data)
        chunk_names[chunk.name] = hashed
        if f'"./{chunk.name}"' not in link:
            fail(f"the split loader does not name {chunk.name}")
        link = link.replace(f'"./{chunk.name}"', f'"./{hashed}"')

    glue = (bindgen_dir / f"{CRATE}.js").read_text(encoding="utf-8")
    wasm = done[main_wasm]
    # The glue's final text imports the loader by its name, which hashes the loader's text: so
    # the glue's name hashes that text too, or a loader that changed alone (another split tool,
    # another rewrite here) would leave an immutable glue of the same name importing another.
    glue_name = f"{CRATE}-{short_hash(glue.encode(), wasm, link.encode())}.js"
    wasm_name = glue_name[:-3] + "_bg.wasm"
    link_name = f"__wasm_split-{short_hash(link.encode(), glue_name.encode())}.js"

    main_import = f'from "./{CRATE}.js"'
    if link.count(main_import) != 1:
        fail("the split loader does not import the glue exactly once")
    link = link.replace(main_import, f'from "./{glue_name}"')
    glue_import = re.compile(r"""(from\s*)(['"])\./__wasm_split\.js\2""")
    glue, count = glue_import.subn(lambda m: f"{m.group(1)}'./{link_name}'", glue)
    if count == 0:  # one import per split point, all of the same module
        fail("the glue does not import the split loader")

    for old in trunk_js + trunk_wasm:
        old.unlink()
    (staging / glue_name).write_text(minified(glue, work), encoding="utf-8")
    (staging / wasm_name).write_bytes(wasm)
    (staging / link_name).write_text(minified(link, work), encoding="utf-8")

    html = rewrite_index(html, public_url, trunk_js[0].name, trunk_wasm[0].name,
                         staging, glue_name, wasm_name, link_name)
    index.write_text(html, encoding="utf-8")
    sizes = ", ".join(f"{name} {(staging / name).stat().st_size} B"
                      for name in [wasm_name, *chunk_names.values()])
    print(f"split_wasm: {len(chunk_names)} chunks; {sizes}")


def rewrite_index(html, public_url, old_js, old_wasm, staging, glue_name, wasm_name, link_name):
    """Points index.html at the new files, with fresh integrity hashes, and preloads the split
    loader (the glue imports it statically: without the hint it would cost a round trip)."""
    for old, new in [(old_js, glue_name), (old_wasm, wasm_name)]:
        if html.count(old) < 2:  # the preload link and the loader script
            fail(f"index.html does not reference {old} as expected")
        html = html.replace(old, new)

    def integrity(match):
        name = match.group(1).rsplit("/", 1)[-1]
        return f'href="{match.group(1)}"{match.group(2)}integrity="{sri((staging / name).read_bytes())}"'

    html = re.sub(r'href="([^"]+\.(?:js|wasm))"([^>]*?)integrity="[^"]*"', integrity, html)
    link_bytes = (staging / link_name).read_bytes()
    hint = (f'<link rel="modulepreload" href="{public_url}{link_name}" crossorigin="anonymous" '
            f'integrity="{sri(link_bytes)}">')
    return html.replace("</head>", hint + "</head>", 1)


if __name__ == "__main__":
    main()
