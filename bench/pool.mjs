// Pools the sign-ins of several load-bench result files (`bench/load.sh` writes one per run, in
// .local/bench/) and prints callback → claims split and ratio over all of them:
//   node bench/pool.mjs .local/bench/load-*.json
// Figures only. Pool runs of the same builds: the files do not say which commit they measured.
import { readFileSync } from 'node:fs';
import { spreadLines } from './lib/spread.mjs';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node bench/pool.mjs RESULTS.json...');
  process.exit(2);
}
const pooled = {};
for (const file of files) {
  const { results } = JSON.parse(readFileSync(file, 'utf8'));
  for (const [name, app] of Object.entries(results ?? {})) {
    (pooled[name] ??= { runs: [] }).runs.push(...(app.runs ?? []));
  }
}
console.log(`${files.length} result file(s)`);
console.log(spreadLines(pooled));
