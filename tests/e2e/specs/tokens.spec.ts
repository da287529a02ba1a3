import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { admin, DEMO_EMAIL, DEMO_PASSWORD, PORTAL_ORIGIN, openHostedUi, signInAsDemo, submitCredentials, type IssuedTokens } from '../pages/portal';

async function openTokens(page: Page) {
  await page.getByRole('link', { name: 'Tokens' }).click();
  await expect(page.getByRole('heading', { name: 'Tokens', level: 1 })).toBeVisible();
}

async function expectEveryCheckPasses(page: Page, rows: number) {
  const checks = page.locator('table.checklist tbody tr');
  await expect(checks).toHaveCount(rows);
  for (const row of await checks.all()) {
    await expect(row.locator('.check-outcome'), await row.innerText()).toHaveText('pass');
  }
}

test('every checklist row passes for the demo user, and both signatures verify with WebCrypto', async ({ page }) => {
  await signInAsDemo(page);
  await openTokens(page);
  await expect(page.getByRole('tab', { name: 'ID token' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.sig-verified')).toBeVisible();
  await expect(page.locator('.header-kid .chip')).toHaveText("in the pool's JWKS");
  await expectEveryCheckPasses(page, 8);
  await expect(page.locator('table.checklist tr[data-check=nonce] .check-outcome')).toHaveText('pass');

  await page.getByRole('tab', { name: 'Access token' }).click();
  await expect(page.locator('.sig-verified')).toBeVisible();
  await expectEveryCheckPasses(page, 7);
  // Scope order is Cognito's choice: compare the chips as a set.
  const scopes = await page.locator('tr[data-claim=scope] .chip').allInnerTexts();
  // The token trigger adds the organisation's API scopes (#13; the demo user's acme reads and writes).
  expect(scopes.sort()).toEqual(['aws.cognito.signin.user.admin', 'email', 'openid', 'portal-api/analyses.read',
    'portal-api/analyses.write', 'profile']);
});

test('the tabs work from the keyboard', async ({ page }) => {
  await signInAsDemo(page);
  await openTokens(page);
  await page.getByRole('tab', { name: 'ID token' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Access token' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Access token' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Refresh token' })).toHaveAttribute('aria-selected', 'true');
});

test('the refresh token shows that it exists and its age, never its value', async ({ page }) => {
  const { tokens } = await signInAsDemo(page);
  await openTokens(page);
  await page.getByRole('tab', { name: 'Refresh token' }).click();
  await expect(page.locator('.refresh-present')).toHaveText('yes');
  expect(tokens.refresh_token!.length).toBeGreaterThan(20);
  expect(await page.content()).not.toContain(tokens.refresh_token!);
});

// Every token passes the verifier before the session holds it (issue #10): a token with a
// broken signature, one that cannot be verified, or a malformed one never reaches the inspector;
// the sign-in is refused at the door with the reason, and nobody is signed in.
async function expectRefusedAtTheDoor(page: Page, title: string, detail: string) {
  await openHostedUi(page);
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  const panel = page.getByRole('alert');
  await expect(panel.getByRole('heading', { name: title })).toBeVisible();
  await expect(panel).toContainText(detail);
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
}

test('a token whose signature was broken is refused at sign-in, saying why', async ({ page }) => {
  await page.route('**/oauth2/token', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as IssuedTokens;
    const [h, p, s] = body.id_token.split('.');
    const flipped = (s[10] === 'A' ? 'B' : 'A');
    body.id_token = [h, p, s.slice(0, 10) + flipped + s.slice(11)].join('.');
    await route.fulfill({ response, json: body });
  });
  await expectRefusedAtTheDoor(page, "A token was refused: its signature is not the user pool's",
    'does not match the header and payload');
});

test('an unreachable JWKS refuses the sign-in as unverifiable, never as verified', async ({ page }) => {
  await page.route('**/.well-known/jwks.json', (route) => route.abort('connectionrefused'));
  await expectRefusedAtTheDoor(page, 'The sign-in could not be verified', 'could not be fetched');
});

test('a malformed token is refused at sign-in, naming the part that failed', async ({ page }) => {
  await page.route('**/oauth2/token', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as IssuedTokens;
    const [h, , s] = body.access_token.split('.');
    body.access_token = [h, 'bm90IGpzb24', s].join('.'); // "not json"
    await route.fulfill({ response, json: body });
  });
  await expectRefusedAtTheDoor(page, 'Cognito sent a token the portal cannot read',
    'the payload is not valid JSON');
});

test('a given_name holding markup appears as literal text and runs no script', async ({ page }) => {
  const email = `xss-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'Xss-Passw0rd!';
  const evil = '<img src=x onerror="window.__pwned=1">';
  admin('create-user', email, password, 'Eve', 'Markup');
  admin('set-attribute', email, 'given_name', evil);

  await openHostedUi(page);
  await submitCredentials(page, email, password);
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  await expect(page.locator('table.claims tr', { hasText: 'given_name' }).locator('td')).toHaveText(evil);
  await openTokens(page);
  await expect(page.locator('tr[data-claim=given_name] td').first()).toHaveText(evil);
  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page.locator('tr[data-attribute=given_name] td').first()).toHaveText(evil);
  expect(await page.locator('main img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('redaction hides the email and every token value on every page', async ({ page }) => {
  const { tokens } = await signInAsDemo(page);
  const secrets = [DEMO_EMAIL, tokens.id_token, tokens.access_token, tokens.refresh_token!];
  await openTokens(page);
  await page.locator('details.raw summary').click();
  await expect(page.locator('pre.encoded')).toHaveText(tokens.id_token);
  expect(await page.content()).toContain(DEMO_EMAIL);

  await page.getByLabel('Redact for screenshots').check();
  for (const tab of ['ID token', 'Access token', 'Refresh token']) {
    await page.getByRole('tab', { name: tab }).click();
    if (tab !== 'Refresh token') await page.locator('details.raw summary').click();
    const html = await page.content();
    for (const secret of secrets) expect(html, `${tab} shows a secret`).not.toContain(secret);
  }
  // Each page once its answers are in: the API's /me card on Home, the userInfo table on Profile.
  const loaded = { Home: page.locator('.api-me[aria-busy=false] dl'), Profile: page.locator('table.profile-compare') };
  for (const link of ['Home', 'Profile'] as const) {
    await page.getByRole('link', { name: link }).click();
    await expect(loaded[link]).toBeVisible();
    const html = await page.content();
    for (const secret of secrets) expect(html, `${link} shows a secret`).not.toContain(secret);
  }
});

test('copying a token warns first', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { tokens } = await signInAsDemo(page);
  await openTokens(page);
  await page.locator('details.raw summary').click();
  await page.getByRole('button', { name: 'Copy token' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'live credential' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).not.toBe(tokens.id_token);
  await page.getByRole('button', { name: 'Copy anyway' }).click();
  await expect(page.getByText('Copied')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(tokens.id_token);
});

test('the countdown moves with the clock, and the page raises no CSP violation', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && page.url().startsWith(PORTAL_ORIGIN)) problems.push(m.text()); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective}`));
  });
  await page.clock.install();
  await signInAsDemo(page);
  await openTokens(page);
  const countdown = page.locator('.countdown-text');
  await expect(countdown).toContainText(/Expires in (1 h 00 min|59 min)/);
  await page.clock.fastForward('10:00');
  await expect(countdown).toContainText(/Expires in (50|49) min/);
  await expect(page.locator('tr[data-claim=exp] .time-relative')).toHaveText(/in (50|49) min/);
  expect(problems).toEqual([]);
});
