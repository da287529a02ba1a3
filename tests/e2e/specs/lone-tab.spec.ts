// No fixed wait before "Sign in" (issue #11, item 3). Every tab holding a session holds a Web
// Lock named `cognito-portal-holder:<client id>:<tab id>`; a starting tab reads the held locks
// and asks the other tabs only when one of them holds a session. A tab that is alone asks
// nobody and shows "Sign in" at once; a tab opened next to a signed-in one still takes its
// session over. The assertions are on what the tabs did (the session events, the channel, the
// locks), never on timing.
import { expect, test, type Page } from '@playwright/test';
import { ChannelSpy } from '../pages/channel';
import {
  DEMO_EMAIL, HOLDER_LOCK_PREFIX, heldLockNames, holderLocks, readConfig, recordSessionEvents, sessionEvents, signInAsDemo,
  waitForSessionEvent,
} from '../pages/portal';
import { openSiblingTab, whoEmail } from '../pages/session';

const config = readConfig();
/** A tab id of the protocol's form (22 base64url characters) that no tab has. */
const FAKE_TAB = 'AAAAAAAAAAAAAAAAAAAAAA';

/**
 * Opens the portal in a new tab and waits until it offers a usable "Sign in". A tab that is
 * alone does not even load the session machinery (issue #11: it is a chunk fetched on demand),
 * so it has no session events at all; a tab that saw a holder lock runs the machine, which
 * ends signed out when nobody answers.
 */
async function openLoneTab(page: Page, machine = false): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  if (machine) await waitForSessionEvent(page, 'signed-out');
}



/** The kinds of the session events the tab has seen, oldest first. */
async function kinds(page: Page): Promise<string[]> {
  return (await sessionEvents(page)).map((e) => e.kind);
}

test('a lone tab shows "Sign in" without asking the other tabs or waiting for them', async ({ context }) => {
  await recordSessionEvents(context);
  // A listener on the tab channel that runs no portal code and holds no lock: it hears any ask.
  const spy = await ChannelSpy.open(context, config.clientId);
  const page = await context.newPage();
  await openLoneTab(page);

  // No holder lock: the tab never started the session machine (no event, no ask, no timer) and
  // fetched its code only as a preload once "Sign in" showed, if at all.
  expect(await kinds(page)).toEqual([]);
  expect(await spy.askIds(), 'no ask on the tab channel').toEqual([]);
  await expect(page.getByTestId('signed-out-reason')).toContainText('Tokens are kept in memory only');
  // Signed out, it holds no holder lock: a tab opened next to it asks nobody either.
  expect(await holderLocks(page, config.clientId)).toEqual([]);
  const second = await context.newPage();
  await openLoneTab(second);
  expect(await kinds(second)).toEqual([]);
  expect(await spy.askIds()).toEqual([]);

});

test('a tab opened while another is signed in asks it and takes the session over', async ({ context, page }) => {
  await recordSessionEvents(context);
  await signInAsDemo(page);
  // The signed-in tab holds its holder lock.
  await expect.poll(() => holderLocks(page, config.clientId)).toHaveLength(1);
  const sibling = await openSiblingTab(context);
  await expect(whoEmail(sibling)).toHaveText(DEMO_EMAIL);
  const [asked] = await waitForSessionEvent(sibling, 'asking-tabs-for-session');
  expect(asked.text).toBe('Another tab holds a session: asking the tabs for it.');
  expect(await kinds(sibling)).toContain('adopted-from-tab');
  expect(await kinds(sibling)).not.toContain('no-tab-holds-session');
  // Now both hold a session, so both hold a holder lock.
  await expect.poll(() => holderLocks(page, config.clientId)).toHaveLength(2);
});

