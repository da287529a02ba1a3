// Helpers for the session specs: the short-lived test client, token traffic, tabs, and the
// places the session shows itself (badge, phase, timeline).
import { expect, type BrowserContext, type Locator, type Page, type Request } from '@playwright/test';
import { persistedState, recordSessionEvents, SHORT_CONFIG_PATH } from './portal';

/** What one spec saw at Cognito's token endpoint, across every tab of its context. */
export interface TokenTraffic {
  refreshes: Request[];
  codeExchanges: Request[];
  /** Every token value issued, to prove none was stored. */
  issued: string[];
}

/**
 * Serves the short-lived client's config (120 s tokens: a refresh is due 90 s after issue) to
 * every tab, records token traffic, and records every tab's session events.
 */
export async function shortLivedContext(context: BrowserContext): Promise<TokenTraffic> {
  await context.route('**/config.json', (route) =>
    route.fulfill({ path: SHORT_CONFIG_PATH, contentType: 'application/json' }));
  await recordSessionEvents(context);
  return recordTokenTraffic(context);
}

/** Records the token endpoint's requests (by grant) and every token it issued. */
export function recordTokenTraffic(context: BrowserContext): TokenTraffic {
  const traffic: TokenTraffic = { refreshes: [], codeExchanges: [], issued: [] };
  context.on('request', (request) => {
    if (!request.url().includes('/oauth2/token')) return;
    const grant = new URLSearchParams(request.postData() ?? '').get('grant_type');
    if (grant === 'refresh_token') traffic.refreshes.push(request);
    if (grant === 'authorization_code') traffic.codeExchanges.push(request);
  });
  context.on('response', async (response) => {
    if (!response.url().includes('/oauth2/token') || response.status() !== 200) return;
    const body = await response.json().catch(() => ({})) as Record<string, unknown>;
    for (const name of ['id_token', 'access_token', 'refresh_token']) {
      if (typeof body[name] === 'string') traffic.issued.push(body[name] as string);
    }
  });
  return traffic;
}

/** No token issued during the spec is in any storage, cookie or URL of any open tab. */
export async function expectNothingStored(context: BrowserContext, traffic: TokenTraffic): Promise<void> {
  expect(traffic.issued.length).toBeGreaterThan(0);
  for (const page of context.pages()) {
    if (page.isClosed()) continue;
    const persisted = await persistedState(page);
    for (const token of traffic.issued) {
      expect(persisted, 'a token was persisted').not.toContain(token.slice(-32));
    }
  }
}

/** Moves between pages in-app: a reload would start a new page without the session. */
export async function openSessionPage(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Session', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Session' })).toBeVisible();
}

export const badge = (page: Page): Locator => page.getByTestId('session-badge');
export const timeline = (page: Page): Locator => page.getByTestId('timeline');
export const sessionPhase = (page: Page): Locator => page.getByTestId('session-phase');
/** The signed-in user's email in the header; absent when nobody is signed in. */
export const whoEmail = (page: Page): Locator => page.locator('.who-email');

/** Opens another tab on the portal and waits until it has taken over the session. */
export async function openSiblingTab(context: BrowserContext): Promise<Page> {
  const sibling = await context.newPage();
  await sibling.goto('/');
  await expect(sibling.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  return sibling;
}

/** Opens another tab on the portal and waits until it says it is signed out. */
export async function openSignedOutTab(context: BrowserContext): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto('/');
  await expect(tab.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(whoEmail(tab)).toHaveCount(0);
  return tab;
}

/** The request's tab. */
export function pageOf(request: Request): Page {
  return request.frame().page();
}

/**
 * Collects what would show that the WebAssembly stopped working: uncaught exceptions and
 * console lines of a Rust panic or a wasm trap, from every tab of the context.
 */
export function recordCrashes(context: BrowserContext): string[] {
  const crashes: string[] = [];
  context.on('weberror', (error) => crashes.push(`uncaught: ${error.error().message}`));
  context.on('console', (message) => {
    const text = message.text();
    if (/panicked|RuntimeError|unreachable executed|unwrap_throw/i.test(text)) crashes.push(`console: ${text}`);
  });
  return crashes;
}
