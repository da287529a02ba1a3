import { expect, type Page, type Request } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import {
  admin, AWS_ENDPOINT, openHostedUi, persistedState, readConfig, recordSessionEvents, sessionEvents, signInAs, submitCredentials,
  type IssuedTokens,
} from './portal';

/** A user made for one test (through the AWS API, like every spec's), so specs never share one. */
export interface Throwaway {
  email: string;
  password: string;
  given: string;
  family: string;
}

/** Creates a confirmed throwaway user with a fresh email and a password that meets the policy. */
export function throwawayUser(label: string, given = 'Test', family = 'Person'): Throwaway {
  const email = `${label}-${randomBytes(5).toString('hex')}@example.com`;
  const password = `Acct-${randomBytes(4).toString('hex')}-Pw1!`;
  admin('create-user', email, password, given, family);
  return { email, password, given, family };
}

/** Signs the user in through the hosted UI, then opens /account from the header (in-app: a reload would drop the in-memory session). */
export async function signInToAccount(page: Page, user: Throwaway): Promise<IssuedTokens> {
  const { tokens } = await signInAs(page, user.email, user.password);
  await openAccount(page);
  return tokens;
}

/** Opens /account from the header's link and waits for GetUser's answer. */
export async function openAccount(page: Page): Promise<void> {
  // Exact: an admin's home page also links here ("Set up an authenticator app on your Account page").
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Given name')).toBeVisible();
}

/** The page's polite status line. */
export function status(page: Page) {
  return page.getByTestId('account-status');
}

/** Requests the page sends to the user-pools API, by operation (`X-Amz-Target`'s last part). */
export function recordAccountCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (request) => {
    const target = request.headers()['x-amz-target'];
    if (target?.startsWith('AWSCognitoIdentityProviderService.')) calls.push(target.split('.')[1]);
  });
  return calls;
}

/** A user-pools API call from the test itself (unsigned: the ones a public client may make). */
export async function cognitoCall(operation: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${AWS_ENDPOINT}/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : {} };
}

/** The token endpoint's answer to a refresh with `refreshToken`, as the test sends it (not the page). */
export async function refreshFromTheTest(refreshToken: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const config = readConfig() as ReturnType<typeof readConfig> & { hostedUiBaseUrl: string };
  const response = await fetch(`${config.hostedUiBaseUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: config.clientId, refresh_token: refreshToken }).toString(),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try { json = JSON.parse(text); } catch { json = { raw: text }; }
  return { status: response.status, json };
}

/** Tries the hosted UI's sign-in form with these credentials and says whether it got back signed in. */
export async function hostedUiSignInWorks(page: Page, email: string, password: string): Promise<boolean> {
  await openHostedUi(page);
  await submitCredentials(page, email, password);
  const welcome = page.getByRole('heading', { name: /Welcome/ });
  const refused = page.getByText('Incorrect username or password.');
  await expect(welcome.or(refused)).toBeVisible();
  return welcome.isVisible();
}

/**
 * Fails if any of `secrets` is in the page's storage, cookies or URL, was written to its console,
 * or is in one of its `cognito-portal:session` telemetry events (recorded by [watchPage]).
 */
export async function expectNowhereStored(page: Page, consoleLines: string[], secrets: string[]): Promise<void> {
  const persisted = await persistedState(page);
  const events = await sessionEvents(page);
  // The record is made by an init script: an empty one would make the check below vacuous.
  expect(events.length, 'the session events were recorded (watchPage before signing in)').toBeGreaterThan(0);
  const telemetry = JSON.stringify(events);
  for (const secret of secrets) {
    expect(secret.length, 'a secret to look for').toBeGreaterThan(3);
    expect(persisted, 'a secret reached storage, a cookie or the URL').not.toContain(secret);
    expect(telemetry, 'a secret reached a session telemetry event').not.toContain(secret);
    for (const line of consoleLines) expect(line, 'a secret reached the console').not.toContain(secret);
  }
}

/** Every console line of the page, from now on. */
export function recordConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (message) => lines.push(message.text()));
  return lines;
}

/**
 * Records the page's console lines and its session telemetry events (from the next document
 * on), for [expectNowhereStored]. Call it before signing in.
 */
export async function watchPage(page: Page): Promise<string[]> {
  await recordSessionEvents(page);
  return recordConsole(page);
}

/** Whether `request` is the user-pools API call `operation` (by `X-Amz-Target`). */
export function isCognitoCall(request: Request, operation: string): boolean {
  return request.headers()['x-amz-target'] === `AWSCognitoIdentityProviderService.${operation}`;
}

/**
 * Holds the page's `operation` calls until the returned function is called, then lets them go
 * to Cognito unchanged (a slow network, made by the test; the answer is Cognito's own).
 */
export async function holdCognitoCall(page: Page, operation: string): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  await page.route((url) => url.origin === new URL(AWS_ENDPOINT).origin, async (route) => {
    if (isCognitoCall(route.request(), operation)) await released;
    await route.fallback();
  });
  return release;
}

/**
 * Drops the page's next `operation` call on the floor (a lost connection, made by the test);
 * later ones go to Cognito unchanged. Nothing of Cognito's answers is made up.
 */
export async function dropCognitoCallOnce(page: Page, operation: string): Promise<void> {
  let dropped = false;
  await page.route((url) => url.origin === new URL(AWS_ENDPOINT).origin, async (route) => {
    if (!dropped && isCognitoCall(route.request(), operation)) {
      dropped = true;
      await route.abort('connectionreset');
      return;
    }
    await route.fallback();
  });
}

/**
 * Drops every token refresh the page sends (a lost connection, made by the test) until the
 * returned function is called.
 */
export async function dropTokenRefreshes(page: Page): Promise<() => Promise<void>> {
  const matcher = (url: URL) => url.pathname === '/oauth2/token';
  await page.route(matcher, async (route) => {
    const grant = new URLSearchParams(route.request().postData() ?? '').get('grant_type');
    if (grant === 'refresh_token') await route.abort('connectionreset');
    else await route.fallback();
  });
  return () => page.unroute(matcher);
}
