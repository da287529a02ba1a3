// `node --test bench/lib/mode.test.mjs`: the bench's modes as the result files record them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AWS_MODES, loopbackOf, modeLabel, modeOf } from './mode.mjs';

// `ip route show table local` as printed in a namespace of bench/quickack.sh, and outside one.
const QUICKACK = 'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 quickack 1 \n'
  + 'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 quickack 1 \n';
const PLAIN = 'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n'
  + 'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n';

test('the loopback mode is read from the routes', () => {
  assert.equal(loopbackOf(QUICKACK), 'quickack');
  assert.equal(loopbackOf(PLAIN), 'plain');
  assert.equal(loopbackOf(''), 'plain');
  // Another metric's value is not quickack's.
  assert.equal(loopbackOf(PLAIN.replace(' \n', ' quickack 0 \n')), 'plain');
  assert.equal(loopbackOf(PLAIN.replace(' \n', ' quickack 12 \n')), 'plain');
});

test('a result file written before the modes ran plain and shared; a later one says', () => {
  assert.deepEqual(modeOf({ results: {} }), { loopback: 'plain', aws: 'shared' });
  assert.deepEqual(modeOf({ loopback: 'quickack', aws: 'realtime' }), { loopback: 'quickack', aws: 'realtime' });
  assert.equal(modeLabel(modeOf({ loopback: 'quickack' })), 'loopback quickack, local AWS shared');
});

test('the modes load.sh can record', () => {
  assert.deepEqual(AWS_MODES, ['shared', 'realtime']);
});
