// `node --test bench/pool.test.mjs`: bench/pool.mjs pools result files of one mode and refuses a
// mix (bench/README.md, "Modes"), since the modes' round trips differ by the emulator, not the apps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pool = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pool.mjs');

function withFiles(contents, check) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-test-'));
  try {
    const files = contents.map((content, i) => {
      const file = path.join(dir, `load-${i}.json`);
      writeFileSync(file, JSON.stringify(content));
      return file;
    });
    check(spawnSync(process.execPath, [pool, ...files], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = { results: { portal: { runs: [] } } };

// One run of an app as load.mjs records it, with only what the split reads (ms after the redirect).
const run = (sent, roundTrip, afterAnswer) => ({
  signIn: {
    callbackAskedMs: 0,
    callbackToClaimsMs: sent + roundTrip + afterAnswer,
    resources: [{ url: 'http://127.0.0.1:4566/oauth2/token', startTime: sent, responseEnd: sent + roundTrip }],
  },
});

test('the sign-ins of every file are pooled, app by app (a long round trip against the 10th percentile of all files)', () => {
  const file = (portal, react) => ({ results: { portal: { runs: portal }, 'react-oidc-context': { runs: react } } });
  withFiles([
    file([run(60, 100, 20), run(62, 110, 22)], [run(90, 100, 10)]),
    file([run(64, 140, 24)], [run(92, 104, 8), run(94, 108, 12)]),
  ], (run) => {
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /portal: 3 sign-ins; token request sent 62, round trip 110 \(1 long\), answer → claims 22; claims 194/);
    assert.match(run.stdout, /react-oidc-context: 3 sign-ins; token request sent 92, round trip 104 \(0 long\), answer → claims 10; claims 204/);
  });
});

test('files of one mode pool, and the mode is named (a file from before the modes is plain, shared)', () => {
  withFiles([{ ...results }, { ...results, loopback: 'plain', aws: 'shared' }], (run) => {
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^2 result file\(s\), loopback plain, local AWS shared$/m);
  });
});

test('a quickack file and a plain one are refused', () => {
  withFiles([{ ...results, loopback: 'quickack', aws: 'shared' }, { ...results }], (run) => {
    assert.equal(run.status, 2);
    assert.match(run.stderr, /mix modes/);
    assert.equal(run.stdout, '');
  });
});

test('a real-time file and a shared one are refused', () => {
  withFiles([{ ...results, loopback: 'quickack', aws: 'realtime' }, { ...results, loopback: 'quickack', aws: 'shared' }], (run) => {
    assert.equal(run.status, 2);
    assert.match(run.stderr, /local AWS realtime; loopback quickack, local AWS shared/);
    assert.equal(run.stdout, '');
  });
});
