// The protected API (issue #5) through ministack's API Gateway, Cognito authorizer and the Rust
// Lambda, and the site through the emulated CloudFront.
import { expect, test, type Page, type Request } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_EMAIL, DEMO_PASSWORD, PORTAL_ORIGIN, signInAs, submitCredentials } from '../pages/portal';

const repo = path.resolve(__dirname, '../../..');
const local = path.join(repo, '.local');
const configPath = process.env.CONFIG_PATH ?? path.join(local, 'config.json');
const config = JSON.parse(readFileSync(configPath, 'utf-8')) as {
  apiBaseUrl: string; apiClientId: string;
};
const expiringConfigPath = path.join(path.dirname(process.env.SHORT_CONFIG_PATH ?? path.join(local, 'config.short.json')), 'config.expiring.json');
// deploy.py writes the stack's outputs beside the config.
const outputs = JSON.parse(readFileSync(path.join(path.dirname(configPath), 'stack-outputs.json'), 'utf-8')) as { CloudFrontUrl: string };
const ADMIN_EMAIL = 'admin@example.com';
const ADMIN_PASSWORD = 'Admin-Passw0rd!';

async function signIn(page: Page, email: string, password: string) {
  return (await signInAs(page, email, password)).tokens;
}

function apiRequests(page: Page, route: string): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => { if (r.url().startsWith(config.apiBaseUrl + route) && r.method() === 'GET') seen.push(r); });
  return seen;
}

test('the dashboard shows /me from the API, called with the ID token and never the access token', async ({ page }) => {
  const calls = apiRequests(page, '/me');
  const tokens = await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);
  const card = page.locator('.api-me');
  await expect(card.locator('dd').filter({ hasText: DEMO_EMAIL })).toBeVisible();
  await expect(card).toContainText('customers');
  expect(calls.length).toBeGreaterThanOrEqual(1);
  for (const call of calls) {
    const authorization = await call.headerValue('authorization');
    expect(authorization).toBe(tokens.id_token);
    expect(authorization).not.toContain(tokens.access_token);
  }
  // A customer gets no admin panel.
  await expect(page.locator('.api-admin')).toHaveCount(0);
});

/** `GET <path>` on the API with `token`, from the test runner (as a script would). */
async function callApi(path: string, token?: string) {
  const r = await fetch(`${config.apiBaseUrl}${path}`, { headers: token ? { Authorization: token } : {} });
  return { status: r.status, headers: r.headers, body: await r.json() as Record<string, unknown> };
}

