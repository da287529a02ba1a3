// Hostile messages on the tabs' BroadcastChannel, and answers that arrive too late (issue #10).
// Any script on the portal's origin can post on the channel: here a tab that runs no portal code
// (`ChannelSpy`) does. Every forged session is sent in today's shape (`session`, with the
// sender's `nonce` and `driftSecs`) and in the tab protocol's (`answer` to a request id,
// `refreshed`), to a signed-in tab, a signed-out tab and a tab that has just asked.
import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { ChannelSpy, REQUEST } from '../pages/channel';
import {
  decodeJwt, I64_MAX, I64_MIN, jsonWithRawNumbers, makeTestKey, nowSecs, serveKeyInJwks, signRs256, unsignedJwt,
  type Claims, type TestKey,
} from '../pages/forge';
import {
  DEMO_EMAIL, HOLDER_LOCK_PREFIX, readConfig, recordSessionEvents, sessionEventMark, sessionEvents, signInAsDemo, SHORT_CONFIG_PATH,
  waitForRefreshIdle, waitForSessionEvent, type EventMatch, type IssuedTokens,
} from '../pages/portal';
import {
  badge, expectNothingStored, openSessionPage, openSiblingTab, pageOf, recordCrashes,
  recordTokenTraffic, sessionPhase, shortLivedContext, timeline, whoEmail,
} from '../pages/session';

/** What a tab does with a message it must not believe. */
const REFUSALS = ['tab-session-refused', 'tab-message-dropped', 'late-answer-dropped'];
/** What a tab does with a session it believes. */
const TAKEN = ['adopted-from-tab', 'refreshed-elsewhere'];
const FORGED_ADMIN = 'mallory-admin@evil.example';
const FORGED_EXPIRED = 'mallory-expired@evil.example';

test.afterEach(async ({ context }) => {
  await context.unrouteAll({ behavior: 'ignoreErrors' });
});

/** One forged session: its tokens and what it claims to be. */
interface Forged {
  idToken: string;
  accessToken: string;
}

/** The same session in every shape a tab might take it in: today's broadcast, an answer, a refresh. */
function inEveryShape(forged: Forged, requests: string[], extra: { driftSecs?: number } = {}): string[] {
  const tokens = { ...forged, expiresIn: 3_600 };
  return [
    JSON.stringify({ type: 'session', ...tokens, refreshToken: 'forged-refresh-token', nonce: 'forged-nonce', driftSecs: extra.driftSecs ?? 0 }),
    ...requests.map((request) => JSON.stringify({ type: 'answer', request, ...tokens, refreshToken: 'forged-refresh-token' })),
    JSON.stringify({ type: 'refreshed', ...tokens, rotated: false }),
  ];
}

/** An `alg: none` admin session and a validly signed (test key) but expired one, for the demo user's `sub`. */
function forgeries(tokens: IssuedTokens, key: TestKey): { admin: Forged; expired: Forged } {
  const id = decodeJwt(tokens.id_token);
  const access = decodeJwt(tokens.access_token);
  const now = nowSecs();
  const groups = { 'cognito:groups': ['admins'] };
  return {
    admin: {
      idToken: unsignedJwt({ ...id.payload, ...groups, email: FORGED_ADMIN, iat: now, auth_time: now, exp: now + 3_600 }, { kid: id.header.kid }),
      accessToken: unsignedJwt({ ...access.payload, ...groups, iat: now, exp: now + 3_600 }, { kid: access.header.kid }),
    },
    expired: {
      idToken: signRs256(key, { ...id.payload, ...groups, email: FORGED_EXPIRED, iat: now - 7_200, auth_time: now - 7_200, exp: now - 3_600 }),
      accessToken: signRs256(key, { ...access.payload, ...groups, iat: now - 7_200, exp: now - 3_600 }),
    },
  };
}

/** Whether the tab shows a forged identity anywhere: a forged email, or the admin panel. */
async function showsForgedIdentity(tab: Page): Promise<string | undefined> {
  for (const email of [FORGED_ADMIN, FORGED_EXPIRED]) {
    if (await tab.getByText(email).count()) return `shows ${email}`;
  }
  if (await tab.locator('.api-admin').count()) return 'shows the admin panel';
  return undefined;
}

/**
 * Waits until `tab` has refused or dropped `count` messages since `since`; fails at once, saying
 * so, if it shows a forged identity instead.
 */
