// One bench run of one app, phase by phase: cold first load, sign-in through the hosted UI
// (callback → claims, callback → API answer), memory after sign-in, ten API calls, and a warm
// first load in the same browser context. Each phase reads main-thread CPU from CDP.
import { DEFAULT_MARKS, instrument, measureFirstLoad, pollPage } from './first-load.mjs';

/**
 * Main-thread figures from CDP `Performance.getMetrics`, in milliseconds. Chromium keeps these
 * counters per document: a navigation starts them again from zero, so a phase that begins
 * with a navigation reads them once at its end, and a phase within one document subtracts.
 */
async function cpu(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
}

/** CPU spent between two readings in the same document. */
function spent(before, after) {
  return { task: after.task - before.task, script: after.script - before.script };
}

/** A CDP session on `page` with the Performance and Network domains on. */
async function openCdp(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Network.enable');
  return cdp;
}

/**
 * Counts the requests CDP reports, preflights included (Playwright's own request events do
 * not show CORS preflights). `api` is the API's base URL.
 */
function countRequests(cdp, api) {
  const counts = { all: 0, api: 0, preflights: 0, token: 0, bytes: 0 };
  // Bytes over the network, headers included, every origin (Resource Timing's transferSize is 0
  // for cross-origin answers without Timing-Allow-Origin, as Cognito's and the API's are).
  cdp.on('Network.loadingFinished', ({ encodedDataLength }) => {
    counts.bytes += encodedDataLength;
  });
  cdp.on('Network.requestWillBeSent', ({ request, type }) => {
    counts.all += 1;
    if (!api || !request.url.startsWith(api)) {
      if (request.url.includes('/oauth2/token')) counts.token += 1;
      return;
    }
    if (type === 'Preflight' || request.method === 'OPTIONS') counts.preflights += 1;
    else counts.api += 1;
  });
  const snapshot = () => ({ ...counts });
  return { snapshot, since: (then) => Object.fromEntries(Object.keys(counts).map((k) => [k, counts[k] - then[k]])) };
}

/** A first load with CPU: cold in a fresh context, warm in one that loaded the app before. */
async function loadPhase(page, cdp, url) {
  const load = await measureFirstLoad(page, url);
  return { ...load, cpu: await cpu(cdp) };
}

/** Signs in through the hosted UI; times the callback document until claims and API answer. */
async function signInPhase(page, cdp, requests, user) {
  await page.getByRole('button', { name: DEFAULT_MARKS.signIn, exact: true }).click();
  const username = page.locator('input[name=username]');
  await username.waitFor();
  await username.fill(user.email);
  await page.locator('input[name=password]').fill(user.password);
  const callback = page.waitForRequest((r) => r.isNavigationRequest() && new URL(r.url()).pathname === '/callback');
  const counted = requests.snapshot();
  await page.locator('form button[type=submit]').click();
  const callbackRequest = await callback;
  await pollPage(page, () => window.__benchMarks?.claims !== undefined && window.__benchMarks?.api !== undefined);
  // The callback document's own counters, from its start.
  const used = await cpu(cdp);
  const page_ = await page.evaluate(() => ({
    timeOrigin: performance.timeOrigin,
    marks: { ...window.__benchMarks },
    // The app's own performance marks, if it sets any (for a one-off breakdown of the callback).
    appMarks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, startTime: m.startTime })),
    // What the callback document fetched: a split build's chunks for the signed-in views show here.
    resources: performance.getEntriesByType('resource').map((e) => ({
      url: e.name.split('?')[0],
      transferSize: e.transferSize,
      decodedBodySize: e.decodedBodySize,
      startTime: e.startTime,
      responseStart: e.responseStart,
      responseEnd: e.responseEnd,
    })),
  }));
  // From the moment the browser asked for /callback (Cognito's redirect), as an epoch time, to
  // the marks in the callback document (its time origin plus the mark).
  const asked = callbackRequest.timing().startTime;
  const at = (mark) => page_.timeOrigin + mark - asked;
  return {
    callbackToClaimsMs: at(page_.marks.claims),
    callbackToApiMs: at(page_.marks.api),
    // How long after the document's time origin (the hosted UI's form post) /callback was asked.
    callbackAskedMs: asked - page_.timeOrigin,
    appMarks: page_.appMarks,
    cpu: used,
    requests: requests.since(counted),
    resources: page_.resources,
  };
}

/** JS heap (after a collection) and WebAssembly linear memory, in bytes. */
async function memoryPhase(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => {
    const memories = [...(window.__benchWasmMemories ?? [])];
    return { count: memories.length, bytes: memories.reduce((n, m) => n + m.buffer.byteLength, 0) };
  });
  return { jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, wasmMemories: wasm.count, wasmBytes: wasm.bytes };
}

/**
 * Ten API calls after sign-in, by the app's own "Call again" on its /me card (each once the
 * previous answer is shown: the card's button is disabled while a call runs).
 */
async function apiCallsPhase(page, cdp, requests, api) {
  const button = page.locator('.api-me').getByRole('button', { name: 'Call again' });
  const counted = requests.snapshot();
  const before = await cpu(cdp);
  const started = Date.now();
  const calls = [];
  for (let i = 0; i < 10; i += 1) {
    await page.waitForFunction((b) => !b.disabled, await button.elementHandle(), { polling: 'raf' });
    const answered = page.waitForResponse((r) => r.url().startsWith(api) && r.request().method() === 'GET');
    const clicked = Date.now();
    await button.click();
    await answered;
    calls.push(Date.now() - clicked);
  }
  await page.waitForFunction((b) => !b.disabled, await button.elementHandle(), { polling: 'raf' });
  return { ms: Date.now() - started, calls, cpu: spent(before, await cpu(cdp)), requests: requests.since(counted) };
}

/**
 * One run of one app in a fresh context of `browser`: cold load, sign-in, memory, API calls;
 * then the page is closed (no sibling tab stays open) and a new page of the same context loads
 * the app warm.
 */
export async function runOnce(browser, app, { api, user }) {
  const context = await browser.newContext();
  try {
    await instrument(context);
    const page = await context.newPage();
    const cdp = await openCdp(page);
    const requests = countRequests(cdp, api);
    const cold = await loadPhase(page, cdp, app.url);
    const signIn = await signInPhase(page, cdp, requests, user);
    const memory = await memoryPhase(page, cdp);
    const apiCalls = await apiCallsPhase(page, cdp, requests, api);
    await page.close();
    const again = await context.newPage();
    const warm = await loadPhase(again, await openCdp(again), app.url);
    return { cold, signIn, memory, apiCalls, warm };
  } finally {
    await context.close();
  }
}
