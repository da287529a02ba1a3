// Issue #12, item 6: the signed-out page offers the hosted UI's own sign-up and
// forgotten-password pages for this app client: "Create an account" only where the config says
// the pool allows self sign-up, "Forgot your password?" always. Each is a button that starts the
// same round trip as "Sign in" (state, nonce, PKCE, a pending record in this tab) through that
// page, so the code Cognito sends back once the visitor is done completes the sign-in. The local
// emulator serves neither page (404; docs/local-aws.md): the tests catch the navigation, check
// its exact query, and stand in for Cognito's "done" by going on to /oauth2/authorize with the
// same query, as the hosted pages do.
//
// Also the one-shot reason a tab leaves before going through /logout ("every device",
// "deleted"): shown once by the landing, a forged or unknown value ignored.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_EMAIL, DEMO_PASSWORD, PORTAL_ORIGIN, signInAsDemo, submitCredentials } from '../pages/portal';
import { openSiblingTab } from '../pages/session';

const configPath = process.env.CONFIG_PATH ?? path.resolve(__dirname, '../../../.local/config.json');
const deployed = JSON.parse(readFileSync(configPath, 'utf-8')) as {
  clientId: string; hostedUiBaseUrl: string; redirectUri: string; scopes?: string[]; selfSignUp?: boolean;
};

const PENDING_PREFIX = 'cognito-portal.pending.';
const MARKER_KEY = 'cognito-portal:signed-out-reason';

/** Serves the deployed config with `selfSignUp` set as given (to the page, or every tab). */
async function withSelfSignUp(page: Page | BrowserContext, selfSignUp: boolean): Promise<void> {
  await page.route('**/config.json', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({ ...deployed, selfSignUp }),
  }));
}

/**
 * Stands in for the hosted page at `pagePath` (404 on the emulator): records the URL the portal
 * sent the browser to and, like Cognito once the visitor is done, goes on to signing in with the
 * same parameters.
 */
async function standInForHostedPage(page: Page, pagePath: string): Promise<URL[]> {
  const seen: URL[] = [];
  await page.route(`${deployed.hostedUiBaseUrl}${pagePath}?**`, (route) => {
    const url = new URL(route.request().url());
    seen.push(url);
    return route.fulfill({ status: 302, headers: { location: `${deployed.hostedUiBaseUrl}/oauth2/authorize${url.search}` } });
  });
  return seen;
}

const signUp = (page: Page) => page.getByRole('button', { name: 'Create an account' });
const forgot = (page: Page) => page.getByRole('button', { name: 'Forgot your password?' });

/** Pending sign-ins in this tab's sessionStorage, by state. */
async function pendingStates(page: Page): Promise<string[]> {
  return page.evaluate((prefix) => Object.keys(sessionStorage)
    .filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length)), PENDING_PREFIX);
}

