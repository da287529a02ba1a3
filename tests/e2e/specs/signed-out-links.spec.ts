// Issue #12, item 6: the signed-out page links to the hosted UI's own sign-up and
// forgotten-password pages for this app client: "Create an account" only where the config says
// the pool allows self sign-up, "Forgot your password?" always. The local emulator serves
// neither page (404; docs/local-aws.md), so these tests assert the links and their exact query,
// not the pages behind them.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PORTAL_ORIGIN, signInAsDemo } from '../pages/portal';
import { openSiblingTab } from '../pages/session';

const configPath = process.env.CONFIG_PATH ?? path.resolve(__dirname, '../../../.local/config.json');
const deployed = JSON.parse(readFileSync(configPath, 'utf-8')) as {
  clientId: string; hostedUiBaseUrl: string; redirectUri: string; scopes?: string[]; selfSignUp?: boolean;
};

/** The link Cognito documents for `path`: the authorize endpoint's parameters, in this order. */
function expectedLink(path: string): string {
  const scope = (deployed.scopes ?? ['openid', 'email', 'profile']).join(' ');
  const query = [
    ['client_id', deployed.clientId],
    ['response_type', 'code'],
    ['redirect_uri', deployed.redirectUri],
    ['scope', scope],
  ].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
  return `${deployed.hostedUiBaseUrl}${path}?${query}`;
}

/** Serves the deployed config with `selfSignUp` set as given (to the page, or every tab). */
async function withSelfSignUp(page: Page | BrowserContext, selfSignUp: boolean): Promise<void> {
  await page.route('**/config.json', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({ ...deployed, selfSignUp }),
  }));
}

const signUp = (page: Page) => page.getByRole('link', { name: 'Create an account' });
const forgot = (page: Page) => page.getByRole('link', { name: 'Forgot your password?' });

test('the stack as deployed (admin-created users only) links to the forgotten-password page and not to sign-up', async ({ page }) => {
  expect(deployed.redirectUri).toBe(`${PORTAL_ORIGIN}/callback`);
  expect(deployed.selfSignUp ?? false, 'the template allows admin-created users only').toBe(false);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await expect(forgot(page)).toHaveAttribute('href', expectedLink('/forgotPassword'));
  await expect(signUp(page)).toHaveCount(0);
});

test('with selfSignUp on, the landing links to /signup and /forgotPassword with exactly the client, code flow, callback and scopes', async ({ page }) => {
  await withSelfSignUp(page, true);
  await page.goto('/');
  await expect(signUp(page)).toHaveAttribute('href', expectedLink('/signup'));
  await expect(forgot(page)).toHaveAttribute('href', expectedLink('/forgotPassword'));
  // Nothing of a sign-in round trip (state, nonce, PKCE) rides on a plain link, and nothing was
  // stored for one: these links start no sign-in in this tab.
  for (const link of [signUp(page), forgot(page)]) {
    const url = new URL((await link.getAttribute('href'))!);
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'response_type', 'redirect_uri', 'scope']);
    expect(url.origin).toBe(new URL(deployed.hostedUiBaseUrl).origin);
  }
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
});

test('selfSignUp off hides the sign-up link even when the rest of the config is the same', async ({ page }) => {
  await withSelfSignUp(page, false);
  await page.goto('/');
  await expect(forgot(page)).toHaveAttribute('href', expectedLink('/forgotPassword'));
  await expect(signUp(page)).toHaveCount(0);
});

test('a tab signed out from another tab shows the same links beside its reason', async ({ context, page }) => {
  await withSelfSignUp(context, true);
  await signInAsDemo(page);
  // The sibling takes the session over, then hears the sign-out: it stays on the home page's
  // signed-out view (the session machinery runs there), not the first-load landing.
  const sibling = await openSiblingTab(context);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(sibling.getByTestId('signed-out-reason')).toContainText('You signed out in another tab.');
  await expect(signUp(sibling)).toHaveAttribute('href', expectedLink('/signup'));
  await expect(forgot(sibling)).toHaveAttribute('href', expectedLink('/forgotPassword'));
  // And the tab that signed out comes back from Cognito's /logout to the landing, links and all.
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await expect(signUp(page)).toHaveAttribute('href', expectedLink('/signup'));
});
