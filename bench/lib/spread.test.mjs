// node --test bench/lib/: the callback split and the ratio's interval (bench/lib/spread.mjs).
import assert from 'node:assert/strict';
import test from 'node:test';
import { ratioInterval, split, spreadLines } from './spread.mjs';

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
  assert.match(text, /portal: 1 sign-ins; token request sent 50, round trip 120, answer → claims 30; claims 200/);
  assert.match(text, /portal ÷ react-oidc-context: 0\.909×/);
});
