import { expect, type BrowserContext, type Page, type Request } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(__dirname, '../../..');

/** Runs the test-only admin helper (AWS API through boto3) against the local Cognito. */
export function admin(...args: string[]): void {
  execFileSync(path.join(repo, '.tools/venv/bin/python'), [path.join(repo, 'dev/admin.py'), ...args], {
    env: { ...process.env, CONFIG_PATH: process.env.CONFIG_PATH ?? path.join(repo, '.local/config.json') },
    stdio: 'inherit',
  });
}

export const DEMO_EMAIL = 'demo@example.com';
export const DEMO_PASSWORD = 'Demo-Passw0rd!';
export const PORTAL_ORIGIN = new URL(process.env.PORTAL_URL ?? 'http://127.0.0.1:8080').origin;
export const AWS_ENDPOINT = process.env.AWS_ENDPOINT ?? 'http://127.0.0.1:4566';

/** Token values Cognito issued, captured from the token response. */
export interface IssuedTokens {
  id_token: string;
  access_token: string;
  refresh_token?: string;
}

/** Requests to Cognito's token endpoint made by the page. */
export function recordTokenRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/oauth2/token')) requests.push(request);
  });
  return requests;
}

/** Opens the portal and follows "Sign in" to the hosted UI's form. */
export async function openHostedUi(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/oauth2\/authorize\?/);
  await expect(page.locator('input[name=username]')).toBeVisible();
}

/** Fills and submits the hosted-UI form. */
export async function submitCredentials(page: Page, username: string, password: string): Promise<void> {
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
}

/**
 * Signs a user in through the hosted UI and waits for the signed-in view.
 * Returns the tokens Cognito issued and the callback URL the browser was sent to.
 */
export async function signInAs(page: Page, email: string, password: string): Promise<{ tokens: IssuedTokens; callbackUrl: string }> {
  await openHostedUi(page);
  const callback = page.waitForRequest((r) => new URL(r.url()).pathname === '/callback' && r.isNavigationRequest());
  const tokenResponse = page.waitForResponse((r) => r.url().includes('/oauth2/token'));
  await submitCredentials(page, email, password);
  const callbackUrl = (await callback).url();
  const tokens = (await (await tokenResponse).json()) as IssuedTokens;
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  return { tokens, callbackUrl };
}

/** [signInAs] the demo user. */
export async function signInAsDemo(page: Page): Promise<{ tokens: IssuedTokens; callbackUrl: string }> {
  return signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
}

