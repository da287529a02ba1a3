import { expect, test } from '@playwright/test';
import { PORTAL_ORIGIN, signInAsDemo } from '../pages/portal';

// The redirect back from the hosted UI carries the one-time code and `state` in the URL. Any
// request the page sends while they are still there could carry that URL in its Referer (a
// same-origin request gets the full URL under the default policy), and the code would then sit
// in server and CDN logs. The defences: the `Referrer-Policy: no-referrer` header (serve.py,
// CloudFront's response headers policy) and index.html's `<meta name="referrer">` before anything
// it loads (its /config.json preload is asked for while the code is still in the address bar),
// and the app scrubs the URL before its wasm sends anything of its own (its chunks). The code
// exchange leaves earlier, from the boot script, with the code in its body and no Referer
// (early-exchange.spec.ts).
test('the code and state never reach a Referer, and the app scrubs the URL before its own first request', async ({ page }) => {
  const seen: { path: string; pageUrl: string; referer: string }[] = [];
  await page.route(`${PORTAL_ORIGIN}/**`, async (route) => {
    const request = route.request();
    if (!request.isNavigationRequest()) {
      const pageUrl = await page.evaluate(() => location.href).catch(() => 'about:blank');
      seen.push({ path: new URL(request.url()).pathname, pageUrl, referer: (await request.headerValue('referer')) ?? '' });
    }
    await route.continue();
  });

  const { callbackUrl } = await signInAsDemo(page);

  // The redirect did carry a code and a state: there was something to scrub.
  expect(new URL(callbackUrl).searchParams.get('code')).toBeTruthy();
  expect(new URL(callbackUrl).searchParams.get('state')).toBeTruthy();
  for (const { referer } of seen) expect(referer).not.toMatch(/[?&](code|state)=/);
  const onCallback = seen.filter((s) => s.pageUrl.startsWith(`${PORTAL_ORIGIN}/callback`));
  // The config is asked for once on the callback, by index.html's preload, with no Referer at all.
  const config = onCallback.filter((s) => s.path === '/config.json');
  expect(config, JSON.stringify(seen)).toHaveLength(1);
  expect(config[0].referer).toBe('');
  // The app's own first request (the signed-in chunk it fetches at start) finds the URL scrubbed.
  const own = onCallback.find((s) => /\/(split|chunk)_[a-z_0-9]+-[0-9a-f]{16}\.wasm$/.test(s.path));
  expect(own, JSON.stringify(seen)).toBeDefined();
  expect(own?.pageUrl).toBe(`${PORTAL_ORIGIN}/callback`);
});
