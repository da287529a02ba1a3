// Issue #12, item 7: the API access page's scripts keep working when the account has two-factor
// sign-in. A throwaway user's authenticator is enrolled through the AWS APIs, as the account page
// does it (InitiateAuth → AssociateSoftwareToken → VerifySoftwareToken → SetUserMFAPreference);
// the page's own snippets are then copied from the page and run in a child process, fed a code
// computed here from the secret, as a person would type it. The local hosted UI never asks for
// MFA (docs/local-aws.md), so the browser signs in with the password; the scripts' InitiateAuth
// does meet the challenge, as it would on AWS.
//
// Item 3: a member of `admins` without an authenticator is told on the home page; the demo admin
// seeded by deploy has one, so Cognito challenges its sign-in; `dev/admin_mfa.py audit` names
// the admins without one.
import { expect, test, type Page, type Request, type Response } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { admin, DEMO_EMAIL, DEMO_PASSWORD, signInAs } from '../pages/portal';

const repo = path.resolve(__dirname, '../../..');
const configPath = process.env.CONFIG_PATH ?? path.join(repo, '.local/config.json');
const config = JSON.parse(readFileSync(configPath, 'utf-8')) as {
  apiClientId: string; apiBaseUrl: string; endpoints: { idp: string };
};
const PASSWORD = 'Totp-Passw0rd!';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = Record<string, any>;

/** RFC 6238 as authenticator apps and Cognito compute it: HMAC-SHA1, 30 s steps, 6 digits. */
function totp(secret: string, atMs = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** A well-formed code valid in none of the steps Cognito accepts now. */
function wrongTotp(secret: string): string {
  const valid = [-1, 0, 1].map((step) => totp(secret, Date.now() + step * 30_000));
  return ['123456', '654321', '111111', '222222'].find((code) => !valid.includes(code))!;
}

test('the TOTP helper gives RFC 6238\'s SHA-1 test vectors', () => {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
  // RFC 6238 Appendix B (8 digits there; the last 6 are the 6-digit code).
  for (const [seconds, code] of [[59, '287082'], [1111111109, '081804'], [1234567890, '005924'], [20000000000, '353130']] as const) {
    expect(totp(secret, seconds * 1000)).toBe(code);
  }
});

/** One call to Cognito's user-pools API from the test runner, as a script makes it. */
async function cognito(operation: string, body: object): Promise<Answer> {
  const response = await fetch(config.endpoints.idp, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  });
  const answer = await response.json() as Answer;
  if (!response.ok) throw new Error(`${operation}: ${answer.__type}: ${answer.message}`);
  return answer;
}

const signInByApi = (email: string, password = PASSWORD) => cognito('InitiateAuth', {
  AuthFlow: 'USER_PASSWORD_AUTH', ClientId: config.apiClientId, AuthParameters: { USERNAME: email, PASSWORD: password },
});

/** A confirmed throwaway user, unique to this run. */
function throwawayUser(label: string): string {
  const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  admin('create-user', email, PASSWORD, 'Tess', 'Totp');
  return email;
}

