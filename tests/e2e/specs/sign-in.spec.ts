import { expect, test } from '@playwright/test';
import {
  claimValue, DEMO_EMAIL, DEMO_PASSWORD, openHostedUi, persistedState, recordTokenRequests, signInAsDemo, submitCredentials,
} from '../pages/portal';

test('the demo user signs in through the hosted UI and sees email and claims', async ({ page }) => {
  const tokenRequests = recordTokenRequests(page);
  await signInAsDemo(page);

  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('.user-email')).toHaveText(DEMO_EMAIL);
  await expect(page.locator('.user-name')).toHaveText('Dana Demo');
  await expect(claimValue(page, 'token_use')).toHaveText('id');
  await expect(claimValue(page, 'cognito:groups')).toHaveText('["customers"]');
  await expect(claimValue(page, 'email')).toHaveText(DEMO_EMAIL);
  await expect(claimValue(page, 'given_name')).toHaveText('Dana');

  // One exchange, shaped as Cognito documents it: a form POST with PKCE, from a public client.
  expect(tokenRequests).toHaveLength(1);
  const body = new URLSearchParams(tokenRequests[0].postData() ?? '');
  expect(body.get('grant_type')).toBe('authorization_code');
  expect(body.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(body.get('redirect_uri')).toMatch(/\/callback$/);
  expect(tokenRequests[0].headers()['authorization']).toBeUndefined();
});

test('the authorize request carries PKCE S256, state and nonce of at least 128 bits', async ({ page }) => {
  await openHostedUi(page);
  const url = new URL(page.url());
  const q = url.searchParams;
  expect(q.get('response_type')).toBe('code');
  expect(q.get('scope')).toBe('openid email profile aws.cognito.signin.user.admin');
  expect(q.get('code_challenge_method')).toBe('S256');
  expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(q.get('state')!.length).toBeGreaterThanOrEqual(22);
  expect(q.get('nonce')!.length).toBeGreaterThanOrEqual(22);
  expect(q.get('state')).not.toBe(q.get('nonce'));
});

test('after sign-in no token is in any storage, cookie or the URL', async ({ page }) => {
  const { tokens } = await signInAsDemo(page);
  const persisted = await persistedState(page);
  for (const [name, value] of Object.entries(tokens)) {
    if (typeof value !== 'string' || !name.endsWith('_token')) continue;
    expect(value.length).toBeGreaterThan(20);
    expect(persisted, `${name} must not be persisted`).not.toContain(value);
    // Even a fragment of a token (its signature part) must not be stored.
    expect(persisted).not.toContain(value.slice(-32));
  }
  // The one-round-trip record is gone once the callback is handled.
  expect(persisted).not.toContain('cognito-portal.pending.');
  expect(page.url()).not.toMatch(/code=|state=/);
  // And the history entry of the callback was replaced, not kept.
  await page.goBack();
  expect(page.url()).not.toMatch(/[?&]code=/);
});

test('sign-out revokes, drops the tokens and lands on the signed-out page', async ({ page }) => {
  const { tokens } = await signInAsDemo(page);
  const revoke = page.waitForRequest((r) => r.url().includes('/oauth2/revoke'));
  const logout = page.waitForRequest((r) => new URL(r.url()).pathname === '/logout');
  await page.getByRole('button', { name: 'Sign out' }).click();

  const revokeBody = new URLSearchParams((await revoke).postData() ?? '');
  expect(revokeBody.get('token')).toBe(tokens.refresh_token);
  const logoutUrl = new URL((await logout).url());
  expect(logoutUrl.searchParams.get('client_id')).toBeTruthy();
  expect(logoutUrl.searchParams.get('logout_uri')).toMatch(/\/$/);

  await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
});

test('a wrong password stays on the hosted UI', async ({ page }) => {
  const tokenRequests = recordTokenRequests(page);
  await openHostedUi(page);
  await submitCredentials(page, DEMO_EMAIL, 'Wrong-Passw0rd!');
  await expect(page.getByText('Incorrect username or password.')).toBeVisible();
  expect(new URL(page.url()).pathname).not.toBe('/callback');
  expect(tokenRequests).toHaveLength(0);
});