/** Clicks `button`, checks the hosted page's query, the pending record, then signs in there. */
async function roundTripThrough(page: Page, button: ReturnType<typeof forgot>, pagePath: string): Promise<void> {
  const seen = await standInForHostedPage(page, pagePath);
  const authorize = page.waitForRequest((r) => r.url().startsWith(`${deployed.hostedUiBaseUrl}/oauth2/authorize?`));
  await button.click();
  await authorize;
  expect(seen).toHaveLength(1);
  const url = seen[0];
  expect(url.origin + url.pathname).toBe(`${deployed.hostedUiBaseUrl}${pagePath}`);
  const params = url.searchParams;
  expect(params.get('client_id')).toBe(deployed.clientId);
  expect(params.get('response_type')).toBe('code');
  expect(params.get('redirect_uri')).toBe(deployed.redirectUri);
  expect(params.get('scope')).toBe((deployed.scopes ?? ['openid', 'email', 'profile']).join(' '));
  expect(params.get('code_challenge_method')).toBe('S256');
  expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  expect(params.get('nonce')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  expect(params.has('prompt')).toBe(false);
  // The emulator's sign-in form, then the callback: the pending record of this state completes it.
  await expect(page.locator('input[name=username]')).toBeVisible();
  const callback = page.waitForRequest((r) => new URL(r.url()).pathname === '/callback' && r.isNavigationRequest());
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  expect(new URL((await callback).url()).searchParams.get('state')).toBe(params.get('state'));
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  expect(await pendingStates(page), 'the pending record was consumed').not.toContain(params.get('state'));
}

test('the stack as deployed (admin-created users only) offers the forgotten-password page and not sign-up', async ({ page }) => {
  expect(deployed.redirectUri).toBe(`${PORTAL_ORIGIN}/callback`);
  expect(deployed.selfSignUp ?? false, 'the template allows admin-created users only').toBe(false);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  await expect(forgot(page)).toBeEnabled();
  await expect(signUp(page)).toHaveCount(0);
  // Nothing of a round trip exists before a click.
  expect(await pendingStates(page)).toEqual([]);
});

test('"Forgot your password?" is a sign-in round trip: state, nonce and PKCE, a pending record, and the callback completes it', async ({ page }) => {
  await page.goto('/');
  await roundTripThrough(page, forgot(page), '/forgotPassword');
});

test('with selfSignUp on, "Create an account" goes to /signup with the round trip and comes back signed in', async ({ page }) => {
  await withSelfSignUp(page, true);
  await page.goto('/');
  await expect(forgot(page)).toBeEnabled();
  // A stand-in hosted page that stays: the browser has left, and this tab's storage can be
  // looked at once it is back on the portal.
  const seen: string[] = [];
  await page.route(`${deployed.hostedUiBaseUrl}/signup?**`, (route) => {
    seen.push(new URL(route.request().url()).searchParams.get('state')!);
    return route.fulfill({ contentType: 'text/html', body: '<p>Cognito sign-up stand-in</p>' });
  });
  await signUp(page).click();
  await expect(page.getByText('Cognito sign-up stand-in')).toBeVisible();
  expect(seen).toHaveLength(1);
  await page.goBack();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  expect(await pendingStates(page), 'the pending record names the state sent').toEqual(seen);
  await page.unroute(`${deployed.hostedUiBaseUrl}/signup?**`);
  // Then the whole round trip, through the stand-in, in a fresh tab of the same config.
  const fresh = await page.context().newPage();
  await withSelfSignUp(fresh, true);
  await fresh.goto('/');
  await roundTripThrough(fresh, signUp(fresh), '/signup');
});

test('selfSignUp off hides "Create an account" even when the rest of the config is the same', async ({ page }) => {
  await withSelfSignUp(page, false);
  await page.goto('/');
  await expect(forgot(page)).toBeEnabled();
  await expect(signUp(page)).toHaveCount(0);
});

test('a tab signed out from another tab offers the same buttons beside its reason', async ({ context, page }) => {
  await withSelfSignUp(context, true);
  await signInAsDemo(page);
  // The sibling takes the session over, then hears the sign-out: it stays on the home page's
  // signed-out view (the session machinery runs there), not the first-load landing.
  const sibling = await openSiblingTab(context);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(sibling.getByTestId('signed-out-reason')).toContainText('You signed out in another tab.');
  await expect(signUp(sibling)).toBeEnabled();
  await expect(forgot(sibling)).toBeEnabled();
  // And the tab that signed out comes back from Cognito's /logout to the landing, buttons and all.
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  await expect(signUp(page)).toBeEnabled();
  // From the signed-out home view too, the button is a round trip that signs in.
  await roundTripThrough(sibling, forgot(sibling), '/forgotPassword');
});

test('the landing shows the reason a /logout left once, and ignores a forged or unknown one', async ({ page }) => {
  await page.goto('/');
  const general = await page.getByTestId('signed-out-reason').textContent();
  expect(general).toMatch(/^No open tab of the portal has a session\./);
  const landWith = async (value: string) => {
    await page.evaluate(([key, v]) => sessionStorage.setItem(key, v), [MARKER_KEY, value]);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
    return page.getByTestId('signed-out-reason');
  };
  await expect(await landWith('everywhere')).toHaveText(/^You signed out of every device: Cognito revoked this account's access and refresh tokens at once\./);
  expect(await page.evaluate((key) => sessionStorage.getItem(key), MARKER_KEY), 'read once').toBeNull();
  await page.reload();
  await expect(page.getByTestId('signed-out-reason')).toHaveText(general!);
  await expect(await landWith('deleted')).toHaveText(/^Your account was deleted\./);
  for (const forged of ['Everywhere', 'deleted ', '<img src=x onerror=alert(1)>', 'signedOut', '']) {
    await expect(await landWith(forged), forged).toHaveText(general!);
    expect(await page.evaluate((key) => sessionStorage.getItem(key), MARKER_KEY), `${forged} removed`).toBeNull();
  }
  await expect(page.locator('img')).toHaveCount(0);
});