/** The value cell of one claim in the claims table. */
export function claimValue(page: Page, claim: string) {
  return page
    .locator('table.claims tbody tr')
    .filter({ has: page.locator('th', { hasText: new RegExp(`^${claim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) })
    .locator('td');
}

/** Everything the page could have persisted, as one string to search for token values. */
export async function persistedState(page: Page): Promise<string> {
  const storage = await page.evaluate(async () => {
    const dump = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => {
      const key = s.key(i)!;
      return [key, s.getItem(key)];
    }));
    const databases = indexedDB.databases ? await indexedDB.databases() : [];
    return {
      local: dump(localStorage),
      session: dump(sessionStorage),
      indexedDb: databases.map((d) => d.name),
      cookie: document.cookie,
    };
  });
  const cookies = await page.context().cookies();
  return JSON.stringify({ ...storage, cookies, url: page.url() });
}

/** The portal's runtime config as deployed to the local stack (or the file named by `file`). */
export interface PortalConfig {
  clientId: string;
  userPoolId: string;
  region: string;
  endpoints?: { jwks?: string };
  apiBaseUrl?: string;
}

/** Reads a config file; the default one unless `file` names another (the short-lived client's). */
export function readConfig(file = process.env.CONFIG_PATH ?? path.join(repo, '.local/config.json')): PortalConfig {
  return JSON.parse(readFileSync(file, 'utf-8')) as PortalConfig;
}

/** The short-lived test client's config file (120 s tokens), written by `deploy.py local --test-client`. */
export const SHORT_CONFIG_PATH = process.env.SHORT_CONFIG_PATH ?? path.join(repo, '.local/config.short.json');

/** One `cognito-portal:session` event: the timeline entry's kind and text. */
export interface SessionEvent {
  kind: string;
  text: string;
}

/**
 * Records every `cognito-portal:session` event of every page of `target` (a page or a whole
 * context) in `window.__sessionEvents`, from the first script on, for [waitForSessionEvent].
 * A navigation starts a new, empty record.
 */
export async function recordSessionEvents(target: Page | BrowserContext): Promise<void> {
  await target.addInitScript(() => {
    const w = window as unknown as { __sessionEvents: { kind: string; text: string }[] };
    w.__sessionEvents = [];
    window.addEventListener('cognito-portal:session', (event) => {
      const detail = ((event as CustomEvent).detail ?? {}) as { kind?: unknown; text?: unknown };
      w.__sessionEvents.push({ kind: String(detail.kind), text: String(detail.text) });
    });
  });
}

/** The session events this page's document has seen so far, oldest first. */
export async function sessionEvents(page: Page): Promise<SessionEvent[]> {
  return page.evaluate(() => (window as unknown as { __sessionEvents?: SessionEvent[] }).__sessionEvents ?? []);
}

/** How many session events the page has seen: pass it as `since` to wait for newer ones only. */
export async function sessionEventMark(page: Page): Promise<number> {
  return (await sessionEvents(page)).length;
}

/** What to wait for: one kind, any of several kinds, or a test on the whole event. */
export type EventMatch = string | string[] | ((event: SessionEvent) => boolean);

function matches(match: EventMatch, event: SessionEvent): boolean {
  if (typeof match === 'string') return event.kind === match;
  if (Array.isArray(match)) return match.includes(event.kind);
  return match(event);
}

/** A session event with its position in the page's record (for `since`). */
export interface SeenEvent extends SessionEvent {
  index: number;
}

/**
 * Waits until the page has seen `count` (default 1) session events matching `match` at or after
 * position `since` (default 0), and returns them. On timeout the failure lists what it saw.
 */
export async function waitForSessionEvent(
  page: Page,
  match: EventMatch,
  options: { since?: number; count?: number; timeout?: number; message?: string } = {},
): Promise<SeenEvent[]> {
  const since = options.since ?? 0;
  const count = options.count ?? 1;
  let found: SeenEvent[] = [];
  await expect.poll(async () => {
    const all = await sessionEvents(page);
    found = all.map((e, index) => ({ ...e, index })).slice(since).filter((e) => matches(match, e));
    if (found.length >= count) return 'seen';
    return `saw only: ${all.slice(since).map((e) => `${e.kind} (${e.text})`).join('; ') || 'nothing'}`;
  }, {
    message: options.message ?? `waiting for ${count} session event(s) ${typeof match === 'function' ? 'matching a test' : JSON.stringify(match)}`,
    timeout: options.timeout,
    intervals: [50, 100, 250],
  }).toBe('seen');
  return found;
}

/**
 * Waits until no tab of the page's context holds or waits for a Web Lock. Every refresh runs
 * under the cross-tab refresh lock, so once the lock queue is empty no refresh is in flight or
 * about to start: counting token requests then proves an absence without sleeping.
 */
export async function waitForLocksIdle(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(async () => {
    const state = await navigator.locks.query();
    return [...(state.held ?? []), ...(state.pending ?? [])].map((l) => `${l.name} (${l.mode})`);
  }), { message: 'waiting for every Web Lock to be released', intervals: [50, 100, 250] }).toEqual([]);
}

/**
 * The start of the Web Lock name every tab holds while it holds a session
 * (`cognito_auth::session::presence`): `cognito-portal-holder:<client id>:<tab id>`.
 */
export const HOLDER_LOCK_PREFIX = 'cognito-portal-holder:';

/** The names of the locks held on the page's origin now (every tab of its context). */
export async function heldLockNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => ((await navigator.locks.query()).held ?? []).map((l) => l.name ?? ''));
}

/** The holder locks of `clientId` held on the page's origin now. */
export async function holderLocks(page: Page, clientId: string): Promise<string[]> {
  return (await heldLockNames(page)).filter((name) => name.startsWith(`${HOLDER_LOCK_PREFIX}${clientId}:`));
}

/**
 * [waitForLocksIdle] for tabs that may hold a session: waits until no tab holds or waits for a
 * Web Lock other than the holder locks signed-in tabs keep for as long as they hold a session.
 * Every refresh runs under the cross-tab refresh lock, so once no other lock is held or queued
 * no refresh is in flight or about to start.
 */
export async function waitForRefreshIdle(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(async (holder) => {
    const state = await navigator.locks.query();
    return [...(state.held ?? []), ...(state.pending ?? [])]
      .filter((l) => !(l.name ?? '').startsWith(holder))
      .map((l) => `${l.name} (${l.mode})`);
  }, HOLDER_LOCK_PREFIX), { message: 'waiting for every Web Lock but the holder locks to be released', intervals: [50, 100, 250] }).toEqual([]);
}