test('a callback with a wrong state shows an error and makes no token request', async ({ page }) => {
  const tokenRequests = recordTokenRequests(page);
  await openHostedUi(page); // a real sign-in is pending in this tab
  await page.goto('/callback?code=forged-code&state=not-the-one-we-sent');
  await expect(page.getByRole('heading', { name: /already used or did not start here/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  expect(new URL(page.url()).search).toBe('');
  expect(tokenRequests).toHaveLength(0);
});

test('opening the callback URL again makes no second token request', async ({ page }) => {
  const tokenRequests = recordTokenRequests(page);
  const { callbackUrl } = await signInAsDemo(page);
  expect(tokenRequests).toHaveLength(1);
  await page.goto(callbackUrl); // what a reload of the callback page does
  await expect(page.getByRole('heading', { name: /already used or did not start here/ })).toBeVisible();
  expect(tokenRequests).toHaveLength(1);
});

test('an error from Cognito is shown with its code, description and what to do', async ({ page }) => {
  const tokenRequests = recordTokenRequests(page);
  await openHostedUi(page);
  const state = await page.locator('input[name=state]').inputValue();
  await page.goto(`/callback?error=access_denied&error_description=User+cancelled+the+sign-in&state=${state}`);
  const panel = page.getByRole('alert');
  await expect(panel.getByRole('heading', { name: 'Sign-in was cancelled or refused' })).toBeVisible();
  await expect(panel.locator('.error-code code')).toHaveText('access_denied');
  await expect(panel.locator('.error-description')).toContainText('User cancelled the sign-in');
  await expect(panel.locator('.error-action')).toContainText('What to do');
  expect(tokenRequests).toHaveLength(0);
});

test('an unreachable token endpoint gives a clear message and signs nobody in', async ({ page }) => {
  await page.route('**/oauth2/token', (route) => route.abort('connectionrefused'));
  await openHostedUi(page);
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  const panel = page.getByRole('alert');
  await expect(panel.getByRole('heading', { name: 'Cognito could not be reached' })).toBeVisible();
  await expect(panel).toContainText('the token endpoint');
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  expect(await persistedState(page)).not.toContain('cognito-portal.pending.');
});

test('a code Cognito refuses (invalid_grant) is explained with its description', async ({ page }) => {
  await page.route('**/oauth2/token', (route) => route.fulfill({
    status: 400,
    headers: { 'Access-Control-Allow-Origin': '*' },
    json: { error: 'invalid_grant', error_description: 'Invalid or expired authorization code.' },
  }));
  await openHostedUi(page);
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  const panel = page.getByRole('alert');
  await expect(panel.getByRole('heading', { name: 'The sign-in code was not accepted' })).toBeVisible();
  await expect(panel.locator('.error-code code')).toHaveText('invalid_grant');
  await expect(panel.locator('.error-description')).toContainText('Invalid or expired authorization code.');
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
});

test('the pool keys fetched beside the code exchange: unreachable, or never answering, sign nobody in', async ({ page }) => {
  // Issue #11: the callback asks for the JWKS from the first load, beside the token request. A
  // JWKS that fails, or hangs, must not let unverified tokens in, nor leave the page waiting: the
  // verifier stops waiting after its 10 s bound, and does not try again at once (its refetch is
  // rate-limited to one per 10 s from then).
  test.setTimeout(60_000);
  for (const jwks of ['refused', 'silent'] as const) {
    await page.unrouteAll();
    await page.route('**/.well-known/jwks.json', async (route) => {
      if (jwks === 'refused') await route.abort('connectionrefused');
      // 'silent': never answered.
    });
    await openHostedUi(page);
    await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
    const panel = page.getByRole('alert');
    await expect(panel).toBeVisible({ timeout: 20_000 });
    await expect(panel).toContainText(/signature|keys/i);
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    await expect(page.locator('table.claims')).toHaveCount(0);
  }
});
