// The load bench's modes (bench/README.md, "Modes"): what a result file records and what
// bench/pool.mjs compares. One definition for the writer (bench/load.mjs) and the reader.
import { execFileSync } from 'node:child_process';

export const AWS_MODES = ['shared', 'realtime'];

/** `quickack` when this network namespace's loopback routes carry `quickack 1` (bench/quickack.sh), else `plain`. */
export function loopbackOf(routes) {
  return /\bquickack 1\b/.test(routes) ? 'quickack' : 'plain';
}

/** The loopback mode this process runs in, read from the kernel's routes, not from the environment. */
export function currentLoopback() {
  try {
    return loopbackOf(execFileSync('ip', ['route', 'show', 'table', 'local'], { encoding: 'utf8' }));
  } catch {
    return 'plain';
  }
}

/** A result file's mode; a file written before the modes existed ran plain and shared. */
export function modeOf(result) {
  return { loopback: result.loopback ?? 'plain', aws: result.aws ?? 'shared' };
}

export function modeLabel({ loopback, aws }) {
  return `loopback ${loopback}, local AWS ${aws}`;
}
