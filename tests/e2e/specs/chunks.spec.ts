import { expect, test } from '@playwright/test';
import {
  claimValue, DEMO_EMAIL, DEMO_PASSWORD, openHostedUi, recordTokenRequests, signInAsDemo, submitCredentials,
} from '../pages/portal';

// Issue #11: every page but the signed-out landing is a wasm chunk fetched on first use. A chunk
// that fails to arrive must be a readable panel with a retry, never a panic or a blank page
// (leptos's own #[lazy] aborts the whole app there: leptos#4785).

test('a signed-out visitor downloads no signed-in page; pages load their chunk on first use', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.slice(1);
    if (name.endsWith('.wasm')) wasm.push(name);
  });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  // What the first load holds (everything received before "Sign in" is usable) is measured and
  // budgeted by bench/budget.sh. Once "Sign in" is painted, what signing in needs is preloaded
  // (the machinery, the callback, the home page and header); no other page is.
  await page.waitForLoadState('networkidle');
  expect(wasm.filter((name) => /^split_(tokens|profile|session|api_access)-/.test(name))).toEqual([]);

  await signInAsDemo(page);
  await page.getByRole('link', { name: 'Tokens' }).click();
  await expect(page.getByRole('heading', { name: 'Tokens', level: 1 })).toBeVisible();
  expect(wasm.some((name) => name.startsWith('split_tokens-'))).toBe(true);
});

test('the callback fetches the session machinery as one module, and no wasm module is instantiated twice', async ({ page }) => {
  // Issue #11: the signed_in split and the 25 chunks it shares with other pages are merged into
  // one module by the build (scripts/chunk_pack.py): 26 fetches cost the callback's main thread
  // 20-30 ms. The loader of each merged chunk instantiates that one module, once, also when a
  // later page needs a chunk it brought: a second instance would rewrite the chunks' data
  // segments in the shared memory under the running code.
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__instantiated', { value: seen });
    const W = WebAssembly;
    const instantiate = W.instantiate;
    W.instantiate = function (source: any, ...rest: any[]) {
      seen.push(source instanceof W.Module ? 'a compiled module' : `${source?.byteLength} bytes`);
      return (instantiate as any).call(this, source, ...rest);
    } as typeof W.instantiate;
    const streaming = W.instantiateStreaming;
    W.instantiateStreaming = async function (source: any, ...rest: any[]) {
      const response = await source;
      seen.push(new URL(response.url).pathname.slice(1));
      return (streaming as any).call(this, response, ...rest);
    } as typeof W.instantiateStreaming;
  });
  const wasm: string[] = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.slice(1);
    if (name.endsWith('.wasm')) wasm.push(name);
  });
  await openHostedUi(page);
  wasm.length = 0;
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(claimValue(page, 'email')).toHaveText(DEMO_EMAIL);
  expect(wasm.filter((name) => !/^cognito-portal-[0-9a-f]+_bg\.wasm$/.test(name))).toEqual([
    expect.stringMatching(/^split_signed_in-[0-9a-f]{16}\.wasm$/),
  ]);
  const pages = [['Tokens', 'Tokens'], ['Profile', 'Profile'], ['Session', 'Session'], ['API access', 'API access'], ['Account', 'Your account']];
  for (const [link, heading] of pages) {
    await page.getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  }
  const instantiated: string[] = await page.evaluate(() => (window as any).__instantiated);
  // Every module streamed from its own file: the main one, the merged one, the pages' own.
  expect(instantiated.filter((name) => name.startsWith('split_signed_in-'))).toHaveLength(1);
  expect(instantiated.filter((name) => name.startsWith('split_tokens-'))).toHaveLength(1);
  expect(instantiated.every((name) => name.endsWith('.wasm'))).toBe(true);
  expect(new Set(instantiated).size).toBe(instantiated.length);
});

test('a chunk that fails to load shows what happened and loads on "Try again"', async ({ page }) => {
  await signInAsDemo(page);
  let refused = 0;
  let failing = true;
  await page.route(/\/split_tokens-[0-9a-f]{16}\.wasm$/, async (route) => {
    if (!failing) return route.continue();
    refused += 1;
    await route.abort('connectionreset');
  });
  await page.getByRole('link', { name: 'Tokens' }).click();
  const panel = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Your session is not affected');
  expect(refused).toBeGreaterThan(0);
  // The rest of the portal still works: the header chunk is loaded and the session is held.
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  failing = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Tokens', level: 1 })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be loaded' })).toHaveCount(0);
});

