// Keyboard and screen-reader flows (issue #14): the skip link, focus and title after a
// navigation, busy buttons that keep focus, an inline confirmation that gives focus back, a
// refresh that keeps the user's place, and the one live region's words on a refresh.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { listenToLiveRegions, spoken } from '../pages/a11y';
import {
  DEMO_EMAIL, DEMO_PASSWORD, readConfig, recordSessionEvents, sessionEventMark, signInAs, waitForRefreshIdle, waitForSessionEvent,
} from '../pages/portal';
import { shortLivedContext } from '../pages/session';

const API = readConfig().apiBaseUrl ?? '';

/** What has keyboard focus: its tag, id, and accessible-ish name (its text or aria-label). */
const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement;
  return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim()}` : 'none';
});

test('the skip link is the first Tab stop and moves focus past the header to the page', async ({ page }) => {
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  // The sign-in's navigation focused the h1; start again from the top of the document.
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('a Skip to content');
  await page.keyboard.press('Enter');
  expect(await focused(page)).toMatch(/^main#content /);
  // The next Tab stop is in the page, not the header's links.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
});

test('a navigation titles the document, marks the link current and moves focus to the h1; the first load does not', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  // The landing is the first load: index.html's title, and focus where the browser put it.
  await expect(page).toHaveTitle('Customer Portal');
  expect(await focused(page)).toMatch(/^body/);

  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveTitle('Home · Customer Portal');
  const nav = page.getByRole('navigation', { name: 'Portal' });
  await expect(nav.getByRole('link', { name: 'Home', exact: true })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('link', { name: 'Tokens', exact: true }).click();
  await expect(page).toHaveTitle('Tokens · Customer Portal');
  await expect(page.getByRole('heading', { level: 1, name: 'Tokens' })).toBeFocused();
  await expect(nav.getByRole('link', { name: 'Tokens', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Home', exact: true })).not.toHaveAttribute('aria-current', /.*/);
  // The stylesheet's rule for the current link applies (a visual "you are here" too).
  const line = await nav.getByRole('link', { name: 'Tokens', exact: true })
    .evaluate((a) => getComputedStyle(a).textDecorationLine);
  expect(line).toContain('underline');
});

test('"Call again" keeps focus while busy, ignores presses then, and says its outcome once', async ({ page }) => {
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  const card = page.locator('.api-me');
  await expect(card).toHaveAttribute('aria-busy', 'false');
  // Hold the next answer, so the busy state lasts until the test lets it go.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => { release = resolve; });
  let calls = 0;
  await page.route(`${API}/me`, async (route) => {
    if (route.request().method() === 'GET') { calls += 1; await held; }
    await route.continue();
  });
  const again = card.getByRole('button', { name: 'Call again: Your profile, from the API' });
  await again.focus();
  await page.keyboard.press('Enter');
  await expect(again).toHaveAttribute('aria-disabled', 'true');
  await expect(again).toBeFocused();
  await expect(page.locator('[data-testid=api-call-status][data-for=api-me]')).toHaveText('Calling the API…');
  await page.keyboard.press('Enter'); // ignored while busy
  release();
  await expect(page.locator('[data-testid=api-call-status][data-for=api-me]')).toHaveText('The API answered.');
  await expect(again).toHaveAttribute('aria-disabled', 'false');
  await expect(again).toBeFocused();
  expect(calls).toBe(1);
});

test('cancelling "Copy token" gives focus back to the button it came from', async ({ page }) => {
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Tokens', exact: true }).click();
  await page.getByText('Raw JSON and the encoded token').click();
  const copy = page.getByRole('button', { name: 'Copy token' });
  await copy.focus();
  await page.keyboard.press('Enter');
  const cancel = page.getByRole('button', { name: 'Cancel' });
  await cancel.focus();
  await page.keyboard.press('Enter');
  await expect(cancel).toHaveCount(0);
  await expect(copy).toBeFocused();
});

test('the delete confirmation takes focus on its safe choice and gives it back when kept', async ({ page }) => {
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Account', exact: true }).click();
  const ask = page.getByRole('button', { name: 'Delete my account…' });
  await ask.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Keep my account' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Keep my account' })).toHaveCount(0);
  await expect(ask).toBeFocused();
});

test('a refresh keeps the chosen Tokens tab and its focus, and the live region says it once', async ({ context, page }) => {
  test.setTimeout(60_000);
  await context.clock.install();
  await shortLivedContext(context);
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Tokens', exact: true }).click();
  const access = page.getByRole('tab', { name: 'Access token' });
  await access.click();
  await expect(access).toBeFocused();
  await context.clock.fastForward('01:20'); // 80 s: the refresh is due at 90 s
  await listenToLiveRegions(page);
  const mark = await sessionEventMark(page);
  // 80 s → 100 s with every timer fired: the countdowns tick each second, the refresh at 90 s.
  await runClockThroughRefresh(context, page, mark);
  await waitForRefreshIdle(page);
  await expect(page.getByTestId('session-announcer')).toHaveText('Tokens refreshed. Still signed in.');
  await expect(access).toHaveAttribute('aria-selected', 'true');
  await expect(access).toBeFocused();
  // Everything every live region said in those 20 s: the refresh, once, and no countdown.
  expect(await spoken(page)).toEqual(['Refreshing the tokens…', 'Tokens refreshed. Still signed in.']);
});

/** Resolves once the page has had two animation frames: every effect of an event dispatched
 * before it (microtasks) has run. */
const frames = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => {
  requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
}));

test('a window focus wakes the session without rebuilding the header: focus stays on "Sign out" and the switch', async ({ page }) => {
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  for (const control of [
    page.getByRole('button', { name: 'Sign out' }),
    page.getByRole('checkbox', { name: /redact/i }),
  ]) {
    await control.focus();
    await control.evaluate((el) => { (el as HTMLElement & { kept?: boolean }).kept = true; });
    // The session machine hears Wake(Focus) and updates its state.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await frames(page);
    await expect(control).toBeFocused();
    // The very element, not a new one with the same name.
    expect(await control.evaluate((el) => (el as HTMLElement & { kept?: boolean }).kept === true)).toBe(true);
  }
});

test('a refresh keeps the Raw JSON open, focus on "Copy token", and "Copy anyway" gives focus back', async ({ context, page }) => {
  test.setTimeout(60_000);
  await context.clock.install();
  await shortLivedContext(context);
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Tokens', exact: true }).click();
  await page.getByText('Raw JSON and the encoded token').click();
  const raw = page.locator('details.raw');
  await expect(raw).toHaveJSProperty('open', true);
  const copy = page.getByRole('button', { name: 'Copy token' });
  const before = await page.locator('pre.encoded').textContent();
  await copy.focus();
  await context.clock.fastForward('01:20');
  const mark = await sessionEventMark(page);
  await runClockThroughRefresh(context, page, mark);
  await waitForRefreshIdle(page);
  await frames(page);
  await expect(raw).toHaveJSProperty('open', true);
  await expect(copy).toBeFocused();
  // The values under the kept controls are the new tokens'.
  await expect(page.locator('pre.encoded')).not.toHaveText(before ?? '');
  // "Copy anyway" leaves with the warning: focus goes back to the button, not to <body>.
  await page.keyboard.press('Enter');
  const anyway = page.getByRole('button', { name: 'Copy anyway' });
  await anyway.focus();
  await page.keyboard.press('Enter');
  await expect(anyway).toHaveCount(0);
  await expect(copy).toBeFocused();
});

test('a fresh tab says nothing in the live region when it finds no session', async ({ page }) => {
  await recordSessionEvents(page);
  await page.goto('/tokens');
  await waitForSessionEvent(page, 'no-tab-holds-session');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true }).first()).toBeVisible();
  await frames(page);
  // Before the fix the region read the ~40-word "no session found" sentence at page start.
  await expect(page.getByTestId('session-announcer')).toHaveText('');
});

test("two cards showing one answer say each call's outcome once, outside the busy card", async ({ page }) => {
  await signInAs(page, 'admin@example.com', 'Admin-Passw0rd!');
  const me = page.locator('.api-me');
  const admin = page.locator('.api-admin');
  await expect(admin).toHaveAttribute('aria-busy', 'false');
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => { release = resolve; });
  await page.route(`${API}/me`, async (route) => {
    if (route.request().method() === 'GET') await held;
    await route.continue();
  });
  const status = page.locator('[data-testid=api-call-status][data-for=api-me]');
  await me.getByRole('button', { name: 'Call again: Your profile, from the API' }).click();
  await expect(status).toHaveText('Calling the API…');
  // A reader that holds the changes of a busy region would hold this one too.
  expect(await status.evaluate((el) => !!el.closest('[aria-busy="true"]'))).toBe(false);
  release();
  await expect(me).toHaveAttribute('aria-busy', 'false');
  await expect(status).toHaveText('The API answered.');
  await listenToLiveRegions(page);
  await admin.getByRole('button', { name: 'Call again: Admin panel: summary' }).click();
  await expect(admin).toHaveAttribute('aria-busy', 'false');
  await expect(page.locator('[data-testid=api-call-status][data-for=api-admin]')).toHaveText('The API answered.');
  await expect(status).toHaveText('');
  // Pressed on the admin card: said once, by that card.
  expect((await spoken(page)).filter((text) => text === 'The API answered.')).toEqual(['The API answered.']);
});

test('a lone visitor\'s 404 and a failed callback say so in the title', async ({ page }) => {
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page).toHaveTitle('Page not found · Customer Portal');
  // A state this tab never sent: refused before any exchange.
  await page.goto('/callback?code=not-a-code&state=not-our-state');
  await expect(page.locator('main h1')).toBeVisible();
  await expect(page).toHaveTitle('Sign-in failed · Customer Portal');
});

/**
 * Runs the fake clock 20 s, a second at a time, through the refresh due in it. Fake time stands
 * still while the refresh is on the wire: its 10 s abort timer runs on the same fake clock, and
 * running the clock past it would abort a real request that is merely slow.
 */
async function runClockThroughRefresh(context: BrowserContext, page: Page, mark: number): Promise<void> {
  const announcer = page.getByTestId('session-announcer');
  let seconds = 0;
  while (seconds < 20 && (await announcer.textContent()) !== 'Refreshing the tokens…') {
    await context.clock.runFor(1000);
    seconds += 1;
  }
  await waitForSessionEvent(page, 'refreshed', { since: mark });
  for (; seconds < 20; seconds += 1) await context.clock.runFor(1000);
}