test('a tab opened after the other tabs signed out shows "Sign in" without asking', async ({ context, page }) => {
  await recordSessionEvents(context);
  await signInAsDemo(page);
  const sibling = await openSiblingTab(context);
  await expect.poll(() => holderLocks(page, config.clientId)).toHaveLength(2);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
  await expect(sibling.getByTestId('signed-out-reason')).toHaveText('You signed out in another tab.');
  // Every tab dropped its tokens, and with them its holder lock.
  await expect.poll(() => holderLocks(sibling, config.clientId)).toEqual([]);

  const spy = await ChannelSpy.open(context, config.clientId);
  const late = await context.newPage();
  await openLoneTab(late);
  expect(await kinds(late)).toEqual([]);
  expect(await spy.askIds(), 'no ask on the tab channel').toEqual([]);
});

test('a fake holder lock costs only the bounded wait: the tab asks, nobody answers, "Sign in"', async ({ context }) => {
  await recordSessionEvents(context);
  // Any script on the origin can hold a lock of any name. Lookalikes (another client, a
  // malformed tab id, the bare prefix) are not holder locks: a tab next to them is alone.
  const spy = await ChannelSpy.open(context, config.clientId);
  for (const name of [
    `${HOLDER_LOCK_PREFIX}other-client:${FAKE_TAB}`,
    `${HOLDER_LOCK_PREFIX}${config.clientId}:not-a-tab-id`,
    `${HOLDER_LOCK_PREFIX}${config.clientId}:${FAKE_TAB}A`,
    `${HOLDER_LOCK_PREFIX}${config.clientId}:`,
    `${HOLDER_LOCK_PREFIX}${config.clientId}`,
  ]) await spy.holdLock(name);
  const alone = await context.newPage();
  await openLoneTab(alone);
  expect(await kinds(alone)).toEqual([]);
  expect(await spy.askIds()).toEqual([]);

  // A well-formed fake holder: the tab asks, nobody answers, and the ask's timeout ends it
  // signed out, with "Sign in" usable, no session and nothing left in flight.
  const fake = `${HOLDER_LOCK_PREFIX}${config.clientId}:${FAKE_TAB}`;
  await spy.holdLock(fake);
  expect(await heldLockNames(spy.page)).toContain(fake);
  const spyLocks = (await heldLockNames(spy.page)).sort();
  const fooled = await context.newPage();
  await openLoneTab(fooled, true);
  expect(await kinds(fooled)).toEqual(['asking-tabs-for-session', 'signed-out']);
  expect(await spy.askIds()).toHaveLength(1);
  await expect(fooled.getByTestId('signed-out-reason')).toContainText('Tokens are kept in memory only');
  await expect(whoEmail(fooled)).toHaveCount(0);
  expect((await heldLockNames(fooled)).sort(), 'the fooled tab holds no lock').toEqual(spyLocks);
});

test('without Web Locks, or with a query() that never answers, a tab asks as before and never hangs', async ({ browser }) => {
  const cases: [string, () => void][] = [
    ['no Web Locks', () => { Object.defineProperty(navigator, 'locks', { value: undefined }); }],
    ['a query() that never answers', () => {
      Object.defineProperty(navigator.locks, 'query', { value: () => new Promise(() => { /* never */ }) });
    }],
  ];
  for (const [name, breakLocks] of cases) {
    const context = await browser.newContext();
    await context.addInitScript(breakLocks);
    await recordSessionEvents(context);
    // Alone: it cannot tell, so it asks and waits the bounded time, then offers "Sign in".
    const lone = await context.newPage();
    await openLoneTab(lone, true);
    const events = await sessionEvents(lone);
    expect(events.map((e) => e.kind), name).toEqual(['asking-tabs-for-session', 'signed-out']);
    expect(events[0].text).toBe('This browser cannot tell whether another tab holds a session: asking the tabs.');
    // Next to a signed-in tab, it still takes the session over.
    const page = await context.newPage();
    await signInAsDemo(page);
    const sibling = await openSiblingTab(context);
    await expect(whoEmail(sibling)).toHaveText(DEMO_EMAIL);
    expect(await kinds(sibling), name).toContain('adopted-from-tab');
    await context.close();
  }
});
