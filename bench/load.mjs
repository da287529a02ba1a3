#!/usr/bin/env node
// The load bench's browser half (bench/load.sh starts the stack and the servers, then this):
// runs each app N times in headless Chromium, interleaved, and prints the medians side by side.
//
//   node bench/load.mjs --runs 7 --api-base URL --app portal=URL [--app NAME=URL ...]
//        [--skipped NAME=REASON ...] [--aws shared|realtime] [--out FILE]
//
// Prints figures; asserts nothing. Exit code 0 when every app had at least one good run.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from './lib/first-load.mjs';
import { runOnce } from './lib/phases.mjs';
import { fileTables, summarize, table, targets } from './lib/report.mjs';
import { spreadLines } from './lib/spread.mjs';
import { AWS_MODES, currentLoopback, modeLabel } from './lib/mode.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    'api-base': { type: 'string' },
    app: { type: 'string', multiple: true, default: [] },
    skipped: { type: 'string', multiple: true, default: [] },
    out: { type: 'string' },
    // What bench/load.sh did to local AWS (bench/lib/realtime.sh): recorded, not done here.
    aws: { type: 'string', default: 'shared' },
    email: { type: 'string', default: 'demo@example.com' },
    password: { type: 'string', default: 'Demo-Passw0rd!' },
  },
});

/** `NAME=VALUE` pairs, in order. */
const pairs = (list) =>
  list.map((item) => {
    const at = item.indexOf('=');
    if (at < 1) throw new Error(`expected NAME=VALUE, got ${item}`);
    return [item.slice(0, at), item.slice(at + 1)];
  });

async function main() {
  const runs = Number.parseInt(args.runs, 10);
  if (!(runs > 0)) throw new Error('--runs must be a positive number');
  const apps = pairs(args.app).map(([name, url]) => ({ name, url }));
  if (!apps.length) throw new Error('no --app NAME=URL given');
  const skipped = Object.fromEntries(pairs(args.skipped));
  if (!AWS_MODES.includes(args.aws)) throw new Error(`--aws must be one of ${AWS_MODES.join(', ')}`);
  // The mode (bench/README.md, "Modes"), printed before the runs and kept in the result file:
  // figures of different modes do not compare. The loopback is read from the kernel's routes.
  const mode = { loopback: currentLoopback(), aws: args.aws };
  console.log(`load bench: ${modeLabel(mode)}`);
  const options = { api: args['api-base']?.replace(/\/$/, ''), user: { email: args.email, password: args.password } };
  const results = Object.fromEntries(apps.map((a) => [a.name, { url: a.url, runs: [] }]));
  const browser = await launchChromium();
  const started = Date.now();
  try {
    // Interleaved (run 1 of each app, then run 2 …), so a slow spell of a shared machine
    // falls on every app alike.
    for (let run = 1; run <= runs; run += 1) {
      for (const app of apps) {
        try {
          results[app.name].runs.push(await runOnce(browser, app, options));
          process.stderr.write(`run ${run}/${runs} ${app.name}: ok\n`);
        } catch (error) {
          results[app.name].runs.push({ error: String(error.message ?? error).split('\n')[0] });
          process.stderr.write(`run ${run}/${runs} ${app.name}: failed: ${error.message ?? error}\n`);
        }
      }
    }
  } finally {
    await browser.close();
  }
  const names = apps.map((a) => a.name);
  const summaries = Object.fromEntries(names.map((n) => [n, summarize(results[n].runs)]));
  const chromium = browser.version();
  console.log(`\nload bench: ${runs} runs per app, Chromium ${chromium}, ${modeLabel(mode)}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(table(summaries, names));
  for (const [name, reason] of Object.entries(skipped)) console.log(`${name}: not measured: ${reason}`);
  for (const name of names) {
    const errors = results[name].runs.filter((r) => r.error).map((r) => r.error);
    if (errors.length) console.log(`${name}: ${errors.length} failed run(s), first: ${errors[0]}`);
  }
  console.log(`\n${targets(summaries)}\n`);
  console.log(`${spreadLines(results)}\n`);
  console.log(fileTables(results, names));
  if (args.out) {
    mkdirSync(path.dirname(args.out), { recursive: true });
    const medians = Object.fromEntries(names.map((n) => [n, summaries[n].values]));
    writeFileSync(args.out, JSON.stringify({ date: new Date().toISOString(), chromium, ...mode, runs, skipped, medians, results }, null, 2) + '\n');
    console.log(`\nresults (every run, every file): ${args.out}`);
  }
  return names.every((n) => summaries[n].runs > 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`xx  load bench: ${error.stack ?? error}`);
    process.exit(2);
  },
);
