// What a first load is, measured once for the load bench (bench/load.mjs) and the size budget
// (bench/first-load-budget.mjs): one definition, so the budget and the bench's table agree.
//
// The first load is every response the page received from navigation start until a button
// whose accessible name is "Sign in" is visible and enabled. File names are never assumed: a
// split build's boot script, glue, link module, chunks, CSS, icon and /config.json are counted
// because the browser fetched them, whatever they are called.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';

// The e2e suite's Playwright install (tests/e2e/node_modules): no second copy, no browser download.
const require = createRequire(new URL('../../tests/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

/** Debian's Chromium, headless, with the e2e suite's switches (no background traffic). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The elements the page marks are taken for: the portal's, and the peers' (the same markup). */
export const DEFAULT_MARKS = {
  signIn: 'Sign in',
  claims: 'table.claims tbody tr',
  api: '.api-me .api-data',
};

/**
 * Runs in every document of the context before the page's own scripts: records in
 * `window.__benchMarks` the `performance.now()` at which "Sign in" became usable, the claims
 * table got a row and the API's answer appeared. A MutationObserver sees each DOM change as it
 * happens (before the next paint), so no polling interval is added to the times.
 */
function installMarks(marks) {
  const found = {};
  Object.defineProperty(window, '__benchMarks', { value: found });
  const nameOf = (el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
  const usable = (el) => {
    if (el.disabled || el.getAttribute('aria-disabled') === 'true' || nameOf(el) !== marks.signIn) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && el.checkVisibility({ visibilityProperty: true });
  };
  const check = () => {
    const now = performance.now();
    if (found.signIn === undefined && Array.from(document.querySelectorAll('button')).some(usable)) found.signIn = now;
    if (found.claims === undefined && document.querySelector(marks.claims)) found.claims = now;
    if (found.api === undefined && document.querySelector(marks.api)) found.api = now;
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/**
 * Runs in every document before the page's scripts: keeps each WebAssembly.Memory an instance
 * exports (or the page creates), so the bench can read the linear memory's size after sign-in
 * without knowing the app's bindings. Wraps the WebAssembly entry points; changes no result.
 */
function installWasmMemoryProbe() {
  const memories = new Set();
  Object.defineProperty(window, '__benchWasmMemories', { value: memories });
  const note = (instance) => {
    for (const value of Object.values(instance?.exports ?? {})) {
      if (value instanceof WebAssembly.Memory) memories.add(value);
    }
  };
  const W = WebAssembly;
  const instantiate = W.instantiate;
  W.instantiate = async function (...args) {
    const result = await instantiate.apply(this, args);
    note(result instanceof W.Instance ? result : result.instance);
    return result;
  };
  const streaming = W.instantiateStreaming;
  if (streaming) {
    W.instantiateStreaming = async function (...args) {
      const result = await streaming.apply(this, args);
      note(result.instance);
      return result;
    };
  }
  const Memory = W.Memory;
  W.Memory = new Proxy(Memory, {
    construct(target, args, newTarget) {
      const memory = Reflect.construct(target, args, newTarget);
      memories.add(memory);
      return memory;
    },
  });
  W.Instance = new Proxy(W.Instance, {
    construct(target, args, newTarget) {
      const instance = Reflect.construct(target, args, newTarget);
      note(instance);
      return instance;
    },
  });
}

/** Installs the marks and the wasm memory probe in every page the context opens. */
export async function instrument(context, marks = DEFAULT_MARKS) {
  await context.addInitScript(installMarks, marks);
  await context.addInitScript(installWasmMemoryProbe);
}

const sizesSeen = new Map();

/**
 * Raw, gzip -9 and brotli q11 sizes of a body. Brotli at q11 takes seconds for a large wasm,
 * so a body met before (same content) is not compressed again.
 */
export function sizes(body) {
  const key = createHash('sha256').update(body).digest('hex');
  if (!sizesSeen.has(key)) {
    sizesSeen.set(key, {
      raw: body.length,
      gzip: zlib.gzipSync(body, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(body, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      }).length,
    });
  }
  return sizesSeen.get(key);
}

/** Records every response a page receives, in order, until `stop()`. */
export function recordResponses(page) {
  const seen = [];
  const listener = (response) => seen.push(response);
  page.on('response', listener);
  return { seen, stop: () => page.off('response', listener) };
}

/**
 * Waits until `predicate` (a function evaluated in the page, no arguments) returns true, asking
 * every 50 ms with `page.evaluate`, across navigations.
 *
 * Not `page.waitForFunction`: that injects Playwright's selector engine into each new document
 * (a script Chromium spends about 20 ms parsing and compiling on the page's main thread), and in
 * the callback document it landed at a random point of the measured window: before the token
 * request, during its round trip or after its answer, for the portal and the peers alike. An
 * `evaluate` runs only the predicate (traced in docs/performance.md, the fifth pass).
 */
export async function pollPage(page, predicate, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    // A navigation in between destroys the context the question was asked in: ask again.
    if (await page.evaluate(predicate).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`pollPage: ${predicate} still false after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Navigates `page` (of an [instrument]ed context) to `url` and waits until "Sign in" is
 * usable. Returns the time from navigation start to a usable "Sign in", the time the last
 * response of the first load ended, and every file of the first load with its sizes.
 *
 * A file belongs to the first load when its Resource Timing entry ended before "Sign in" was
 * usable (the document's own entry too). A response the page saw without such an entry (a
 * favicon, say) counts when Playwright reported it before "Sign in" was found usable.
 */
export async function measureFirstLoad(page, url, { marks = DEFAULT_MARKS, timeout = 30_000 } = {}) {
  const { seen, stop } = recordResponses(page);
  await page.goto(url, { waitUntil: 'commit', timeout });
  await pollPage(page, () => window.__benchMarks?.signIn !== undefined, timeout);
  const seenBySignIn = seen.length;
  stop();
  // The same test the e2e suite makes, so the mark and Playwright agree on "usable".
  const button = page.getByRole('button', { name: marks.signIn, exact: true });
  if (!(await button.isVisible()) || !(await button.isEnabled())) throw new Error(`"${marks.signIn}" was marked usable but Playwright finds it hidden or disabled`);
  const timing = await page.evaluate(() => ({
    signIn: window.__benchMarks.signIn,
    entries: [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => ({
      url: e.name,
      startTime: e.startTime,
      responseEnd: e.responseEnd,
      transferSize: e.transferSize,
    })),
  }));
  const byUrl = new Map();
  for (const entry of timing.entries) byUrl.set(entry.url, [...(byUrl.get(entry.url) ?? []), entry]);
  const files = [];
  for (const [index, response] of seen.entries()) {
    const entries = byUrl.get(response.url());
    const entry = entries?.shift();
    const inFirstLoad = entry ? entry.responseEnd <= timing.signIn : index < seenBySignIn;
    if (!inFirstLoad) continue;
    const body = await response.body().catch(() => Buffer.alloc(0));
    files.push({
      url: response.url(),
      name: displayName(response.url(), url),
      type: response.request().resourceType(),
      status: response.status(),
      responseEnd: entry?.responseEnd ?? null,
      transferred: entry?.transferSize ?? null,
      ...sizes(body),
    });
  }
  const lastResponseEnd = Math.max(0, ...files.map((f) => f.responseEnd ?? 0));
  return { signInMs: timing.signIn, lastResponseEndMs: lastResponseEnd, files, totals: totals(files) };
}

/** Sums of raw, gzip, brotli and transferred bytes. */
export function totals(files) {
  const sum = (key) => files.reduce((n, f) => n + (f[key] ?? 0), 0);
  return { files: files.length, raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli'), transferred: sum('transferred') };
}

/** A short name for a file: its path on the page's origin, the whole URL elsewhere. */
function displayName(fileUrl, pageUrl) {
  const file = new URL(fileUrl);
  const page = new URL(pageUrl);
  const path = file.pathname + (file.search ? '?…' : '');
  return file.origin === page.origin ? path : `${file.origin}${path}`;
}

/** The per-file table: raw, gzip -9, brotli q11, and the total. */
export function formatFiles(files) {
  const kb = (n) => (n / 1024).toFixed(1).padStart(8);
  const width = Math.max(20, ...files.map((f) => f.name.length));
  const lines = [`${'file'.padEnd(width)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)} ${'br KB'.padStart(8)}`];
  for (const f of [...files].sort((a, b) => b.gzip - a.gzip)) {
    lines.push(`${f.name.padEnd(width)} ${kb(f.raw)} ${kb(f.gzip)} ${kb(f.brotli)}`);
  }
  const t = totals(files);
  lines.push(`${`total (${t.files} files)`.padEnd(width)} ${kb(t.raw)} ${kb(t.gzip)} ${kb(t.brotli)}`);
  return lines.join('\n');
}
