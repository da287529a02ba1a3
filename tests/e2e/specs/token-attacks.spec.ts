// Hostile answers from Cognito's own endpoints (issue #10): whatever the token endpoint or
// userInfo sends is checked before it is believed. The answers are rewritten by route
// interception on their way to the page; "validly signed" tokens are signed with a test key
// that is served in the pool's JWKS, so only a claim or `alg` check can refuse them.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { decodeJwt, hs256Jwt, makeTestKey, nowSecs, serveKeyInJwks, signRs256, unsignedJwt, type Claims } from '../pages/forge';
import {
  DEMO_EMAIL, DEMO_PASSWORD, openHostedUi, persistedState, readConfig, recordSessionEvents, signInAsDemo, submitCredentials,
  waitForSessionEvent,
} from '../pages/portal';
import { whoEmail } from '../pages/session';

/** Replaces the ID token in the code exchange's answer (Cognito's real answer otherwise). */
async function forgeCodeExchange(page: Page, forge: (payload: Claims, header: Claims) => string): Promise<void> {
  await page.route('**/oauth2/token', async (route) => {
    const grant = new URLSearchParams(route.request().postData() ?? '').get('grant_type');
    if (grant !== 'authorization_code') return route.fallback();
    const response = await route.fetch();
    const body = (await response.json()) as { id_token: string };
    const { header, payload } = decodeJwt(body.id_token);
    body.id_token = forge(payload, header);
    await route.fulfill({ response, json: body });
  });
}

/**
 * Polls until one of `outcomes` is visible and returns its name: the test then fails with what
 * happened instead (for example "signed in") rather than with a timeout.
 */
async function firstOutcome(outcomes: Record<string, Locator>): Promise<string> {
  let seen = 'nothing yet';
  await expect.poll(async () => {
    for (const [name, locator] of Object.entries(outcomes)) {
      if (await locator.first().isVisible()) return (seen = name);
    }
    return (seen = 'nothing yet');
  }, { message: `waiting for one of: ${Object.keys(outcomes).join(', ')}` }).not.toBe('nothing yet');
  return seen;
}

/** Signs the demo user in through the hosted UI and waits for the callback to refuse or accept. */
async function signInExpectingRefusal(page: Page): Promise<Locator> {
  await openHostedUi(page);
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  const panel = page.getByRole('alert');
  expect(await firstOutcome({
    'refused': panel,
    'signed in with the forged ID token': page.getByRole('heading', { name: /Welcome/ }),
  })).toBe('refused');
  return panel;
}

/** Nobody is signed in, and nothing of the attempt was kept. */
async function expectNobodySignedIn(page: Page) {
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await expect(whoEmail(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  expect(await persistedState(page)).not.toContain('cognito-portal.pending.');
}

test('an ID token from the token endpoint that was issued and expired a year ago is refused with a clear message', async ({ context, page }) => {
  const key = makeTestKey();
  await serveKeyInJwks(context, key);
  await recordSessionEvents(page);
  const yearAgo = nowSecs() - 365 * 86_400;
  // Everything else is the real sign-in's: issuer, audience, subject, nonce. Only the times are
  // old, and the signature is good: the drift must not be measured from this token's own iat.
  await forgeCodeExchange(page, (payload) => signRs256(key, { ...payload, iat: yearAgo, auth_time: yearAgo, exp: yearAgo + 3_600 }));

  const panel = await signInExpectingRefusal(page);
  await expect(panel.getByRole('heading')).toBeVisible();
  await expect(panel).toContainText(/expired|stale|clock/i);
  await expectNobodySignedIn(page);
  const [refused] = await waitForSessionEvent(page, 'refused');
  expect(refused.text).toMatch(/expired|stale|clock/i);
});

for (const [name, forge] of [
  ['alg: none', (payload: Claims, header: Claims) => unsignedJwt(payload, { kid: header.kid })],
  // The classic confusion: an HMAC keyed with something public (here the client id).
  ['HS256', (payload: Claims, header: Claims) => hs256Jwt(payload, readConfig().clientId, { kid: header.kid })],
] as const) {
  test(`an ${name} ID token from the token endpoint is refused`, async ({ page }) => {
    await recordSessionEvents(page);
    const now = nowSecs();
    await forgeCodeExchange(page, (payload, header) => forge({ ...payload, 'cognito:groups': ['admins'], iat: now, exp: now + 3_600 }, header));

    const panel = await signInExpectingRefusal(page);
    await expect(panel.getByRole('heading')).toBeVisible();
    await expect(panel).toContainText(/alg|signature|RS256/i);
    await expectNobodySignedIn(page);
    const [refused] = await waitForSessionEvent(page, 'refused');
    expect(refused.text).toMatch(/alg|signature|RS256/i);
  });
}

test('a userInfo answer about another user is refused, and none of its claims are shown as yours', async ({ page }) => {
  const other = {
    sub: '00000000-0000-4000-8000-00000000beef',
    email: 'olga.other@example.com',
    given_name: 'Olga',
    family_name: 'Otherwise',
    username: 'olga-other',
  };
  await page.route('**/oauth2/userInfo', async (route) => {
    const response = await route.fetch();
    const real = (await response.json()) as Claims;
    await route.fulfill({ response, json: { ...real, ...other } });
  });
  await signInAsDemo(page);
  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();

  const main = page.locator('main');
  expect(await firstOutcome({
    'refused': page.getByRole('alert').filter({ hasText: /another user/i }),
    "shown the other user's claims": main.getByText(other.email),
  })).toBe('refused');
  for (const value of [other.email, other.given_name, other.family_name, other.username, other.sub]) {
    await expect(main).not.toContainText(value);
  }
  await expect(page.locator('table.profile-compare')).toHaveCount(0);
  // Still the demo user, still signed in.
  await expect(whoEmail(page)).toHaveText(DEMO_EMAIL);
});
