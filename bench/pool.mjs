// Pools the sign-ins of several load-bench result files (`bench/load.sh` writes one per run, in
// .local/bench/) and prints callback → claims split and ratio over all of them:
//   node bench/pool.mjs .local/bench/load-*.json
// Figures only. Pool runs of the same builds: the files do not say which commit they measured.
// Files of different modes (bench/README.md, "Modes") are refused: their round trips differ by
// the emulator's 80 ms of delayed-ACK stalls or by its waits for the browser's CPU, not by the apps.
import { readFileSync } from 'node:fs';
import { spreadLines } from './lib/spread.mjs';
import { modeLabel, modeOf } from './lib/mode.mjs';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node bench/pool.mjs RESULTS.json...');
  process.exit(2);
}
const pooled = {};
const modes = new Set();
for (const file of files) {
  const result = JSON.parse(readFileSync(file, 'utf8'));
  const { results } = result;
  modes.add(modeLabel(modeOf(result)));
  for (const [name, app] of Object.entries(results ?? {})) {
    (pooled[name] ??= { runs: [] }).runs.push(...(app.runs ?? []));
  }
}
if (modes.size > 1) {
  console.error(`these files mix modes (${[...modes].join('; ')}): pool each mode on its own`);
  process.exit(2);
}
console.log(`${files.length} result file(s), ${[...modes][0]}`);
console.log(spreadLines(pooled));
