// The load bench's table: medians of the runs, one column per app, and the issue's targets as
// ratios (figures only: nothing here passes or fails).
import { formatFiles } from './first-load.mjs';

/** The median of the numbers (undefined for none). */
export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return undefined;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const kb = (n) => (n / 1024).toFixed(1);
const ms = (n) => n.toFixed(0);
const ratio = (n) => n.toFixed(2);
const count = (n) => String(n);

/** A static file (script, wasm, style, image): what a page with cached assets finds in its cache. */
const STATIC = /\.(?:js|mjs|wasm|css|png|svg|ico)$/;

/** More than this many bytes of static files over the network: the callback was not "with cached assets". */
export const REFETCH_LIMIT = 1024;

/**
 * Bytes of static files the callback document fetched over the network: Resource Timing's
 * `transferSize`, which is 0 for a file from the cache (and for a cross-origin answer without
 * `Timing-Allow-Origin`). The issue's callback target is "with cached assets"; the peers' bundles
 * were fetched again for eight passes unnoticed (docs/performance.md, the ninth pass).
 */
export function staticRefetched(run) {
  return (run.signIn.resources ?? [])
    .filter((e) => STATIC.test(new URL(e.url).pathname))
    .reduce((sum, e) => sum + (e.transferSize ?? 0), 0);
}

/** The rows: label, how to read the figure from one run, and how to show it. */
const ROWS = [
  ['first load: files', (r) => r.cold.totals.files, count],
  ['first load: raw KB', (r) => r.cold.totals.raw, kb],
  ['first load: gzip -9 KB', (r) => r.cold.totals.gzip, kb],
  ['first load: brotli q11 KB', (r) => r.cold.totals.brotli, kb],
  ['cold: "Sign in" usable, ms', (r) => r.cold.signInMs, ms],
  ['cold: last file received, ms', (r) => r.cold.lastResponseEndMs, ms],
  ['cold: in-page / receive ratio', (r) => r.cold.signInMs / r.cold.lastResponseEndMs, ratio],
  ['cold: CPU task ms', (r) => r.cold.cpu.task, ms],
  ['cold: CPU script ms', (r) => r.cold.cpu.script, ms],
  ['warm: "Sign in" usable, ms', (r) => r.warm.signInMs, ms],
  ['warm: last file received, ms', (r) => r.warm.lastResponseEndMs, ms],
  ['warm: bytes transferred KB', (r) => r.warm.totals.transferred, kb],
  ['warm: CPU task ms', (r) => r.warm.cpu.task, ms],
  ['warm: CPU script ms', (r) => r.warm.cpu.script, ms],
  ['callback → claims, ms', (r) => r.signIn.callbackToClaimsMs, ms],
  ['callback → API answer, ms', (r) => r.signIn.callbackToApiMs, ms],
  ['callback: CPU task ms', (r) => r.signIn.cpu.task, ms],
  ['callback: CPU script ms', (r) => r.signIn.cpu.script, ms],
  ['callback: token requests', (r) => r.signIn.requests.token, count],
  ['callback: API calls / preflights', (r) => `${r.signIn.requests.api} / ${r.signIn.requests.preflights}`, String],
  ['callback: bytes over the network KB', (r) => r.signIn.requests.bytes, kb],
  ['callback: static files fetched again KB', staticRefetched, kb],
  ['signed in: JS heap used KB (after GC)', (r) => r.memory.jsHeapUsed, kb],
  ['signed in: wasm linear memory KB', (r) => r.memory.wasmBytes, kb],
  ['10 API calls: preflights', (r) => r.apiCalls.requests.preflights, count],
  ['10 API calls: median call ms', (r) => median(r.apiCalls.calls), ms],
  ['10 API calls: CPU task ms', (r) => r.apiCalls.cpu.task, ms],
];

/** One app's medians: `{ label: shown figure }`, and the raw medians for the ratios. */
export function summarize(runs) {
  const ok = runs.filter((r) => !r.error);
  const shown = {};
  const values = {};
  for (const [label, read, show] of ROWS) {
    const figures = ok.map((r) => {
      try {
        return read(r);
      } catch {
        return undefined;
      }
    });
    if (figures.some((f) => typeof f === 'string')) {
      // Compound figures ("1 / 1"): the most frequent, since a median of text means nothing.
      const freq = new Map();
      for (const f of figures) freq.set(f, (freq.get(f) ?? 0) + 1);
      shown[label] = [...freq.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '–';
      continue;
    }
    const m = median(figures);
    values[label] = m;
    shown[label] = m === undefined ? '–' : show(m);
  }
  return { shown, values, runs: ok.length, failed: runs.length - ok.length };
}

/** The side-by-side table of medians. */
export function table(summaries, names) {
  const width = Math.max(...ROWS.map(([label]) => label.length));
  const col = Math.max(10, ...names.map((n) => n.length));
  const head = `${'median of runs'.padEnd(width)}  ${names.map((n) => n.padStart(col)).join('  ')}`;
  const runs = `${'runs (ok / failed)'.padEnd(width)}  ${names.map((n) => `${summaries[n].runs} / ${summaries[n].failed}`.padStart(col)).join('  ')}`;
  const lines = [head, '-'.repeat(head.length), runs];
  for (const [label] of ROWS) {
    lines.push(`${label.padEnd(width)}  ${names.map((n) => String(summaries[n].shown[label]).padStart(col)).join('  ')}`);
  }
  return lines.join('\n');
}

/** The issue's targets, read from the medians (portal against the React app). */
export function targets(summaries, portal = 'portal', react = 'react-oidc-context') {
  const p = summaries[portal]?.values;
  if (!p) return '';
  const r = summaries[react]?.values;
  const lines = ['targets of issue #11 (figures, not a verdict):'];
  const gz = p['first load: gzip -9 KB'];
  const br = p['first load: brotli q11 KB'];
  lines.push(`  first load ${kb(gz)} KB gzip (target ≤ 150), ${kb(br)} KB brotli (target ≤ 125)` +
    (r ? `; ${(gz / r['first load: gzip -9 KB']).toFixed(2)}× / ${(br / r['first load: brotli q11 KB']).toFixed(2)}× the React app` : ''));
  lines.push(`  cold "Sign in" in-page / receive ratio ${ratio(p['cold: in-page / receive ratio'])} (target ≤ 2)`);
  if (r) {
    lines.push(`  callback → claims ${ms(p['callback → claims, ms'])} ms vs the React app's ${ms(r['callback → claims, ms'])} ms ` +
      `(${(p['callback → claims, ms'] / r['callback → claims, ms']).toFixed(2)}×; target ≤ 1×)`);
  }
  lines.push(`  10 API calls after sign-in: ${p['10 API calls: preflights']} preflights (target ≤ 1)`);
  for (const [name, summary] of Object.entries(summaries)) {
    const again = summary.values['callback: static files fetched again KB'];
    if (again > REFETCH_LIMIT) {
      lines.push(`  warning: ${name} fetched ${kb(again)} KB of scripts, wasm and styles again in the callback document: ` +
        'its callback figures are not "with cached assets" (how it is served: bench/README.md, "The peers")');
    }
  }
  return lines.join('\n');
}

/** Each app's first-load files, from its first good run (the bytes do not vary between runs). */
export function fileTables(results, names) {
  return names
    .map((name) => {
      const run = results[name].runs.find((r) => !r.error);
      return run ? `${name}: first load, per file\n${formatFiles(run.cold.files)}` : `${name}: no good run`;
    })
    .join('\n\n');
}
