import { expect, type Page, type Request } from '@playwright/test';
import { execFileSync } from 'node:child_process';
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
  await page.getByRole('button', { name: 'Sign in' }).click();
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
