import { expect, test, type APIRequestContext, type Page, type Request } from '@playwright/test';
import { AWS_ENDPOINT, PORTAL_ORIGIN, claimValue, readConfig } from '../pages/portal';

// Single sign-on through the local corporate IdP (dev/idp, "Globex"), federated into the user
// pool as the OIDC provider `Globex` (deploy/deploy.py). The IdP's demo employee:
const IDP_URL = process.env.IDP_URL ?? 'http://127.0.0.1:4690';
const EMPLOYEE = 'jordan@globex.example';
const EMPLOYEE_PASSWORD = 'Globex-Passw0rd!';

/** The portal's own authorize request (the one that leaves for Cognito). */
function recordAuthorize(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/oauth2/authorize' && r.isNavigationRequest()) seen.push(r);
  });
  return seen;
}

/** The emulator's error message at `url`, asked again without a browser (a one-time relay
 * state is gone by then, which gives the same answer for a missing code). */
async function emulatorMessage(request: APIRequestContext, url: string): Promise<string> {
  const response = await request.get(url, { maxRedirects: 0 });
  expect(response.status()).toBe(400);
  return ((await response.json()) as { message: string }).message;
}

/** From the portal's landing to the IdP's sign-in page with one click. */
async function openGlobex(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in with Globex' }).click();
  await expect(page).toHaveURL(new RegExp(`^${IDP_URL}/interaction/`));
  await expect(page.getByRole('heading', { name: 'Sign in to Globex' })).toBeVisible();
}

