import { expect, test } from '@playwright/test';
import { PORTAL_ORIGIN, signInAsDemo } from '../pages/portal';

test('pages carry a strict Content-Security-Policy', async ({ request }) => {
  for (const path of ['/', '/callback', '/some/deep/link']) {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    const csp = response.headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/unsafe-eval'(?<!wasm-unsafe-eval')/);
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
  }
});

test('index.html has no inline script', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const inline = html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? [];
  expect(inline).toEqual([]);
  expect(html).toMatch(/<script type="module" src="\/boot-[0-9a-f]{16}\.js"><\/script>/);
});

test('signing in causes zero CSP violations and no console errors', async ({ page }) => {
  const problems: string[] = [];
  // Only the portal's pages count: the emulated hosted UI has no favicon, which Chromium logs.
  page.on('console', (message) => {
    if (message.type() === 'error' && page.url().startsWith(PORTAL_ORIGIN)) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await signInAsDemo(page);
  expect(problems).toEqual([]);
});

test('an unknown route shows the not-found page inside the app', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
