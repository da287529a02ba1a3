// The session lifecycle (issue #4): refresh timing, single flight, tabs, outages, revocation,
// clock skew, sleeping tabs, sign-out everywhere. Runs against the local Cognito with the
// test-only app client whose ID and access tokens live 120 s, so a refresh is due 90 s after
// issue (a quarter of the lifetime before expiry). Time is faked with Playwright's clock; the
// emulator keeps real time, which is exactly a device clock that drifts from Cognito's.
import { expect, test, type Page, type Request } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  admin, DEMO_EMAIL, SHORT_CONFIG_PATH, sessionEventMark, sessionEvents, signInAsDemo, waitForRefreshIdle, waitForSessionEvent,
} from '../pages/portal';
import {
  badge, expectNothingStored, openSessionPage, openSiblingTab, sessionPhase, shortLivedContext, timeline,
} from '../pages/session';

const shortConfig = JSON.parse(readFileSync(SHORT_CONFIG_PATH, 'utf-8')) as { clientId: string };

/** How a tab gets new tokens at a refresh: its own refresh, or another tab's announced to it. */
const TOKENS_ARRIVED = ['refreshed', 'refreshed-elsewhere'];

/**
 * Waits until a refresh (or adoption) has been followed by a new schedule in the page's timeline,
 * and returns that schedule's text: once a tab has scheduled its next refresh, anything a wrong
 * schedule would have done (an immediate second refresh) would have to come after it.
 */
async function waitForNewSchedule(page: Page, after: string | string[], since = 0): Promise<string> {
  const [done] = await waitForSessionEvent(page, after, { since });
  const [scheduled] = await waitForSessionEvent(page, 'refresh-scheduled', { since: done.index + 1 });
  return scheduled.text;
}

test.afterEach(async ({ context }) => {
  await context.unrouteAll({ behavior: 'ignoreErrors' });
});

test('(a) a refresh happens before expiry with exactly one token request', async ({ context, page }) => {
  await context.clock.install();
  const traffic = await shortLivedContext(context);
  await signInAsDemo(page);
  await openSessionPage(page);
  await expect(badge(page)).toContainText('Signed in');

  await context.clock.fastForward('01:20'); // 80 s: before the refresh point (90 s)
  // The badge's clock ticked past 80 s (the refresh is now seconds away) and the phase is still
  // "signed in": a refresh started early would show "Refreshing…" or a new schedule in minutes.
  await expect(badge(page)).toContainText(/^Signed in · .* · refresh in \d+ s$/);
  expect(await sessionEvents(page)).not.toContainEqual(expect.objectContaining({ kind: 'refresh-started' }));
  expect(traffic.refreshes).toHaveLength(0);

  const mark = await sessionEventMark(page);
  await context.clock.fastForward('00:15'); // 95 s: past it, 25 s before expiry
  // The refresh, then the next one scheduled minutes ahead: nothing more is due.
  const next = await waitForNewSchedule(page, 'refreshed', mark);
  expect(next).toMatch(/^Refresh scheduled in \d+ min\.$/);
  await waitForRefreshIdle(page);
  expect(traffic.refreshes).toHaveLength(1);
  await expect(timeline(page)).toContainText('Tokens refreshed.');
  await expect(badge(page)).toContainText('Signed in');
  const body = new URLSearchParams(traffic.refreshes[0].postData() ?? '');
  expect(body.get('client_id')).toBe(shortConfig.clientId);
  expect(body.get('refresh_token')?.length).toBeGreaterThan(20);
  await expectNothingStored(context, traffic);
});

test('(b) ten concurrent token-using actions at expiry cause one token request', async ({ context, page }) => {
  await context.clock.install();
  const traffic = await shortLivedContext(context);
  const userInfo: Request[] = [];
  page.on('request', (r) => { if (r.url().includes('/oauth2/userInfo')) userInfo.push(r); });
  await signInAsDemo(page);
  await openSessionPage(page);

  // Jump the clock past expiry without firing the refresh timer: the calls find the tokens due.
  await context.clock.setSystemTime(Date.now() + 125_000);
  const refreshed = page.waitForResponse((r) => r.url().includes('/oauth2/token'));
  await page.getByRole('button', { name: 'Call userInfo 10 times at once' }).click();
  const fresh = await (await refreshed).json() as { access_token: string };
  await expect(page.locator('.parallel-outcome')).toHaveText('10 calls finished: 10 succeeded, 0 failed.');

  expect(traffic.refreshes).toHaveLength(1);
  expect(userInfo).toHaveLength(10);
  for (const request of userInfo) {
    expect(await request.headerValue('authorization')).toBe(`Bearer ${fresh.access_token}`);
  }
  await expect(timeline(page)).toContainText('Refreshing tokens: a request needed a fresh token.');
  console.log(`(b) token requests for 10 concurrent actions: ${traffic.refreshes.length}`);
  await expectNothingStored(context, traffic);
});