test('the corporate user signs in through the company IdP with one click on "Sign in with Globex"', async ({ page }) => {
  const authorize = recordAuthorize(page);
  const tokenResponse = page.waitForResponse((r) => r.url().includes('/oauth2/token'));
  await openGlobex(page);

  // The usual round trip, with identity_provider: Cognito's own sign-in page is skipped.
  expect(authorize).toHaveLength(1);
  const q = new URL(authorize[0].url()).searchParams;
  expect(q.get('identity_provider')).toBe('Globex');
  expect(q.get('code_challenge_method')).toBe('S256');
  expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(q.get('state')!.length).toBeGreaterThanOrEqual(22);
  expect(q.get('nonce')!.length).toBeGreaterThanOrEqual(22);

  await page.getByLabel('Work email').fill(EMPLOYEE);
  await page.getByLabel('Password').fill(EMPLOYEE_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Share your details' })).toBeVisible();
  await page.getByRole('button', { name: 'Allow' }).click();

  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(PORTAL_ORIGIN);
  expect(page.url()).not.toMatch(/code=|state=/);
  const tokens = await (await tokenResponse).json();
  expect(tokens.id_token).toBeTruthy();
  await expect(page.locator('.user-email')).toHaveText(EMPLOYEE);
  await expect(claimValue(page, 'given_name')).toHaveText('Jordan');
  await expect(claimValue(page, 'family_name')).toHaveText('Rivera');
  // The IdP-prefixed username, and the organisation mapped from the IdP's `tenant` claim.
  await expect(claimValue(page, 'cognito:username')).toHaveText(/^Globex_globex-employee-0001$/);
  await expect(claimValue(page, 'custom:tenant_id')).toHaveText('globex');
  // The pre-token-generation trigger's claim, from the mapped attribute (i13-tenant's trigger).
  await expect(claimValue(page, 'tenant_id')).toHaveText('globex');

  // The inspector: every check the session applies passes for the federated user's tokens too
  // (the emulator does not verify the IdP's id_token; the portal verifies Cognito's), and the
  // federation claims are explained.
  await page.getByRole('link', { name: 'Tokens' }).click();
  await expect(page.getByRole('heading', { name: 'Tokens', level: 1 })).toBeVisible();
  await expect(page.locator('.sig-verified')).toBeVisible();
  const checks = page.locator('table.checklist tbody tr');
  await expect(checks).toHaveCount(8);
  for (const row of await checks.all()) {
    await expect(row.locator('.check-outcome'), await row.innerText()).toHaveText('pass');
  }
  const identities = page.locator('tr[data-claim=identities]');
  await expect(identities.locator('ul.identities li')).toHaveText(/^Globex \(OIDC\) user globex-employee-0001, primary, linked /);
  await expect(identities.locator('.claim-description')).toContainText("a company's OIDC or SAML sign-in");
  await expect(page.locator('tr[data-claim="cognito:username"] .claim-description')).toContainText('<provider name>_<their id at that provider>');
  await expect(page.locator('tr[data-claim="custom:tenant_id"] td').first()).toHaveText('globex');
  await expect(page.locator('tr[data-claim="custom:tenant_id"] .claim-description')).toContainText('organisation');
  await expect(page.locator('tr[data-claim=tenant_id] td').first()).toHaveText('globex');
  await expect(page.locator('tr[data-claim=tenant_id] .claim-description')).toContainText('pre-token-generation trigger');
});

test('cancelling at the IdP: the emulator stops on its own error page, never back at the portal', async ({ page, request }) => {
  // What the local stack does: Cognito's /oauth2/idpresponse gets the IdP's
  // error=access_denied and answers 400 JSON on its own origin (docs/local-aws.md).
  await openGlobex(page);
  const idpresponse = page.waitForResponse((r) => new URL(r.url()).pathname === '/oauth2/idpresponse');
  await page.getByRole('button', { name: 'Cancel' }).click();
  const answer = await idpresponse;
  const sent = new URL(answer.url()).searchParams;
  expect(sent.get('error')).toBe('access_denied');
  expect(answer.status()).toBe(400);
  expect(answer.headers()['x-amzn-errortype']).toBe('InvalidParameterException');
  // Chromium downloads nothing from an error status with a JSON API type: the visitor sees its
  // own error page, and the portal never hears of it.
  await expect(page.getByText('ERR_INVALID_RESPONSE')).toBeVisible();
  expect(page.url()).not.toContain(PORTAL_ORIGIN);
  expect(await emulatorMessage(request, answer.url())).toBe('OIDC callback missing `code` query parameter.');
});

test('a cancelled or refused company sign-in is shown in plain words with what to do next', async ({ page }) => {
  // AWS sends the browser back to the callback with the provider's error (docs: "Managed login
  // and federation error responses"); this stands in for it at /oauth2/idpresponse, passing the
  // IdP's own error and words through with the portal's state from the authorize request.
  const authorize = recordAuthorize(page);
  await page.route('**/oauth2/idpresponse?*', async (route) => {
    const fromIdp = new URL(route.request().url()).searchParams;
    if (!fromIdp.get('error')) return route.continue();
    const state = new URL(authorize[0].url()).searchParams.get('state')!;
    const back = new URL('/callback', PORTAL_ORIGIN);
    back.searchParams.set('error_description', fromIdp.get('error_description') ?? '');
    back.searchParams.set('error', fromIdp.get('error')!);
    back.searchParams.set('state', state);
    await route.fulfill({ status: 302, headers: { Location: back.toString() } });
  });
  const tokenRequests: Request[] = [];
  page.on('request', (r) => { if (r.url().includes('/oauth2/token')) tokenRequests.push(r); });
  await openGlobex(page);
  await page.getByRole('button', { name: 'Cancel' }).click();

  const panel = page.getByRole('alert');
  await expect(panel.getByRole('heading', { name: 'Sign-in was cancelled or refused' })).toBeVisible();
  await expect(panel).toContainText("your company's sign-in page");
  await expect(panel).toContainText('access_denied');
  await expect(panel).toContainText('The user cancelled the sign-in at Globex.');
  await expect(panel).toContainText("ask your company's IT team");
  expect(tokenRequests).toHaveLength(0);
  expect(page.url()).not.toMatch(/error=|state=/);
});

test('a provider the pool does not know: the emulator answers 400 at /oauth2/authorize', async ({ page, request }) => {
  // The config names providers; one the user pool lacks never comes back to the portal.
  const config = readConfig();
  await page.route('**/config.json', (route) => route.fulfill({
    json: { ...config, identityProviders: [{ name: 'Initech', label: 'Initech' }] },
  }));
  await page.goto('/');
  const authorize = page.waitForResponse((r) => new URL(r.url()).pathname === '/oauth2/authorize');
  await page.getByRole('button', { name: 'Sign in with Initech' }).click();
  const answer = await authorize;
  expect(new URL(answer.url()).origin).toBe(new URL(AWS_ENDPOINT).origin);
  expect(answer.status()).toBe(400);
  expect(answer.headers()['x-amzn-errortype']).toBe('ResourceNotFoundException');
  await expect(page.getByText('ERR_INVALID_RESPONSE')).toBeVisible();
  expect(await emulatorMessage(request, answer.url())).toBe('Identity provider Initech not found.');
});

test('a hostile identityProviders entry is refused with the field named, before any button', async ({ page }) => {
  const config = readConfig();
  await page.route('**/config.json', (route) => route.fulfill({
    json: { ...config, identityProviders: [{ name: 'Globex&client_id=evil', label: 'Globex' }] },
  }));
  await page.goto('/');
  const panel = page.getByRole('alert');
  await expect(panel.locator('.error-code code')).toHaveText('identityProviders');
  await expect(panel).toContainText('is not a list of at most 5 valid');
  await expect(page.getByRole('button', { name: /Sign in with/ })).toHaveCount(0);
});
