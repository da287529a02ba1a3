// The callback's code exchange is sent by the boot script, before the wasm has arrived (issue #11,
// crates/leptos-cognito/js/early_exchange.js), and the portal adopts its answer only when it is
// exactly the request the portal would have sent itself (cognito_auth::protocol::early_exchange).
import { expect, test, type Page } from '@playwright/test';
import { AWS_ENDPOINT, PORTAL_ORIGIN, openHostedUi, readConfig, recordTokenRequests, submitCredentials, DEMO_EMAIL, DEMO_PASSWORD } from '../pages/portal';

const PENDING_PREFIX = 'cognito-portal.pending.';

/** A change to the pending record: members set to a value, or removed (`undefined`). */
type Rewrite = Record<string, string | number | undefined>;

/** Rewrites the pending sign-in record in this tab's sessionStorage (there is one, after "Sign in"). */
async function rewritePendingRecord(page: Page, rewrite: Rewrite): Promise<void> {
  await page.evaluate(({ prefix, rewrite }) => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith(prefix));
    if (!key) throw new Error('no pending sign-in record');
    const record = JSON.parse(sessionStorage.getItem(key)!);
    for (const [member, value] of Object.entries(rewrite)) {
      if (value === null) delete record[member];
      else record[member] = value;
    }
    sessionStorage.setItem(key, JSON.stringify(record));
  }, { prefix: PENDING_PREFIX, rewrite: Object.fromEntries(Object.entries(rewrite).map(([k, v]) => [k, v ?? null])) });
}

/** The state of the pending sign-in in this tab (the page must be on the portal's origin). */
async function pendingState(page: Page): Promise<string> {
  return page.evaluate((prefix) => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith(prefix));
    if (!key) throw new Error('no pending sign-in record');
    return key.slice(prefix.length);
  }, PENDING_PREFIX);
}

/**
 * Holds the main wasm back for `ms` on every page from now on; returns when it was last let go
 * (`Date.now()`), so a test can tell a request the boot script sent from one the wasm sent.
 */
async function holdMainWasm(page: Page, ms: number): Promise<{ releasedAt: number }> {
  const held = { releasedAt: 0 };
  await page.route(`${PORTAL_ORIGIN}/cognito-portal-*_bg.wasm`, async (route) => {
    await new Promise((r) => setTimeout(r, ms));
    held.releasedAt = Date.now();
    await route.continue();
  });
  return held;
}

/** Requests to the token endpoint with the moment each was sent (`Date.now()`). */
function tokenRequestTimes(page: Page): number[] {
  const times: number[] = [];
  page.on('request', (r) => { if (r.url().includes('/oauth2/token')) times.push(Date.now()); });
  return times;
}

/**
 * Submits the hosted UI's form with the main wasm held back 1.5 s, and checks the sign-in ends
 * signed in with one token request, sent by the wasm (after it was let go), not by the boot script.
 */
async function signInWithTheWasmsOwnRequest(page: Page): Promise<void> {
  const sent = tokenRequestTimes(page);
  const wasm = await holdMainWasm(page, 1_500);
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  expect(sent).toHaveLength(1);
  expect(sent[0]).toBeGreaterThanOrEqual(wasm.releasedAt);
}

/** Goes back from the hosted UI's form to the portal's origin, rewrites the record, returns. */
async function tamperWithPendingRecord(page: Page, rewrite: Rewrite): Promise<void> {
  const form = page.url();
  await page.goto('/not-a-page');
  await rewritePendingRecord(page, rewrite);
  await page.goto(form);
  await expect(page.locator('input[name=username]')).toBeVisible();
}

