// node --test bench/lib/: the callback split and the ratio's interval (bench/lib/spread.mjs).
import assert from 'node:assert/strict';
import test from 'node:test';
import { fastRoundTrip, LONG_ROUND_TRIP_MS, longRoundTrips, ratioInterval, split, spreadLines } from './spread.mjs';

const signIn = (sent, roundTrip, claims) => ({
  callbackAskedMs: 10,
  callbackToClaimsMs: claims,
  resources: [
    { url: 'http://127.0.0.1:8080/config.json', startTime: 12, responseEnd: 14 },
    { url: 'http://127.0.0.1:4566/oauth2/token', startTime: 10 + sent, responseEnd: 10 + sent + roundTrip },
  ],
});

test('a sign-in splits into the request, its round trip and the time after its answer', () => {
  assert.deepEqual(split(signIn(50, 120, 200)), { sent: 50, roundTrip: 120, afterAnswer: 30, claims: 200 });
  assert.equal(split({ callbackToClaimsMs: 200, resources: [] }), undefined);
  assert.equal(split(undefined), undefined);
});

test('the interval holds the ratio, and says how often a resample reaches 1×', () => {
  const fast = [190, 195, 200, 205, 210, 215, 220];
  const slow = [230, 235, 240, 245, 250, 255, 260];
  const r = ratioInterval(fast, slow);
  assert.equal(r.ratio, 205 / 245);
  assert.ok(r.low <= r.ratio && r.ratio <= r.high, JSON.stringify(r));
  assert.equal(r.atOrOver1, 0);
  assert.equal(ratioInterval(slow, fast).atOrOver1, 1);
  // Spread-out sign-ins, seed 1: the 2.5 % and 97.5 % points of 2000 resamples and the share at or
  // over 1×, pinned (swapped or shifted quantiles give other values); another seed moves the share.
  const wide = [100, 140, 180, 220, 260, 300, 340, 380, 420];
  const even = [200, 210, 220, 230, 240, 250, 260, 270, 280];
  const w = ratioInterval(wide, even);
  assert.deepEqual([w.ratio, w.low, w.high, w.atOrOver1], [260 / 240, 160 / 240, 340 / 220, 0.654]);
  assert.notEqual(ratioInterval(wide, even, 2000, 2).atOrOver1, w.atOrOver1);
  const same = ratioInterval([200, 200, 200], [200, 200, 200]);
  assert.deepEqual([same.ratio, same.low, same.high, same.atOrOver1], [1, 1, 1, 1]);
  assert.deepEqual(ratioInterval(fast, slow), r, 'seeded: the same sign-ins give the same interval');
  assert.equal(ratioInterval([], slow), undefined);
});

test('the lines name each app and the ratio, and leave out failed runs', () => {
  const results = {
    portal: { runs: [{ signIn: signIn(50, 120, 200) }, { error: 'timeout' }] },
    'react-oidc-context': { runs: [{ signIn: signIn(100, 110, 220) }] },
  };
  const text = spreadLines(results);
  assert.match(text, /portal: 1 sign-ins; token request sent 50, round trip 120 \(0 long\), answer → claims 30; claims 200/);
  assert.match(text, /portal ÷ react-oidc-context: 0\.909×/);
});

test('a round trip is long from LONG_ROUND_TRIP_MS over the run\'s 10th percentile, every app counted', () => {
  const rows = [100, 129, 130, 170].map((roundTrip) => ({ roundTrip }));
  assert.equal(LONG_ROUND_TRIP_MS, 30);
  assert.equal(longRoundTrips(rows, 100), 2);
  assert.equal(longRoundTrips(rows, 140), 1);
  // One odd fast answer among eleven does not set the base; the 10th percentile is the second.
  const odd = [81, 100, 101, 102, 103, 104, 105, 106, 107, 108, 140].map((roundTrip) => ({ roundTrip }));
  assert.equal(fastRoundTrip(odd), 100);
  assert.equal(longRoundTrips(odd, fastRoundTrip(odd)), 1);
  const results = {
    portal: { runs: [{ signIn: signIn(50, 150, 230) }, { signIn: signIn(50, 125, 200) }] },
    'react-oidc-context': { runs: [{ signIn: signIn(100, 110, 220) }, { signIn: signIn(100, 120, 230) }] },
  };
  // The base is the React app's 110, with the other app's round trips counted: the portal's 150
  // is long, its 125 is not.
  assert.match(spreadLines(results), /portal: 2 sign-ins; token request sent 50, round trip 138 \(1 long\)/);
  assert.match(spreadLines(results), /react-oidc-context: 2 sign-ins; token request sent 100, round trip 115 \(0 long\)/);
});