test("an admin's panel comes in /me's answer; scripts still get it from /admin/summary, and customers get neither", async ({ browser }) => {
  const adminPage = await browser.newPage();
  const me = apiRequests(adminPage, '/me');
  const summary = apiRequests(adminPage, '/admin/summary');
  const adminTokens = await signIn(adminPage, ADMIN_EMAIL, ADMIN_PASSWORD);
  const panel = adminPage.locator('.api-admin');
  await expect(panel).toContainText('static');
  await expect.poll(() => me.length).toBe(1);
  const answer = await (await me[0].response())!.json() as { admin?: unknown };
  expect(answer.admin).toMatchObject({ source: 'static' });
  expect(summary).toHaveLength(0);
  await adminPage.close();
  const direct = await callApi('/admin/summary', adminTokens.id_token);
  expect(direct.status).toBe(200);
  expect(direct.body).toEqual({ ...(answer.admin as object), generatedAt: direct.body.generatedAt });

  const customer = await browser.newPage();
  const tokens = await signIn(customer, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(customer.locator('.api-me dd').filter({ hasText: DEMO_EMAIL })).toBeVisible();
  await expect(customer.locator('.api-admin')).toHaveCount(0);
  const refused = await customer.evaluate(async ([url, token]) => {
    const r = await fetch(url, { headers: { Authorization: token } });
    return { status: r.status, body: await r.json() };
  }, [`${config.apiBaseUrl}/admin/summary`, tokens.id_token]);
  expect(refused.status).toBe(403);
  expect(refused.body.message).toContain('admins');
  const customerMe = await callApi('/me', tokens.id_token);
  expect(customerMe.status).toBe(200);
  expect(customerMe.body).not.toHaveProperty('admin');
  await customer.close();
});

test('every API answer says no-store, and the preflight says how long to keep it', async ({ page }) => {
  // The preflight is answered by the Lambda (through ministack's API Gateway, as on AWS).
  const preflight = await fetch(`${config.apiBaseUrl}/me`, {
    method: 'OPTIONS',
    headers: { Origin: PORTAL_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(PORTAL_ORIGIN);
  expect(preflight.headers.get('access-control-max-age')).toBe('7200');
  expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');

  const tokens = await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);
  const ok = await callApi('/me', tokens.id_token);
  expect(ok.status).toBe(200);
  expect(ok.headers.get('cache-control')).toBe('no-store');
  expect(ok.headers.get('vary')).toContain('Origin');
  // The authorizer's own 401 (a gateway response, not the Lambda) is kept out of caches too.
  const refused = await callApi('/me');
  expect(refused.status).toBe(401);
  expect(refused.headers.get('cache-control')).toBe('no-store');
  expect(refused.headers.get('access-control-allow-origin')).toBe(PORTAL_ORIGIN);
});

test('no token gives a 401 the browser can read (the gateway response carries CORS headers)', async ({ page }) => {
  await page.goto('/');
  const answer = await page.evaluate(async (url) => {
    const r = await fetch(url);
    return { status: r.status, body: await r.text() };
  }, `${config.apiBaseUrl}/me`);
  expect(answer.status).toBe(401);
  expect(answer.body).toContain('Unauthorized');
});

test('an expired ID token: one refresh, one retry, then 200', async ({ context, page }) => {
  await context.route('**/config.json', (route) => route.fulfill({ path: expiringConfigPath, contentType: 'application/json' }));
  await context.clock.install();
  const tokenRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/oauth2/token')) tokenRequests.push(new URLSearchParams(r.postData() ?? '').get('grant_type') ?? '');
  });
  const calls = apiRequests(page, '/me');
  const tokens = await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page.locator('.api-me dd').filter({ hasText: DEMO_EMAIL })).toBeVisible();
  const before = calls.length;

  // The page's clock stands still while real time passes the 6 s token life: the portal still
  // thinks the ID token is fresh, API Gateway knows it is not. Wait until the gateway itself
  // refuses the token (asked from here, not from the page, so the page's calls stay counted).
  await page.clock.pauseAt(Date.now() + 500);
  await expect.poll(async () => (await fetch(`${config.apiBaseUrl}/me`, { headers: { Authorization: tokens.id_token } })).status, {
    message: 'waiting for API Gateway to refuse the expired ID token',
    timeout: 15_000,
    intervals: [500],
  }).toBe(401);
  await page.locator('.api-me').getByRole('button', { name: 'Call again' }).click();
  await expect(page.locator('.api-me dd').filter({ hasText: DEMO_EMAIL })).toBeVisible();
  await expect(page.locator('.api-me [data-testid=api-error]')).toHaveCount(0);
  await expect.poll(() => calls.length - before).toBe(2);
  const statuses = await Promise.all(calls.slice(before).map(async (c) => (await c.response())?.status()));
  expect(statuses).toEqual([401, 200]);
  expect(tokenRequests.filter((g) => g === 'refresh_token')).toHaveLength(1);
  await expect(page.getByRole('link', { name: 'Session', exact: true })).toBeVisible();
});

test('the API access page shows the client, region and URL, and its curl snippet gets 200 from /me', async ({ page }) => {
  await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);
  await page.getByRole('link', { name: 'API access' }).click();
  await expect(page.locator('.api-client-id')).toContainText(config.apiClientId);
  await expect(page.locator('.api-base-url')).toContainText(config.apiBaseUrl);
  const snippet = await page.getByTestId('curl-snippet').textContent();
  expect(snippet).toContain('USER_PASSWORD_AUTH');
  // The password is typed at the script's prompt (read -s), never written into it (issue #13).
  expect(snippet).not.toContain('your password');
  const script = (snippet ?? '').replace("USERNAME='you@example.com'", `USERNAME='${DEMO_EMAIL}'`);
  const env = { ...process.env };
  delete env.PORTAL_PASSWORD;
  const output = execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
    encoding: 'utf-8', timeout: 20_000, input: `${DEMO_PASSWORD}\n`, env,
  });
  const me = JSON.parse(output) as { email: string; groups: string[] };
  expect(me.email).toBe(DEMO_EMAIL);
  expect(me.groups).toEqual(['customers']);
  await expect(page.getByTestId('python-snippet')).toContainText('urllib.request');
});

test('through the emulated CloudFront: production CSP, no violations, SPA fallback, and sign-in', async ({ page }) => {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __violations: string[] }).__violations ??= [];
      (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (m) => { if (m.type() === 'error' && m.text().includes('Content Security Policy')) violations.push(m.text()); });

  const deep = await page.goto(`${outputs.CloudFrontUrl}/claims`);
  expect(deep?.status()).toBe(200);
  const csp = deep?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(deep?.headers()['strict-transport-security']).toContain('max-age=');
  expect(deep?.headers()['x-content-type-options']).toBe('nosniff');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();

  await page.goto(outputs.CloudFrontUrl);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.locator('input[name=username]')).toBeVisible();
  await submitCredentials(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(outputs.CloudFrontUrl).origin);
  await expect(page.locator('.api-me dd').filter({ hasText: DEMO_EMAIL })).toBeVisible();
  const inPage = await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []);
  expect([...violations, ...inPage]).toEqual([]);
});
