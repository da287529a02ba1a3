import { expect, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { totp } from './totp';

/**
 * The API access page's scripts, run as a person would, and the user-pools API calls a script
 * makes (issue #12, item 7): shared by api-access-mfa.spec.ts and the account page's TOTP spec.
 */

export const repo = path.resolve(__dirname, '../../..');
export const configPath = process.env.CONFIG_PATH ?? path.join(repo, '.local/config.json');
const config = JSON.parse(readFileSync(configPath, 'utf-8')) as {
  apiClientId: string; apiBaseUrl: string; endpoints: { idp: string };
};
export const apiClientId = config.apiClientId;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = Record<string, any>;

/** One call to Cognito's user-pools API from the test runner, as a script makes it. */
export async function cognito(operation: string, body: object): Promise<Answer> {
  const response = await fetch(config.endpoints.idp, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  });
  const answer = await response.json() as Answer;
  if (!response.ok) throw new Error(`${operation}: ${answer.__type}: ${answer.message}`);
  return answer;
}

/** `InitiateAuth` with the password, on the API's app client (the one the scripts use). */
export const signInByApi = (email: string, password: string) => cognito('InitiateAuth', {
  AuthFlow: 'USER_PASSWORD_AUTH', ClientId: config.apiClientId, AuthParameters: { USERNAME: email, PASSWORD: password },
});

/** Enrols an authenticator app for `email` through the AWS APIs; returns its secret. */
export async function enrolAuthenticator(email: string, password: string): Promise<string> {
  const signedIn = await signInByApi(email, password);
  const accessToken = signedIn.AuthenticationResult.AccessToken as string;
  const { SecretCode: secret } = await cognito('AssociateSoftwareToken', { AccessToken: accessToken });
  const verified = await cognito('VerifySoftwareToken', { AccessToken: accessToken, UserCode: totp(secret), FriendlyDeviceName: 'e2e' });
  expect(verified.Status).toBe('SUCCESS');
  await cognito('SetUserMFAPreference', { AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
  // From now on Cognito asks this user for a code at sign-in.
  expect((await signInByApi(email, password)).ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  return secret as string;
}

/**
 * A code from the next 30-second step: Cognito accepts one step either side, so it is valid
 * now and for the next minute, and it is never the code that verified the enrolment (AWS
 * refuses a code used once).
 */
export const freshCode = (secret: string) => totp(secret, Date.now() + 30_000);

/** Opens the API access page from the signed-in header (a reload would end the session). */
export async function openApiAccess(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'API access' }).click();
  await expect(page.getByRole('heading', { name: 'API access' })).toBeVisible();
}

export type SnippetId = 'curl-snippet' | 'python-snippet';

/**
 * The page's snippet, with `email` and `password` where the page says to put them. The curl
 * snippet has no place for the password (it asks at a prompt, issue #13): it gets it the other
 * way the script offers, the PORTAL_PASSWORD variable, set by a line put before it.
 */
export async function snippetFor(page: Page, testId: SnippetId, email: string, password: string): Promise<string> {
  const shown = (await page.getByTestId(testId).textContent()) ?? '';
  const shellWord = (value: string) => `'${value.replace(/'/g, "'\\''")}'`;
  const placeholders: [string, string][] = testId === 'curl-snippet'
    ? [["USERNAME='you@example.com'", `USERNAME='${email}'`], ['set -euo pipefail\n', `set -euo pipefail\nPORTAL_PASSWORD=${shellWord(password)}\n`]]
    : [['USERNAME = "you@example.com"', `USERNAME = "${email}"`], ['PASSWORD = os.environ.get("PORTAL_PASSWORD") or getpass.getpass("Password: ")', `PASSWORD = ${JSON.stringify(password)}`]];
  let script = shown;
  for (const [placeholder, value] of placeholders) {
    expect(script, `the snippet has ${placeholder}`).toContain(placeholder);
    script = script.replace(placeholder, value);
  }
  return script;
}

/** Runs a snippet as a person would, typing `typed` at its prompt (nothing: end of input). */
export function runSnippet(testId: SnippetId, script: string, typed: string) {
  const [program, args] = testId === 'curl-snippet' ? ['bash', ['-c', script]] : ['python3', ['-c', script]];
  const result = spawnSync(program, args as string[], { input: typed, encoding: 'utf-8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `dev/admin_mfa.py` with the local stack's config. */
export function adminMfa(...args: string[]) {
  const result = spawnSync(path.join(repo, '.tools/venv/bin/python'), [path.join(repo, 'dev/admin_mfa.py'), ...args], {
    env: { ...process.env, CONFIG_PATH: configPath }, encoding: 'utf-8', timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
