// The account page's protocol (issue #12) as the browser meets it, below the page itself: the
// hosted UI's access token carries aws.cognito.signin.user.admin, the portal's origin may call
// the user-pools API under its CSP, and the config describes the pool. The account client in
// crates/leptos-cognito/src/account.rs sends exactly these requests (its bodies and parsers are
// host-tested in crates/cognito-auth/src/account/).
//
// Preflights are counted through the DevTools protocol: Chromium's network service sends them
// itself, and Playwright's request events do not report them.
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_EMAIL, DEMO_PASSWORD, signInAs } from '../pages/portal';

interface AccountConfig {
  scopes?: string[];
  selfSignUp?: boolean;
  passwordPolicy?: Record<string, number | boolean>;
  endpoints?: { idp?: string };
}

const CONFIG_PATH = process.env.CONFIG_PATH ?? path.resolve(__dirname, '../../../.local/config.json');
const config = JSON.parse(readFileSync(CONFIG_PATH, 'utf-8')) as AccountConfig;
const IDP = config.endpoints?.idp ?? '';
const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** One user-pools API call from the page's own context (what the account client's fetch does). */
async function callFromPage(page: Page, operation: string, body: object): Promise<{ status: number; json: Record<string, unknown> }> {
  return page.evaluate(
    async ({ url, operation, body }) => {
      const response = await fetch(url, {
        method: 'POST',
        credentials: 'omit',
        referrer: '',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    },
    { url: IDP, operation, body },
  );
}

/** Every request to the user-pools API the browser sends, preflights included, as their methods. */
async function recordIdpTraffic(page: Page): Promise<string[]> {
  const seen: string[] = [];
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e: { request: { url: string; method: string } }) => {
    if (e.request.url === IDP) seen.push(e.request.method);
  });
  return seen;
}

function scopesOf(accessToken: string): string[] {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf-8')) as { scope?: string };
  return (payload.scope ?? '').split(' ').filter(Boolean);
}

test.beforeAll(() => {
  expect(IDP, 'the local config names the user-pools API (endpoints.idp)').toMatch(/^http/);
});

test('the config asks for the account scope and describes the pool', () => {
  expect(config.scopes).toEqual(['openid', 'email', 'profile', ADMIN_SCOPE]);
  // The template's pool: admin-created users only, a 12-character policy with every class.
  expect(config.selfSignUp).toBe(false);
  expect(config.passwordPolicy).toEqual({
    minLength: 12,
    requireLowercase: true,
    requireUppercase: true,
    requireNumbers: true,
    requireSymbols: true,
  });
});

test("the hosted UI's access token may read the account from the portal's origin, under its CSP", async ({ page }) => {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => { if (m.text().startsWith('CSP violation')) violations.push(m.text()); });
  const { tokens } = await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  expect(scopesOf(tokens.access_token)).toContain(ADMIN_SCOPE);

  const traffic = await recordIdpTraffic(page);
  const user = await callFromPage(page, 'GetUser', { AccessToken: tokens.access_token });
  expect(user.status).toBe(200);
  const attributes = user.json.UserAttributes as { Name: string; Value: string }[];
  expect(attributes).toContainEqual({ Name: 'email', Value: DEMO_EMAIL });
  expect(attributes).toContainEqual({ Name: 'email_verified', Value: 'true' });

  // A second call reuses the preflight (the fetch keeps the default cache mode, as the client's).
  const again = await callFromPage(page, 'GetUser', { AccessToken: tokens.access_token });
  expect(again.status).toBe(200);
  await expect.poll(() => traffic.filter((m) => m === 'POST').length).toBe(2);
  expect(traffic.filter((m) => m === 'OPTIONS').length).toBeLessThanOrEqual(1);

  // Cognito's error answer is JSON with __type, readable from the page (CORS headers on errors).
  const refused = await callFromPage(page, 'GetUser', { AccessToken: 'not-a-token' });
  expect(refused.status).toBe(400);
  expect(refused.json.__type).toBe('NotAuthorizedException');
  expect(violations).toEqual([]);
});

test('the ID token is not an access token: the user-pools API refuses it', async ({ page }) => {
  const { tokens } = await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  const refused = await callFromPage(page, 'GetUser', { AccessToken: tokens.id_token });
  expect(refused.status).toBe(400);
  expect(refused.json.__type).toBe('NotAuthorizedException');
});

test('without the account scope in the config, the account page explains it and sends nothing, refreshes nothing', async ({ page }) => {
  // The same stack, but a config that asks for too few scopes: the hosted UI grants what is
  // asked, so the access token lacks aws.cognito.signin.user.admin.
  await page.route('**/config.json', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({ ...config, scopes: ['openid', 'email', 'profile'] }),
  }));
  const { tokens } = await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  expect(scopesOf(tokens.access_token)).not.toContain(ADMIN_SCOPE);
  const calls = await recordIdpTraffic(page);
  const tokenRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/oauth2/token')) tokenRequests.push(request.url());
  });
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
  const panel = page.getByRole('alert').filter({ hasText: 'The portal does not ask for account access' }).first();
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('scopes');
  await expect(panel).toContainText(ADMIN_SCOPE);
  // Not read as "the session is over": no call, no refresh, still signed in.
  expect(calls, 'no request to the user-pools API').toEqual([]);
  expect(tokenRequests, 'no refresh').toEqual([]);
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
});
