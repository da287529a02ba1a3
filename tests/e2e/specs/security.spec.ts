import { expect, test, type APIResponse, type Response } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PORTAL_ORIGIN, readConfig, signInAsDemo } from '../pages/portal';

const configPath = process.env.CONFIG_PATH ?? path.resolve(__dirname, '../../../.local/config.json');
const cloudFront = (JSON.parse(readFileSync(path.join(path.dirname(configPath), 'stack-outputs.json'), 'utf-8')) as
  { CloudFrontUrl: string }).CloudFrontUrl;

/** Issue #13's headers, the same from the local server and from CloudFront (serve.py's one definition). */
function expectHardenedHeaders(response: APIResponse | Response, where: string) {
  const headers = response.headers();
  expect(headers['cross-origin-opener-policy'], where).toBe('same-origin');
  const permissions = headers['permissions-policy'] ?? '';
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) {
    expect(permissions, where).toContain(`${feature}=()`);
  }
  // connect-src names exact origins: the hosted UI, the pool's JWKS and API, the API; no wildcard.
  const csp = headers['content-security-policy'];
  const connect = csp.split('; ').find((d) => d.startsWith('connect-src '))!.split(' ').slice(1);
  expect(connect[0]).toBe("'self'");
  for (const source of connect.slice(1)) expect(source, where).toMatch(/^https?:\/\/[a-z0-9.-]+(:\d+)?$/);
  // Trusted Types is not enforced: Leptos renders its static view parts through innerHTML.
  expect(csp).not.toContain('require-trusted-types-for');
}

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
    expectHardenedHeaders(response, path);
  }
  // The local server's connect-src: exactly the config's endpoint origins.
  const config = readConfig() as ReturnType<typeof readConfig> & { hostedUiBaseUrl: string; endpoints: Record<string, string> };
  const expected = new Set([config.hostedUiBaseUrl, config.apiBaseUrl!, ...Object.values(config.endpoints)].map((u) => new URL(u).origin));
  const csp = (await request.get('/')).headers()['content-security-policy'];
  const connect = csp.split('; ').find((d) => d.startsWith('connect-src '))!.split(' ').slice(2);
  expect(new Set(connect)).toEqual(expected);
});

test('CloudFront sends the same hardened headers as the local server', async ({ page }) => {
  // Through the browser: Chromium maps *.localhost to loopback, Node's resolver may not.
  const response = (await page.goto(`${cloudFront}/`))!;
  expect(response.status()).toBe(200);
  expectHardenedHeaders(response, 'CloudFront');
  expect(response.headers()['content-security-policy']).not.toContain('unsafe-inline');
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
