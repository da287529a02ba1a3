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
import { expect, test, type Request, type Response } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  adminMfa, apiClientId, cognito, configPath, enrolAuthenticator, freshCode, openApiAccess, runSnippet, signInByApi,
  snippetFor,
} from '../pages/api-access';
import { admin, DEMO_EMAIL, DEMO_PASSWORD, signInAs } from '../pages/portal';
import { wrongTotp } from '../pages/totp'; // one TOTP helper (its RFC 6238 self-check: account-totp.spec.ts)

const PASSWORD = 'Totp-Passw0rd!';

/** A confirmed throwaway user, unique to this run. */
function throwawayUser(label: string): string {
  const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  admin('create-user', email, PASSWORD, 'Tess', 'Totp');
  return email;
}

for (const testId of ['python-snippet', 'curl-snippet'] as const) {
  test(`the ${testId === 'python-snippet' ? 'Python' : 'curl'} snippet answers the authenticator challenge with a fresh code and calls /me; without a code or with a wrong one it stops and says why`, async ({ page }) => {
    const email = throwawayUser(testId.split('-')[0]);
    const secret = await enrolAuthenticator(email, PASSWORD);
    await signInAs(page, email, PASSWORD);
    await openApiAccess(page);
    await expect(page.getByTestId('two-factor-status')).toHaveAttribute('data-two-factor', 'authenticator-app');
    await expect(page.getByTestId('two-factor-status')).toContainText('asks for the 6-digit code');
    const script = await snippetFor(page, testId, email, PASSWORD);

    const withoutCode = runSnippet(testId, script, '');
    expect(withoutCode.status, withoutCode.stderr).not.toBe(0);
    expect(withoutCode.stderr).toContain('This account has two-factor sign-in: run the script again and type the 6-digit code your authenticator app shows.');
    expect(withoutCode.stdout).not.toContain('eyJ');

    const wrong = runSnippet(testId, script, `${wrongTotp(secret)}\n`);
    expect(wrong.status, wrong.stderr).not.toBe(0);
    expect(wrong.stderr).toMatch(/Cognito refused( RespondToAuthChallenge)?: CodeMismatchException/);
    expect(wrong.stdout).not.toContain('eyJ');

    const signedIn = runSnippet(testId, script, `${freshCode(secret)}\n`);
    expect(signedIn.status, signedIn.stderr).toBe(0);
    const me = JSON.parse(signedIn.stdout) as { email: string; groups: string[] };
    expect(me.email).toBe(email);
    expect(me.groups).toEqual([]);
  });
}

test('a refresh is never challenged: a session from before the enrolment keeps getting tokens without a code', async () => {
  const email = throwawayUser('refresh');
  const before = await signInByApi(email, PASSWORD);
  await enrolAuthenticator(email, PASSWORD);
  const refreshed = await cognito('InitiateAuth', {
    AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: apiClientId,
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
    const result = runSnippet(testId, await snippetFor(page, testId, email, PASSWORD), '');
    expect(result.status, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { email: string }).email).toBe(email);
    expect(result.stderr).not.toContain('authenticator');
  }
});

test('a wrong password stops the scripts with Cognito\'s own words, not a traceback', async ({ page }) => {
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  await openApiAccess(page);
  for (const testId of ['python-snippet', 'curl-snippet'] as const) {
    const script = (await snippetFor(page, testId, DEMO_EMAIL, PASSWORD)).replace(PASSWORD, 'not-the-password');
    const result = runSnippet(testId, script, '');
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
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();

  await enrolAuthenticator(email, PASSWORD);
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
    ChallengeName: 'SOFTWARE_TOKEN_MFA', ClientId: apiClientId, Session: challenged.Session,
    ChallengeResponses: { USERNAME: challenged.ChallengeParameters.USER_ID_FOR_SRP, SOFTWARE_TOKEN_MFA_CODE: freshCode(record.secret) },
  });
  expect(answered.AuthenticationResult.IdToken).toMatch(/^eyJ/);
  expect(adminMfa('audit').stdout).not.toContain('admin@example.com');
});