async function expectRefusals(tab: Page, name: string, since: number, count: number, options: { realSessionOnOffer?: boolean } = {}) {
  await expect.poll(async () => {
    const forged = await showsForgedIdentity(tab);
    if (forged) return `the ${name} tab ${forged}`;
    const events = (await sessionEvents(tab)).slice(since);
    // Unless a real session is on offer too, anything taken is a forgery.
    const taken = options.realSessionOnOffer ? undefined : events.find((e) => TAKEN.includes(e.kind));
    if (taken) return `the ${name} tab took a forged session: ${taken.kind} (${taken.text})`;
    const refusals = events.filter((e) => REFUSALS.includes(e.kind));
    return refusals.length >= count ? 'refused' : `the ${name} tab refused ${refusals.length} of ${count}; saw: ${events.map((e) => e.kind).join(', ')}`;
  }, { message: `every forged message is refused in the ${name} tab` }).toBe('refused');
}

/** A request id of the protocol's form (22 base64url characters) that no tab sent. */
const GUESSED_REQUEST = 'AAAAAAAAAAAAAAAAAAAAAA';

test('forged sessions on the tab channel (alg: none admin, validly signed but expired) are refused in every tab', async ({ browser, context, page }) => {
  const config = readConfig();
  // The forgeries copy the demo user's real claims (sub, iss, aud), from a sign-in elsewhere.
  const donor = await browser.newContext();
  const { tokens } = await signInAsDemo(await donor.newPage());
  await donor.close();
  const key = makeTestKey();
  await serveKeyInJwks(context, key);
  await recordSessionEvents(context);
  const { admin, expired } = forgeries(tokens, key);
  const spy = await ChannelSpy.open(context, config.clientId);
  // Whoever asks gets both forgeries at once, in today's shape and as answers to its request id.
  const replies = [...inEveryShape(admin, [REQUEST]).slice(0, 2), ...inEveryShape(expired, [REQUEST], { driftSecs: -7_200 }).slice(0, 2)];
  await spy.answerAsksWith(replies);
  /** Every shape of both forgeries, with answers to a guessed request id and to `observed`. */
  const everything = (observed: string[]) => [
    ...inEveryShape(admin, [GUESSED_REQUEST, ...observed]),
    ...inEveryShape(expired, [GUESSED_REQUEST, ...observed], { driftSecs: -7_200 }),
  ];

  // 1. Nobody is signed in. A fake holder lock (any script on the origin can hold one) makes a
  // new tab ask; only the forgeries answer; it ends signed out.
  await spy.holdLock(`${HOLDER_LOCK_PREFIX}${config.clientId}:${GUESSED_REQUEST}`);
  const asks = (await spy.askIds()).length;
  const signedOut = await context.newPage();
  await signedOut.goto('/');
  const firstAsk = await spy.waitForAsk(asks);
  await expectRefusals(signedOut, 'new', 0, replies.length);
  await expect(signedOut.getByTestId('signed-out-reason')).toBeVisible();
  // Signed out, it gets every shape, including answers to the request it made.
  const mark = await sessionEventMark(signedOut);
  let messages = everything([firstAsk]);
  for (const message of messages) await spy.post(message);
  await expectRefusals(signedOut, 'signed-out', mark, messages.length);
  await expect(whoEmail(signedOut)).toHaveCount(0);
  await expect(signedOut.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();

  // 2. The demo user signs in. The signed-out tab and a new one ask: the forgeries answer first,
  // then the signed-in tab does; they take only the real session.
  await signInAsDemo(page);
  await expect(whoEmail(signedOut)).toHaveText(DEMO_EMAIL);
  const asking = await context.newPage();
  await asking.goto('/');
  await expect(whoEmail(asking)).toHaveText(DEMO_EMAIL);
  await expectRefusals(asking, 'asking', 0, replies.length, { realSessionOnOffer: true });
  expect((await sessionEvents(asking)).filter((e) => TAKEN.includes(e.kind)), 'one session taken: the real one').toHaveLength(1);
  await spy.answerAsksWith([]);

  // 3. Every tab holds the real session: every shape again, the refreshes now for a user they hold.
  const tabs = { 'signed-in': page, 'formerly signed-out': signedOut, 'asking': asking };
  const marks = await Promise.all(Object.values(tabs).map(sessionEventMark));
  messages = everything(await spy.askIds());
  for (const message of messages) await spy.post(message);
  for (const [i, [name, tab]] of Object.entries(tabs).entries()) {
    await expectRefusals(tab, name, marks[i], messages.length);
    await expect(whoEmail(tab)).toHaveText(DEMO_EMAIL);
    await expect(badge(tab)).toContainText('Signed in');
    expect(await showsForgedIdentity(tab)).toBeUndefined();
  }
  // The timeline says why: no signature worth the name (alg: none), and expired.
  const refused = (await sessionEvents(page)).slice(marks[0]).filter((e) => e.kind === 'tab-session-refused').map((e) => e.text).join('\n');
  expect(refused).toMatch(/alg|signature/i);
  expect(refused).toMatch(/expired|stale|clock/i);
  await openSessionPage(page);
  await expect(timeline(page).locator('li[data-kind=tab-session-refused]').first()).toBeVisible();
});

test('a refresh answer that arrives after "Sign out" leaves all three tabs signed out', async ({ context, page }) => {
  const shortConfig = readConfig(SHORT_CONFIG_PATH);
  await context.clock.install();
  const traffic = await shortLivedContext(context);
  await signInAsDemo(page);
  const tabs = [page, await openSiblingTab(context), await openSiblingTab(context)];
  const spy = await ChannelSpy.open(context, shortConfig.clientId);

  // Cognito answers the refresh at once; the answer is held on its way to the tab.
  let held: { tab: Page; body: IssuedTokens } | undefined;
  let release = () => {};
  const released = new Promise<void>((resolve) => { release = resolve; });
  await context.route('**/oauth2/token', async (route) => {
    if (new URLSearchParams(route.request().postData() ?? '').get('grant_type') !== 'refresh_token') return route.fallback();
    const response = await route.fetch();
    const body = (await response.json()) as IssuedTokens;
    held = { tab: pageOf(route.request()), body };
    await released;
    await route.fulfill({ response, json: body }).catch(() => { /* the tab is gone */ });
  });

  const marks = await Promise.all(tabs.map(sessionEventMark));
  await context.clock.fastForward('01:35');
  await expect.poll(() => held !== undefined, { message: 'a tab asks for a refresh' }).toBe(true);
  const refresher = held!.tab;
  // "Sign out" in another tab while the refresh is in flight (the portal gives it 10 s).
  const signingOut = tabs.find((tab) => tab !== refresher)!;
  await signingOut.getByRole('button', { name: 'Sign out' }).click();
  await expect(signingOut.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
  for (const tab of tabs.filter((t) => t !== signingOut)) {
    await expect(tab.getByTestId('signed-out-reason')).toHaveText('You signed out in another tab.');
  }
  const messagesBefore = (await spy.seen()).length;

  release();
  await expect.poll(async () => {
    for (const tab of tabs) if (await whoEmail(tab).count()) return 'a tab is signed in again';
    const events = (await sessionEvents(refresher)).slice(marks[tabs.indexOf(refresher)]);
    return events.some((e) => e.kind === 'late-answer-dropped') ? 'dropped' : `saw: ${events.map((e) => e.kind).join(', ')}`;
  }, { message: 'the late refresh answer is dropped' }).toBe('dropped');
  await waitForRefreshIdle(refresher);

  for (const tab of tabs) {
    await expect(whoEmail(tab)).toHaveCount(0);
    await expect(tab.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  }
  expect(traffic.refreshes, 'no tab refreshed again').toHaveLength(1);
  const late = [held!.body.id_token, held!.body.access_token, held!.body.refresh_token ?? '']
    .filter(Boolean).map((t) => t.slice(-32));
  for (const message of (await spy.seen()).slice(messagesBefore)) {
    for (const fragment of late) expect(message, 'the late tokens were shared').not.toContain(fragment);
  }
  await expectNothingStored(context, traffic);
});

/** The demo user's ID and access tokens re-signed with the test key, with `change` applied to both payloads (as JSON text). */
function resigned(tokens: IssuedTokens, key: TestKey, change: Claims, raw: Record<string, string> = {}): Forged {
  const sign = (token: string) => signRs256(key, jsonWithRawNumbers({ ...decodeJwt(token).payload, ...change }, raw));
  return { idToken: sign(tokens.id_token), accessToken: sign(tokens.access_token) };
}

test('i64 extremes in tab messages neither panic nor stop the tab', async ({ context, page }) => {
  const config = readConfig();
  const crashes = recordCrashes(context);
  const key = makeTestKey();
  await serveKeyInJwks(context, key);
  await recordSessionEvents(context);
  const { tokens } = await signInAsDemo(page);
  const sibling = await openSiblingTab(context);
  const spy = await ChannelSpy.open(context, config.clientId);

  const now = nowSecs();
  const fresh = resigned(tokens, key, { iat: now, exp: now + 3_600 });
  const farFuture = resigned(tokens, key, { iat: now, exp: 9_007_199_254_740_991 }); // 2^53 - 1 s
  const extreme = resigned(tokens, key, { iat: '@MIN', nbf: '@MIN', auth_time: '@MIN', exp: '@MAX' }, { '@MIN': I64_MIN, '@MAX': I64_MAX });
  const unsignedFarFuture = { idToken: unsignedJwt({ ...decodeJwt(tokens.id_token).payload, exp: 9_007_199_254_740_991 }), accessToken: fresh.accessToken };
  const raw = { '@MIN': I64_MIN, '@MAX': I64_MAX };
  // The re-signed tokens verify (the test key is in the JWKS), so a tab may take one: it then
  // holds the real refresh token, and the API's 401 for a token it does not trust ends in an
  // ordinary refresh rather than a refused one that would sign every tab out.
  const refreshToken = tokens.refresh_token;
  const shapes = (forged: Forged, request: string, expiresIn: string, driftSecs: string) => [
    jsonWithRawNumbers({ type: 'session', ...forged, refreshToken, expiresIn, nonce: null, driftSecs }, raw),
    jsonWithRawNumbers({ type: 'answer', request, ...forged, refreshToken, expiresIn }, raw),
    jsonWithRawNumbers({ type: 'refreshed', ...forged, expiresIn, rotated: true }, raw),
  ];

  // A tab that has just asked gets extreme answers first (it may take one: they verify).
  await spy.answerAsksWith([...shapes(farFuture, REQUEST, '@MAX', '@MIN'), ...shapes(fresh, REQUEST, '@MIN', '@MAX')]);
  const asking = await context.newPage();
  await asking.goto('/');
  await expect(asking.getByRole('heading', { name: /Welcome/ }).or(asking.getByRole('button', { name: 'Sign in', exact: true }))).toBeVisible();
  await spy.answerAsksWith([]);

  const tabs = [page, sibling, asking];
  const marks = await Promise.all(tabs.map(sessionEventMark));
  const sets = [
    [unsignedFarFuture, '@MAX', '@MIN'], [fresh, '@MAX', '@MIN'], [fresh, '@MIN', '@MAX'], [farFuture, '@MAX', '@MIN'], [extreme, '@MIN', '@MIN'],
  ] as const;
  for (const [forged, expiresIn, drift] of sets) {
    for (const message of shapes(forged, GUESSED_REQUEST, expiresIn, drift)) await spy.post(message);
  }
  // Messages are handled in order. Of each set, today's shape is malformed now and the answer
  // nobody asked for is unexpected: both dropped; so is the last message, unreadable on purpose.
  // Once all those drops are counted, every message has been handled, unless the tab stopped
  // working on the way.
  await spy.post('{"type":"e2e-last-message"}');
  const drops = sets.length * 2 + 1;
  for (const [i, tab] of tabs.entries()) {
    await expect.poll(async () => {
      if (crashes.length) return `crashed: ${crashes[0]}`;
      const events = (await sessionEvents(tab)).slice(marks[i]);
      const dropped = events.filter((e) => e.kind === 'tab-message-dropped').length;
      return dropped >= drops ? 'handled' : `dropped ${dropped} of ${drops}; saw: ${events.map((e) => e.kind).join(', ')}`;
    }, { message: 'the tab handles every message' }).toBe('handled');
  }

  // The tab still works: its pages render, token-using calls finish, and it follows a sign-out
  // in another tab.
  await openSessionPage(page);
  await page.getByRole('button', { name: 'Call userInfo 10 times at once' }).click();
  await expect(page.locator('.parallel-outcome')).toContainText('10 calls finished');
  await openSessionPage(asking);
  await sibling.getByRole('button', { name: 'Sign out' }).click();
  await expect(sessionPhase(page)).toHaveText('You signed out in another tab.');
  await expect(whoEmail(page)).toHaveCount(0);
  expect(crashes).toEqual([]);
});

test('a rotated refresh token reaches the other tab only in an answer, and its next refresh uses it', async ({ context, page }) => {
  // The local emulator never rotates refresh tokens (Cognito does, with rotation on), so the
  // refresh answers are rewritten here: the first brings back the same token (not a rotation),
  // the later ones a new value. A refresh presenting the new value is passed on to the emulator
  // with the real token it stands for, as Cognito would accept it. Refreshes are forced by a 401
  // from the API (one refresh, one retry), so no clock jump makes the tabs' clocks disagree.
  const config = readConfig();
  await context.clock.install();
  await recordSessionEvents(context);
  const traffic = recordTokenTraffic(context);
  const { tokens } = await signInAsDemo(page);
  const original = tokens.refresh_token!;
  const rotated = `${original.slice(0, 16)}-rotated-${randomBytes(24).toString('base64url')}`;
  const sibling = await openSiblingTab(context);
  const spy = await ChannelSpy.open(context, config.clientId);
  const presented: string[] = [];
  let lastIat = 0;
  await context.route('**/oauth2/token', async (route) => {
    const form = new URLSearchParams(route.request().postData() ?? '');
    if (form.get('grant_type') !== 'refresh_token') return route.fallback();
    presented.push(form.get('refresh_token') ?? '');
    if (form.get('refresh_token') === rotated) form.set('refresh_token', original);
    const response = await route.fetch({ postData: form.toString() });
    const body = (await response.json()) as IssuedTokens;
    body.refresh_token = presented.length === 1 ? original : rotated;
    lastIat = Number(decodeJwt(body.id_token).payload.iat);
    await route.fulfill({ response, json: body });
  });
  const refuseOnce = new Set<Page>();
  await context.route(`${config.apiBaseUrl}/me`, async (route) => {
    const tab = pageOf(route.request());
    if (route.request().method() !== 'GET' || !refuseOnce.delete(tab)) return route.fallback();
    await route.fulfill({ status: 401, headers: { 'Access-Control-Allow-Origin': '*' }, json: { message: 'Unauthorized' } });
  });

  /** The API refuses `tab`'s next call once: it refreshes (or asks for the current refresh token) and retries. */
  const forceRefresh = async (tab: Page, expect_: EventMatch) => {
    // Cognito's iat has second resolution: a refresh in the same second as the last would look
    // like a repeat to the other tab. Let the second pass, and the tab's minimum gap between
    // its own refresh attempts (5 s, on the page's clock).
    await expect.poll(() => nowSecs(), { intervals: [100] }).toBeGreaterThan(lastIat);
    await context.clock.fastForward('00:06');
    const mark = await sessionEventMark(tab);
    refuseOnce.add(tab);
    await tab.getByRole('link', { name: 'Home' }).click();
    await tab.locator('.api-me').getByRole('button', { name: 'Call again' }).click();
    await expect(tab.locator('.api-me dd').filter({ hasText: DEMO_EMAIL })).toBeVisible();
    const [event] = await waitForSessionEvent(tab, expect_, { since: mark });
    await waitForRefreshIdle(tab);
    return event.text;
  };

  // 1. The same refresh token comes back: that is not a rotation.
  expect(await forceRefresh(page, 'refreshed')).toBe('Tokens refreshed.');
  // 2. The other tab refreshes and Cognito rotates: the first tab's copy is now stale.
  expect(await forceRefresh(sibling, 'refreshed')).toContain('rotated');
  await waitForSessionEvent(page, (e) => e.kind === 'refreshed-elsewhere' && e.text.includes('rotated'));
  expect(presented).toEqual([original, original]);
  // 3. The first tab needs a refresh: it must not present the stale token, but get the
  // rotated one from the other tab (in an answer to its request) and use it.
  await forceRefresh(page, ['refreshed', 'adopted-from-tab']);
  if (presented.length < 3) await forceRefresh(page, 'refreshed');
  expect(presented).toEqual([original, original, rotated]);
  expect(pageOf(traffic.refreshes[2]), 'the first tab made the third refresh').toBe(page);
  for (const tab of [page, sibling]) await expect(whoEmail(tab)).toHaveText(DEMO_EMAIL);
  // The refresh token crossed between tabs only inside an answer to a request.
  for (const message of await spy.seen()) {
    if (message.includes(rotated.slice(-32)) || message.includes(original.slice(-32))) {
      expect(JSON.parse(message).type, 'only an answer carries the refresh token').toBe('answer');
    }
  }
  await expectNothingStored(context, traffic);
});