test('the token request leaves while the wasm is still on its way, and its answer signs in: one request, no Referer', async ({ page }) => {
  const wasmHeld: string[] = [];
  let tokenSent: () => void = () => {};
  const tokenSeen = new Promise<void>((resolve) => { tokenSent = resolve; });
  page.on('request', (r) => { if (r.url().includes('/oauth2/token')) tokenSent(); });
  await openHostedUi(page);
  // From now on the main wasm is held back on /callback until the token request has been sent
  // (or 10 s have passed): an exchange that waited for the wasm would only leave after that.
  await page.route(`${PORTAL_ORIGIN}/cognito-portal-*_bg.wasm`, async (route) => {
    wasmHeld.push(await page.evaluate(() => location.pathname).catch(() => '?'));
    await Promise.race([tokenSeen, new Promise((r) => setTimeout(r, 10_000))]);
    await route.continue();
  });
  const tokens = recordTokenRequests(page);
  const wasmAsked = page.waitForRequest((r) => /_bg\.wasm$/.test(r.url()));
  const started = Date.now();
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  await wasmAsked;
  await tokenSeen;
  expect(Date.now() - started, 'the token request waited for the wasm').toBeLessThan(8_000);
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  expect(wasmHeld.length).toBeGreaterThan(0);
  expect(tokens).toHaveLength(1);
  const [exchange] = tokens;
  expect(exchange.url()).toBe(`${AWS_ENDPOINT}/oauth2/token`);
  expect(await exchange.headerValue('referer')).toBeNull();
  expect(await exchange.headerValue('cookie')).toBeNull();
  // The body is the portal's own: the five members, the code last.
  const body = new URLSearchParams(exchange.postData() ?? '');
  expect([...body.keys()]).toEqual(['grant_type', 'client_id', 'redirect_uri', 'code_verifier', 'code']);
  expect(body.get('client_id')).toBe(readConfig().clientId);
  // Signed in for real: the claims table shows the demo user.
  await expect(page.locator('table.claims')).toContainText(DEMO_EMAIL);
});

test('an early exchange the record was changed to is not adopted, and the portal sends its own', async ({ page }) => {
  // The record is changed after "Sign in" so that the boot script sends to another URL (still
  // on the Content-Security-Policy's connect-src, here the emulator's origin), which answers
  // with tokens of its own making. Adopted, they would be verified and refused, and the sign-in
  // would fail; not adopted, the portal exchanges the code itself and signs in.
  const elsewhere = `${AWS_ENDPOINT}/early-exchange-test/oauth2/token`;
  const asked: string[] = [];
  await page.route(elsewhere, async (route) => {
    asked.push(route.request().postData() ?? '');
    await route.fulfill({ status: 200, contentType: 'application/json', json: { id_token: 'x.y.z', access_token: 'x.y.z', token_type: 'Bearer', expires_in: 3600 } });
  });
  await openHostedUi(page);
  await tamperWithPendingRecord(page, { exchange_url: elsewhere });
  const tokens = recordTokenRequests(page);
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  await expect(page.locator('table.claims')).toContainText(DEMO_EMAIL);
  // The boot script did send to the changed URL (so the test tested something)...
  expect(asked).toHaveLength(1);
  // ...and the portal sent its own exchange, to its config's endpoint, with the same code.
  const own = tokens.filter((r) => !r.url().startsWith(elsewhere));
  expect(own).toHaveLength(1);
  expect(new URLSearchParams(own[0].postData() ?? '').get('code')).toBe(new URLSearchParams(asked[0]).get('code'));
});

test('a pending record from before the early exchange (no exchange members) still signs in, with the portal\'s own request', async ({ page }) => {
  await openHostedUi(page);
  await tamperWithPendingRecord(page, { exchange_url: undefined, exchange_body: undefined });
  await signInWithTheWasmsOwnRequest(page);
});

test('when the hand-over\'s name is already taken the boot script sends nothing, and the portal signs in with its own request', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(globalThis, 'cognitoPortalEarlyExchange', { value: () => undefined });
  });
  await openHostedUi(page);
  await signInWithTheWasmsOwnRequest(page);
});

test('an expired sign-in spends no code: refused as too old, with no token request from the boot script or the portal', async ({ page }) => {
  await openHostedUi(page);
  await tamperWithPendingRecord(page, { created_at: Math.floor(Date.now() / 1000) - 3_600 });
  const tokens = recordTokenRequests(page);
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page.getByRole('alert')).toContainText('This sign-in took too long');
  await expect(page.getByRole('heading', { name: /Welcome/ })).toHaveCount(0);
  expect(tokens).toHaveLength(0);
});

test('a callback with an error beside its code spends no code: Cognito\'s error is shown, with no token request', async ({ page }) => {
  await openHostedUi(page);
  await page.goto('/not-a-page');
  const state = await pendingState(page);
  const tokens = recordTokenRequests(page);
  await page.goto(`/callback?code=a1b2c3d4-e5f6-7890-abcd-ef0123456789&state=${encodeURIComponent(state)}&error=access_denied`);
  await expect(page.getByRole('alert')).toContainText('access_denied');
  await expect(page.getByRole('heading', { name: /Welcome/ })).toHaveCount(0);
  expect(tokens).toHaveLength(0);
});
