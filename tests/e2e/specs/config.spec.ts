import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';

const realConfig = () => JSON.parse(readFileSync(process.env.CONFIG_PATH ?? '../../.local/config.json', 'utf8'));

test('/config.json is served beside index.html and names the user pool', async ({ request }) => {
  const response = await request.get('/config.json');
  expect(response.status()).toBe(200);
  expect((await response.json()).userPoolId).toMatch(/^us-east-1_[A-Za-z0-9]+$/);
});

test('the config is fetched once per page: the app takes the answer index.html preloaded', async ({ page }) => {
  // index.html asks for /config.json while the wasm compiles; an app fetch that did not match
  // that preload (another cache mode, credentials or referrer) would ask a second time.
  const asked = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/config.json') asked.push(request.resourceType());
  });
  const html = await (await page.goto('/')).text();
  expect(html).toMatch(/<link rel="preload" href="\/config\.json" as="fetch" crossorigin="anonymous"/);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  expect(asked).toHaveLength(1);
});

test('a missing config shows an error page with the fix', async ({ page }) => {
  await page.route('**/config.json', (route) => route.fulfill({ status: 404, body: 'Not found' }));
  await page.goto('/');
  const panel = page.getByRole('alert');
  await expect(panel.getByRole('heading', { name: 'The portal is not configured correctly' })).toBeVisible();
  await expect(panel).toContainText('HTTP 404');
  await expect(panel).toContainText('Deploy a /config.json beside index.html');
});

test('malformed JSON is reported, not a blank page', async ({ page }) => {
  await page.route('**/config.json', (route) => route.fulfill({ status: 200, body: '{"region": "us-east-1",' }));
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('not valid JSON');
});

test('a missing field is named with its fix', async ({ page }) => {
  const config = realConfig();
  delete config.clientId;
  await page.route('**/config.json', (route) => route.fulfill({ status: 200, json: config }));
  await page.goto('/');
  const panel = page.getByRole('alert');
  await expect(panel.locator('.error-code code')).toHaveText('clientId');
  await expect(panel).toContainText('public app client');
});

test('a redirect URI on another origin is caught before any sign-in', async ({ page }) => {
  const config = realConfig();
  config.redirectUri = config.redirectUri.replace('127.0.0.1', 'localhost');
  await page.route('**/config.json', (route) => route.fulfill({ status: 200, json: config }));
  await page.goto('/');
  const panel = page.getByRole('alert');
  await expect(panel.locator('.error-code code')).toHaveText('redirectUri');
  await expect(panel).toContainText('127.0.0.1 and localhost are different origins');
});
