#!/usr/bin/env node
// Writes a brotli (`.br`, quality 11) and a gzip (`.gz`, `gzip -9 -n`) sibling beside every
// compressible file of a built site (default dist/), for scripts/serve.py to send to clients that
// accept them.
//
// Node, not Python: node's own zlib has brotli, Python's standard library has only gzip (brotli
// would be one more pip package); node is on every machine the project runs on (Playwright and
// binaryen's wasm-opt run on it). The gzip sibling comes from GNU gzip (Debian's base system):
// 1.5 % smaller than zlib's level 9 on the portal's wasm, and the very bytes the build's size
// report counts (`gzip -9`). `-n` keeps name and time out of the header: same build, same bytes.
//
// Usage: node scripts/precompress.mjs [DIR]
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { execFileSync } from "node:child_process";
import { brotliCompressSync, constants } from "node:zlib";

// Keep in step with COMPRESSIBLE in scripts/assets.py (a test compares them).
const COMPRESSIBLE = [".wasm", ".js", ".mjs", ".css", ".html", ".svg", ".json", ".txt"];
const TEXT = [".js", ".mjs", ".css", ".html", ".svg", ".json", ".txt"];

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

function brotli(bytes, text) {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: text ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

const root = process.argv[2] ?? "dist";
statSync(root); // fail early, with node's message, when the directory is missing
const totals = { raw: 0, gzip: 0, br: 0 };
let count = 0;
for (const path of [...files(root)].sort()) {
  const lower = path.toLowerCase();
  const ext = COMPRESSIBLE.find((e) => lower.endsWith(e));
  if (!ext) continue;
  const bytes = readFileSync(path);
  const variants = { br: brotli(bytes, TEXT.includes(ext)), gz: execFileSync("gzip", ["-9", "-n", "-c"], { input: bytes, maxBuffer: 1 << 30 }) };
  const line = [];
  for (const [suffix, packed] of Object.entries(variants)) {
    // A sibling that saves nothing is not written (tiny files): the server then sends the file as it is.
    if (packed.length < bytes.length) writeFileSync(`${path}.${suffix}`, packed);
    else rmSync(`${path}.${suffix}`, { force: true });
    line.push(`${suffix} ${packed.length}`);
  }
  totals.raw += bytes.length;
  totals.gzip += variants.gz.length;
  totals.br += variants.br.length;
  count += 1;
  console.log(`precompress: ${relative(root, path).padEnd(44)} ${String(bytes.length).padStart(8)} raw, ${line.join(", ")}`);
}
console.log(`precompress: ${count} files, ${totals.raw} bytes raw, ${totals.gzip} gzip, ${totals.br} brotli`);
