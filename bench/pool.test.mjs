// `node --test bench/pool.test.mjs`: bench/pool.mjs pools result files of one mode and refuses a
// mix (bench/README.md, "Modes"), since the modes' round trips differ by the emulator, not the apps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const pool = path.join(path.dirname(new URL(import.meta.url).pathname), 'pool.mjs');

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
  });
});
