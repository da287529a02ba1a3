// One round trip per API call (issue #11): the portal's API fetch leaves the browser's cache
// mode at its default, so Chromium reuses the CORS preflight for the Lambda's
// Access-Control-Max-Age (a `cache: no-store` fetch skips the preflight cache and pays a
// preflight every time), and an admin's home page gets the admin summary inside `/me`'s answer
// instead of a second call.
//
// Preflights are counted through the DevTools protocol: Chromium's network service sends them
// itself, and Playwright's request events do not report them.
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { DEMO_EMAIL, DEMO_PASSWORD, readConfig, signInAs } from '../pages/portal';

const API = readConfig().apiBaseUrl ?? '';
const ADMIN_EMAIL = 'admin@example.com';
const ADMIN_PASSWORD = 'Admin-Passw0rd!';

/** Every request to the API the browser sends, preflights included, as `METHOD path`. */
async function recordApiTraffic(page: Page): Promise<string[]> {
  const seen: string[] = [];
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e: { request: { url: string; method: string } }) => {
    if (e.request.url.startsWith(API)) seen.push(`${e.request.method} ${e.request.url.slice(API.length)}`);
  });
  return seen;
}

const preflights = (traffic: string[]) => traffic.filter((t) => t.startsWith('OPTIONS '));
const calls = (traffic: string[]) => traffic.filter((t) => t.startsWith('GET '));

test.beforeAll(() => {
  expect(API, 'the local config has an apiBaseUrl').toMatch(/^http/);
});

test('ten API calls after sign-in cost one preflight in all', async ({ page }) => {
  const traffic = await recordApiTraffic(page);
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  const card = page.locator('.api-me');
  await expect(card.locator('dd').filter({ hasText: DEMO_EMAIL })).toBeVisible();
  await expect(card).toHaveAttribute('aria-busy', 'false');
  await expect.poll(() => calls(traffic).length).toBe(1);

  const again = card.getByRole('button', { name: 'Call again' });
  for (let i = 0; i < 10; i += 1) {
    await again.click();
    await expect.poll(() => calls(traffic).length).toBe(2 + i);
    await expect(card).toHaveAttribute('aria-busy', 'false');
  }
  await expect(card.locator('dd').filter({ hasText: DEMO_EMAIL })).toBeVisible();
  await expect(card.locator('[data-testid=api-error]')).toHaveCount(0);

  expect(calls(traffic)).toEqual(Array(11).fill('GET /me'));
  // The sign-in's own call may need the one preflight; the ten after it reuse it.
  console.log(`API traffic for 11 calls: ${calls(traffic).length} GET, ${preflights(traffic).length} OPTIONS`);
  expect(preflights(traffic).length).toBeLessThanOrEqual(1);
});

test("an admin's callback costs one API request, which brings the admin panel too", async ({ page }) => {
  const traffic = await recordApiTraffic(page);
  await signInAs(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  const panel = page.locator('.api-admin');
  await expect(panel).toContainText('static');
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  await expect(page.locator('.api-me dd').filter({ hasText: ADMIN_EMAIL })).toBeVisible();
  await expect(page.locator('.api-me')).toHaveAttribute('aria-busy', 'false');
  await expect(page.locator('table.claims')).toBeVisible();

  expect(calls(traffic)).toEqual(['GET /me']);
  expect(preflights(traffic).length).toBeLessThanOrEqual(1);
  // The profile card shows the caller, not the summary a second time.
  await expect(page.locator('.api-me dt').filter({ hasText: /^admin$/ })).toHaveCount(0);
});