/** Enrols an authenticator app for `email` through the AWS APIs; returns its secret. */
async function enrolAuthenticator(email: string): Promise<string> {
  const signedIn = await signInByApi(email);
  const accessToken = signedIn.AuthenticationResult.AccessToken as string;
  const { SecretCode: secret } = await cognito('AssociateSoftwareToken', { AccessToken: accessToken });
  const verified = await cognito('VerifySoftwareToken', { AccessToken: accessToken, UserCode: totp(secret), FriendlyDeviceName: 'e2e' });
  expect(verified.Status).toBe('SUCCESS');
  await cognito('SetUserMFAPreference', { AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
  // From now on Cognito asks this user for a code at sign-in.
  expect((await signInByApi(email)).ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  return secret as string;
}

/**
 * A code from the next 30-second step: Cognito accepts one step either side, so it is valid
 * now and for the next minute, and it is never the code that verified the enrolment (AWS
 * refuses a code used once).
 */
const freshCode = (secret: string) => totp(secret, Date.now() + 30_000);

/** Opens the API access page from the signed-in header (a reload would end the session). */
async function openApiAccess(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'API access' }).click();
  await expect(page.getByRole('heading', { name: 'API access' })).toBeVisible();
}

/** The page's snippet, with `email` and the password where the page says to put them. */
async function snippetFor(page: Page, testId: 'curl-snippet' | 'python-snippet', email: string): Promise<string> {
  const shown = (await page.getByTestId(testId).textContent()) ?? '';
  const placeholders: [string, string][] = testId === 'curl-snippet'
    ? [["USERNAME='you@example.com'", `USERNAME='${email}'`], ["PASSWORD='your password'", `PASSWORD='${PASSWORD}'`]]
    : [['USERNAME = "you@example.com"', `USERNAME = "${email}"`], ['PASSWORD = "your password"', `PASSWORD = "${PASSWORD}"`]];
  let script = shown;
  for (const [placeholder, value] of placeholders) {
    expect(script, `the snippet has ${placeholder}`).toContain(placeholder);
    script = script.replace(placeholder, value);
  }
  return script;
}

/** Runs a snippet as a person would, typing `typed` at its prompt (nothing: end of input). */
function run(testId: 'curl-snippet' | 'python-snippet', script: string, typed: string) {
  const [program, args] = testId === 'curl-snippet' ? ['bash', ['-c', script]] : ['python3', ['-c', script]];
  const result = spawnSync(program, args as string[], { input: typed, encoding: 'utf-8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

for (const testId of ['python-snippet', 'curl-snippet'] as const) {
  test(`the ${testId === 'python-snippet' ? 'Python' : 'curl'} snippet answers the authenticator challenge with a fresh code and calls /me; without a code or with a wrong one it stops and says why`, async ({ page }) => {
    const email = throwawayUser(testId.split('-')[0]);
    const secret = await enrolAuthenticator(email);
    await signInAs(page, email, PASSWORD);
    await openApiAccess(page);
    await expect(page.getByTestId('two-factor-status')).toHaveAttribute('data-two-factor', 'authenticator-app');
    await expect(page.getByTestId('two-factor-status')).toContainText('asks for the 6-digit code');
    const script = await snippetFor(page, testId, email);

    const withoutCode = run(testId, script, '');
    expect(withoutCode.status, withoutCode.stderr).not.toBe(0);
    expect(withoutCode.stderr).toContain('This account has two-factor sign-in: run the script again and type the 6-digit code your authenticator app shows.');
    expect(withoutCode.stdout).not.toContain('eyJ');

    const wrong = run(testId, script, `${wrongTotp(secret)}\n`);
    expect(wrong.status, wrong.stderr).not.toBe(0);
    expect(wrong.stderr).toMatch(/Cognito refused( RespondToAuthChallenge)?: CodeMismatchException/);
    expect(wrong.stdout).not.toContain('eyJ');

    const signedIn = run(testId, script, `${freshCode(secret)}\n`);
    expect(signedIn.status, signedIn.stderr).toBe(0);
    const me = JSON.parse(signedIn.stdout) as { email: string; groups: string[] };
    expect(me.email).toBe(email);
    expect(me.groups).toEqual([]);
  });
}

test('a refresh is never challenged: a session from before the enrolment keeps getting tokens without a code', async () => {
  const email = throwawayUser('refresh');
  const before = await signInByApi(email);
  await enrolAuthenticator(email);
  const refreshed = await cognito('InitiateAuth', {
    AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: config.apiClientId,
    AuthParameters: { REFRESH_TOKEN: before.AuthenticationResult.RefreshToken },
  });
  expect(refreshed.ChallengeName).toBeUndefined();
  expect(refreshed.AuthenticationResult.IdToken).toMatch(/^eyJ/);
});

test('an account without two-factor sign-in: the page says so and the scripts ask for nothing', async ({ page }) => {
  const email = throwawayUser('plain');
  await signInAs(page, email, PASSWORD);
  await openApiAccess(page);
  await expect(page.getByTestId('two-factor-status')).toHaveAttribute('data-two-factor', 'password-only');
  for (const testId of ['python-snippet', 'curl-snippet'] as const) {
    const result = run(testId, await snippetFor(page, testId, email), '');
    expect(result.status, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { email: string }).email).toBe(email);
    expect(result.stderr).not.toContain('authenticator');
  }
});

test('a wrong password stops the scripts with Cognito\'s own words, not a traceback', async ({ page }) => {
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  await openApiAccess(page);
  for (const testId of ['python-snippet', 'curl-snippet'] as const) {
    const script = (await snippetFor(page, testId, DEMO_EMAIL)).replace(PASSWORD, 'not-the-password');
    const result = run(testId, script, '');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('NotAuthorizedException');
    expect(result.stderr).not.toContain('Traceback');
  }
});

/** A `GetUser` call to Cognito's user-pools API (request or response). */
function isGetUser(r: Request | Response): boolean {
  const request = 'request' in r ? r.request() : r;
  return request.headers()['x-amz-target'] === 'AWSCognitoIdentityProviderService.GetUser';
}

/** `dev/admin_mfa.py` with the local stack's config. */
function adminMfa(...args: string[]) {
  const result = spawnSync(path.join(repo, '.tools/venv/bin/python'), [path.join(repo, 'dev/admin_mfa.py'), ...args], {
    env: { ...process.env, CONFIG_PATH: configPath }, encoding: 'utf-8', timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('a member of admins without an authenticator is told on the home page, and no longer once one is set up', async ({ page }) => {
  const email = throwawayUser('admin');
  admin('add-to-group', email, 'admins');
  const before = adminMfa('audit');
  expect(before.stdout).toContain(`admin without an authenticator: `);
  expect(before.stdout).toContain(email);
  expect(before.status).toBe(1);

  await signInAs(page, email, PASSWORD);
  const notice = page.getByTestId('admin-needs-authenticator');
  await expect(notice).toContainText('Your admin account needs an authenticator app');
  await expect(notice.getByRole('link', { name: 'Set up an authenticator app on your Account page' })).toHaveAttribute('href', '/account');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();

  await enrolAuthenticator(email);
  expect(adminMfa('audit').stdout).not.toContain(email);
  const getUser = page.waitForResponse(isGetUser);
  await signInAs(page, email, PASSWORD); // the local hosted UI asks for no code (docs/local-aws.md)
  expect((await getUser).status()).toBe(200);
  await expect(page.locator('.api-admin')).toBeVisible();
  await expect(notice).toHaveCount(0);
  await expect(page.getByTestId('admin-authenticator-unknown')).toHaveCount(0);
});

test('a customer is never shown the admin notice, and their home page does not ask Cognito about it', async ({ page }) => {
  const getUsers: string[] = [];
  page.on('request', (r) => { if (isGetUser(r)) getUsers.push(r.url()); });
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page.locator('.api-me dd').filter({ hasText: DEMO_EMAIL })).toBeVisible();
  expect(getUsers).toEqual([]);
  await expect(page.getByTestId('admin-needs-authenticator')).toHaveCount(0);
  await expect(page.getByTestId('admin-authenticator-unknown')).toHaveCount(0);
});

test('the demo admin seeded by deploy has an authenticator: Cognito challenges its scripts\' sign-in, and a fresh code from the secret the run command shows gets tokens', async () => {
  const record = JSON.parse(readFileSync(path.join(path.dirname(configPath), 'demo-admin-totp.json'), 'utf-8')) as {
    account: string; secret: string; otpauth: string;
  };
  expect(record.account).toBe('admin@example.com');
  expect(record.otpauth).toContain(`secret=${record.secret}`);
  const challenged = await signInByApi('admin@example.com', 'Admin-Passw0rd!');
  expect(challenged.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  expect(challenged.AuthenticationResult).toBeUndefined();
  const answered = await cognito('RespondToAuthChallenge', {
    ChallengeName: 'SOFTWARE_TOKEN_MFA', ClientId: config.apiClientId, Session: challenged.Session,
    ChallengeResponses: { USERNAME: challenged.ChallengeParameters.USER_ID_FOR_SRP, SOFTWARE_TOKEN_MFA_CODE: freshCode(record.secret) },
  });
  expect(answered.AuthenticationResult.IdToken).toMatch(/^eyJ/);
  expect(adminMfa('audit').stdout).not.toContain('admin@example.com');
});