test('(c) three tabs at expiry cause one token request in total; the others adopt', async ({ context, page }) => {
  await context.clock.install();
  const traffic = await shortLivedContext(context);
  await signInAsDemo(page);
  const second = await openSiblingTab(context);
  const third = await openSiblingTab(context);
  for (const tab of [page, second, third]) await openSessionPage(tab);
  expect(traffic.refreshes).toHaveLength(0);

  const tabs = [page, second, third];
  const marks = await Promise.all(tabs.map(sessionEventMark));
  await context.clock.fastForward('01:35');
  await expect.poll(() => traffic.refreshes.length).toBe(1);
  // Every tab has its new tokens and its next schedule, and no tab holds or waits for the
  // refresh lock any more (a tab that waited for it checks for news first): no refresh can
  // still be on its way.
  for (const [i, tab] of tabs.entries()) await waitForNewSchedule(tab, TOKENS_ARRIVED, marks[i]);
  await waitForRefreshIdle(page);
  expect(traffic.refreshes).toHaveLength(1);
  let refreshedHere = 0;
  for (const tab of tabs) {
    await expect(badge(tab)).toContainText('Signed in');
    // Newest first: the schedule, then how this tab got its new tokens.
    const kinds = await timeline(tab).locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
    expect(kinds[0]).toBe('refresh-scheduled');
    expect(TOKENS_ARRIVED).toContain(kinds[1]);
    if (kinds[1] === 'refreshed') refreshedHere += 1;
  }
  expect(refreshedHere, 'exactly one tab refreshed, the others adopted').toBe(1);
  console.log(`(c) token requests for 3 tabs at expiry: ${traffic.refreshes.length}`);
  await expectNothingStored(context, traffic);
});

test('(d) a second tab opened on the portal is signed in without visiting the hosted UI', async ({ context, page }) => {
  const traffic = await shortLivedContext(context);
  await signInAsDemo(page);
  const hostedUi: string[] = [];
  context.on('request', (r) => { if (r.url().includes('/oauth2/authorize') || r.url().includes('/login')) hostedUi.push(r.url()); });

  const second = await openSiblingTab(context);
  await expect(second.locator('.who-email')).toHaveText(DEMO_EMAIL);
  expect(hostedUi).toEqual([]);
  expect(traffic.codeExchanges).toHaveLength(1);
  expect(traffic.refreshes).toHaveLength(0);
  await openSessionPage(page);
  await expect(timeline(page)).toContainText('Handed the session to another tab.');
  await openSessionPage(second);
  await expect(timeline(second)).toContainText('Adopted the session from another tab.');
  await expectNothingStored(context, traffic);
});

test('(d) without another tab, a new tab says why it is signed out', async ({ context }) => {
  await shortLivedContext(context);
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByTestId('signed-out-reason')).toContainText('Tokens are kept in memory only');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
});

test('(e) the token endpoint failing (500, then a timeout) keeps the session, shows reconnecting, and recovers', async ({ context, page }) => {
  await context.clock.install();
  const traffic = await shortLivedContext(context);
  await signInAsDemo(page);
  await openSessionPage(page);

  let call = 0;
  await context.route('**/oauth2/token', async (route) => {
    call += 1;
    if (call === 1) {
      await route.fulfill({ status: 500, headers: { 'Access-Control-Allow-Origin': '*' }, body: 'Internal Server Error' });
    } else if (call === 2) {
      // Never answers: the portal's own 10 s timeout must end it.
    } else {
      await route.continue();
    }
  });

  await context.clock.fastForward('01:35');
  await expect(badge(page)).toContainText('Reconnecting');
  await expect(page.getByTestId('session-phase')).toContainText('HTTP 500');
  await expect(page.locator('.who-email')).toHaveText(DEMO_EMAIL); // still signed in

  await context.clock.fastForward('00:06'); // the 5 s retry: this one hangs
  await expect.poll(() => call).toBe(2);
  await expect(badge(page)).toContainText('Refreshing');
  await context.clock.fastForward('00:11'); // past the 10 s timeout
  await expect(page.getByTestId('session-phase')).toContainText('no answer');
  await expect(badge(page)).toContainText('Reconnecting');

  await context.clock.fastForward('00:06'); // the next retry goes through
  await expect(badge(page)).toContainText('Signed in');
  await expect(timeline(page)).toContainText('Tokens refreshed.');
  expect(call).toBe(3);
  expect(traffic.refreshes).toHaveLength(3);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expectNothingStored(context, traffic);
});

