// The report's guard on "with cached assets": a callback document that fetched its static files
// again is named, one that found them in the cache is not. Run: node --test bench/lib/report.test.mjs
import assert from 'node:assert/strict';
import test from 'node:test';
import { REFETCH_LIMIT, staticRefetched, summarize, targets } from './report.mjs';

/** One run as runOnce records it, with what targets() reads and the callback's resources. */
const run = (resources) => ({
  cold: { totals: { gzip: 100_000, brotli: 90_000 }, signInMs: 200, lastResponseEndMs: 150 },
  signIn: { callbackToClaimsMs: 200, resources },
  apiCalls: { requests: { preflights: 0 } },
});
const origin = 'http://127.0.0.1:8081';
const cached = [
  { url: `${origin}/assets/index-7tR8TVUz.js`, transferSize: 0 },
  { url: `${origin}/config.json`, transferSize: 900 },
  // Cross-origin answers without Timing-Allow-Origin show 0, whatever they carried.
  { url: 'http://127.0.0.1:4566/pool/.well-known/jwks.json', transferSize: 0 },
];
const fetchedAgain = [{ url: `${origin}/assets/index-7tR8TVUz.js?v=1`, transferSize: 290_100 }, ...cached.slice(1)];

test('only static files count, and a file from the cache counts nothing', () => {
  assert.equal(staticRefetched(run(cached)), 0);
  assert.equal(staticRefetched(run(fetchedAgain)), 290_100);
  assert.equal(staticRefetched({ signIn: {} }), 0);
});

test('the targets name an app whose callback fetched its bundle again, and only that app', () => {
  const summaries = {
    portal: summarize([run(cached), run(cached)]),
    'react-oidc-context': summarize([run(fetchedAgain), run(fetchedAgain)]),
  };
  const text = targets(summaries);
  assert.match(text, /warning: react-oidc-context fetched 283\.3 KB of scripts, wasm and styles again in the callback document/);
  assert.doesNotMatch(text, /warning: portal/);
});

test('a revalidation of a few headers stays under the limit', () => {
  const revalidated = [{ url: `${origin}/app.js`, transferSize: 300 }, { url: `${origin}/app.css`, transferSize: 300 }];
  assert.ok(staticRefetched(run(revalidated)) <= REFETCH_LIMIT);
  assert.doesNotMatch(targets({ portal: summarize([run(revalidated)]) }), /warning/);
});
