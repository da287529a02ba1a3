import { expect, test } from '@playwright/test';
import { PORTAL_ORIGIN, signInAsDemo } from '../pages/portal';

// The redirect back from the hosted UI carries the one-time code and `state` in the URL. Any
// request the page sends while they are still there carries that URL in its Referer (a
// same-origin request gets the full URL under the default policy), and the code then sits in
// server and CDN logs. So the app scrubs the URL before it sends anything: its first request
// is /config.json, on /callback too.
test('the code and state leave the URL before the app sends its first request', async ({ page }) => {
  const seen: { pageUrl: string; referer: string }[] = [];
  await page.route('**/config.json', async (route) => {
    const pageUrl = await page.evaluate(() => location.href);
    const referer = (await route.request().headerValue('referer')) ?? '';
    seen.push({ pageUrl, referer });
    await route.continue();
  });

  const { callbackUrl } = await signInAsDemo(page);

  // The redirect did carry a code and a state: there was something to scrub.
  expect(new URL(callbackUrl).searchParams.get('code')).toBeTruthy();
  expect(new URL(callbackUrl).searchParams.get('state')).toBeTruthy();
  const onCallback = seen.filter((s) => new URL(s.pageUrl).pathname === '/callback');
  expect(onCallback, JSON.stringify(seen)).toHaveLength(1);
  expect(onCallback[0].pageUrl).toBe(`${PORTAL_ORIGIN}/callback`);
  for (const { pageUrl, referer } of seen) {
    expect(pageUrl).not.toMatch(/[?&](code|state)=/);
    expect(referer).not.toMatch(/[?&](code|state)=/);
  }
});