test('(f) a revoked refresh token leads to a clean sign-out with the reason shown', async ({ context, page }) => {
  await context.clock.install();
  const traffic = await shortLivedContext(context);
  const { tokens } = await signInAsDemo(page);
  const second = await openSiblingTab(context);
  admin('revoke-token', shortConfig.clientId, tokens.refresh_token!);

  await context.clock.fastForward('01:35');
  for (const tab of [page, second]) {
    await expect(tab.getByTestId('signed-out-reason')).toHaveText('Your session ended; sign in again.');
    await expect(tab.locator('.oauth-error')).toContainText('invalid_grant');
    await expect(tab.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  }
  for (const tab of [page, second]) await waitForSessionEvent(tab, 'signed-out');
  await waitForRefreshIdle(page);
  expect(traffic.refreshes, 'one refused refresh, no retry, no redirect loop').toHaveLength(1);
  expect(new URL(page.url()).origin).toBe(new URL(second.url()).origin);
  await expectNothingStored(context, traffic);
});

for (const skewMinutes of [10, -10]) {
  test(`(g) a browser clock ${skewMinutes > 0 ? 'ahead' : 'behind'} by 10 minutes causes no refresh loop`, async ({ context, page }) => {
    await context.clock.install({ time: Date.now() + skewMinutes * 60_000 });
    const traffic = await shortLivedContext(context);
    await signInAsDemo(page);
    await openSessionPage(page);
    await expect(page.locator('dd').filter({ hasText: 'timing uses Cognito' })).toContainText(skewMinutes > 0 ? 'ahead' : 'behind');

    // Five minutes in 10 s steps: one refresh per 90 s, so 3, never a loop. After each step the
    // tab is back to "signed in" (any refresh the step started has finished) before time moves on.
    for (let step = 0; step < 30; step += 1) {
      await context.clock.fastForward('00:10');
      await expect(sessionPhase(page)).toHaveText('Signed in.');
    }
    await waitForRefreshIdle(page);
    expect(traffic.refreshes.length).toBeGreaterThanOrEqual(3);
    expect(traffic.refreshes.length).toBeLessThanOrEqual(4);
    await expect(badge(page)).toContainText('Signed in');
    await expectNothingStored(context, traffic);
  });
}

test('(h) a hidden tab resumed after expiry refreshes on resume', async ({ context, page }) => {
  await context.clock.install();
  const traffic = await shortLivedContext(context);
  await signInAsDemo(page);
  await openSessionPage(page);

  // A background tab: hidden, and its timers do not run (the clock is paused) while 200 s pass.
  await page.clock.pauseAt(Date.now() + 1_000);
  const setVisibility = (state: 'hidden' | 'visible') => page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { value: s, configurable: true });
    Object.defineProperty(document, 'hidden', { value: s === 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
  const mark = await sessionEventMark(page);
  await setVisibility('hidden');
  await page.clock.setSystemTime(Date.now() + 200_000);
  // The tab handled "hidden" (synchronously, inside the event) without starting a refresh, and
  // no refresh holds or waits for the lock.
  await expect(sessionPhase(page)).toHaveText('Signed in.');
  await waitForRefreshIdle(page);
  expect((await sessionEvents(page)).slice(mark).map((e) => e.kind)).not.toContain('refresh-started');
  expect(traffic.refreshes, 'no timer ran while hidden').toHaveLength(0);

  await setVisibility('visible');
  await expect.poll(() => traffic.refreshes.length).toBe(1);
  await expect(timeline(page)).toContainText('Refreshing tokens: the tab became visible.');
  await expect(badge(page)).toContainText('Signed in');
  await expectNothingStored(context, traffic);
});

test('(i) sign-out in one tab signs the others out', async ({ context, page }) => {
  const traffic = await shortLivedContext(context);
  await signInAsDemo(page);
  const second = await openSiblingTab(context);
  const third = await openSiblingTab(context);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
  for (const tab of [second, third]) {
    await expect(tab.getByTestId('signed-out-reason')).toHaveText('You signed out in another tab.');
    await expect(tab.locator('.who-email')).toHaveCount(0);
  }
  await expectNothingStored(context, traffic);
});