test('the code exchange leaves before the session machinery arrives, and its answer is verified once it has', async ({ page }) => {
  // Issue #11: the first load sends the token request as soon as the config is read, so its round
  // trip overlaps the signed_in chunk's download. Hold that chunk until the token request has
  // gone out: a callback that waited for the chunk before exchanging would never send it.
  const tokenRequests = recordTokenRequests(page);
  await openHostedUi(page);
  let tokenSent!: () => void;
  const sent = new Promise<void>((resolve) => { tokenSent = resolve; });
  page.on('request', (request) => { if (request.url().includes('/oauth2/token')) tokenSent(); });
  const order: string[] = [];
  await page.route(/\/split_signed_in-[0-9a-f]{16}\.wasm$/, async (route) => {
    const waited = await Promise.race([sent.then(() => 'token first'), new Promise((r) => setTimeout(() => r('chunk first'), 10_000))]);
    order.push(waited as string);
    await route.continue();
  });
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(claimValue(page, 'email')).toHaveText(DEMO_EMAIL);
  expect(order[0]).toBe('token first');
  expect(tokenRequests).toHaveLength(1);
});

test('while the token answer is awaited the callback shows only its progress: nothing signed-in before the tokens are verified, and the views it builds ahead never', async ({ page }) => {
  // Issue #11: during the token round trip the callback builds the signed-in header bar, profile
  // card, API card and claims table once, detached, so that the browser has compiled their code
  // when the verified tokens arrive. Nothing of that copy may reach the page, before or after.
  await openHostedUi(page);
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  let held!: () => void;
  const holding = new Promise<void>((resolve) => { held = resolve; });
  await page.route('**/oauth2/token', async (route) => {
    held();
    await released;
    await route.continue();
  });
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  await holding;
  await expect(page.getByText('Completing sign-in…')).toBeVisible();
  // The copy has been built (the page marks it, pages/callback.rs BUILT_AHEAD), with the answer
  // still held: so what is counted below is what it left in the page.
  await expect.poll(() => page.evaluate(() => performance.getEntriesByName('portal:callback-built-ahead').length)).toBe(1);
  const signedInParts = () => page.evaluate(() => ({
    nav: document.querySelectorAll('nav.links').length,
    badge: document.querySelectorAll('[data-testid=session-badge]').length,
    signOut: Array.from(document.querySelectorAll('button')).filter((b) => b.textContent === 'Sign out').length,
    profile: document.querySelectorAll('.user-name').length,
    claims: document.querySelectorAll('table.claims').length,
    api: document.querySelectorAll('.api-result, [data-testid=api-call-status]').length,
  }));
  expect(await signedInParts()).toEqual({ nav: 0, badge: 0, signOut: 0, profile: 0, claims: 0, api: 0 });
  release();
  await expect(claimValue(page, 'email')).toHaveText(DEMO_EMAIL);
  await expect(page.locator('.api-me .api-data')).toBeVisible();
  expect(await signedInParts()).toEqual({ nav: 1, badge: 1, signOut: 1, profile: 1, claims: 1, api: 2 });
});

test('a callback whose session chunk fails to load finishes on "Try again" with the one exchange it sent', async ({ page }) => {
  // The exchange left from the first load; the machinery that verifies its answer failed to
  // arrive. "Try again" must finish that same sign-in: no second token request, no lost answer.
  const tokenRequests = recordTokenRequests(page);
  await openHostedUi(page);
  let failing = true;
  await page.route(/\/split_signed_in-[0-9a-f]{16}\.wasm$/, (route) => (failing ? route.abort('connectionreset') : route.continue()));
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  const panel = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await expect(panel).toBeVisible();
  await expect.poll(() => tokenRequests.length).toBe(1);
  failing = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(claimValue(page, 'email')).toHaveText(DEMO_EMAIL);
  expect(tokenRequests).toHaveLength(1);
});

test('a lone signed-out tab loads the session machinery when another tab signs in, and takes the session', async ({ context }) => {
  const lone = await context.newPage();
  await lone.goto('/');
  await expect(lone.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  const other = await context.newPage();
  await signInAsDemo(other);
  // The other tab's sign-in announcement wakes the lone one, which asks and adopts.
  await expect(lone.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  await expect(lone.getByRole('button', { name: 'Sign out' })).toBeVisible();
});
