#!/usr/bin/env node
// The first-load size budget (issue #11, item 6): loads the portal cold in headless Chromium,
// prints every file fetched before "Sign in" is usable with its raw, gzip -9 and brotli q11
// size, and exits 1 when the gzip or the brotli total is over the budget.
//
//   node bench/first-load-budget.mjs --url http://127.0.0.1:8080/ [--budget bench/budget.json] [--json FILE]
//   node bench/first-load-budget.mjs --from FILE [--budget …]   a measurement written by --json, again
//
// Exit codes: 0 within budget, 1 over budget, 2 the page could not be measured.
// bench/budget.sh serves dist/ and runs this; bench/README.md says how the budget is set.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatFiles, instrument, launchChromium, measureFirstLoad } from './lib/first-load.mjs';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    budget: { type: 'string', default: new URL('budget.json', import.meta.url).pathname },
    json: { type: 'string' },
    from: { type: 'string' },
  },
});
if (!args.url === !args.from) {
  console.error('usage: node bench/first-load-budget.mjs (--url URL | --from FILE) [--budget FILE] [--json FILE]');
  process.exit(2);
}

/** The budget file: whole bytes, and why they are what they are. */
function readBudget(file) {
  const budget = JSON.parse(readFileSync(file, 'utf-8'));
  for (const key of ['gzipBytes', 'brotliBytes']) {
    if (!Number.isInteger(budget[key]) || budget[key] <= 0) throw new Error(`${file}: ${key} must be a positive whole number of bytes`);
  }
  return budget;
}

/** Loads the page cold in a fresh browser and measures its first load. */
async function measure(url) {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    await instrument(context);
    return await measureFirstLoad(await context.newPage(), url);
  } finally {
    await browser.close();
  }
}

async function main() {
  const budget = readBudget(args.budget);
  const result = args.from ? JSON.parse(readFileSync(args.from, 'utf-8')) : await measure(args.url);
  const url = result.url ?? args.url;
  const { totals } = result;
  console.log(`first load of ${url}: everything fetched before "Sign in" was usable (${result.signInMs.toFixed(0)} ms)`);
  console.log(formatFiles(result.files));
  const over = [];
  const line = (what, total, limit) => {
    const verdict = total > limit ? 'OVER' : 'within';
    if (total > limit) over.push(what);
    console.log(`${what.padEnd(6)} ${total} bytes, budget ${limit} bytes: ${verdict} (${((total / limit) * 100).toFixed(1)} %)`);
  };
  line('gzip', totals.gzip, budget.gzipBytes);
  line('brotli', totals.brotli, budget.brotliBytes);
  if (args.json) writeFileSync(args.json, JSON.stringify({ ...result, url, budget }, null, 2) + '\n');
  if (over.length) {
    console.error(`xx  the first load is over its budget (${over.join(', ')}); budget file ${args.budget}: ${budget.why ?? ''}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`xx  could not measure the first load: ${error.stack ?? error}`);
    process.exit(2);
  },
);
