import { expect, test, type Page } from '@playwright/test';
import {
  dropCognitoCallOnce, expectNowhereStored, isCognitoCall, recordAccountCalls, signInToAccount, status, throwawayUser,
  watchPage,
} from '../pages/account';
import { freshCode, openApiAccess, runSnippet, snippetFor } from '../pages/api-access';
import { admin } from '../pages/portal';
import { rfc6238SelfCheck, totp, wrongTotp } from '../pages/totp';

// Issue #12, item 3: an authenticator app enrolled from the page (AssociateSoftwareToken, a QR
// code drawn as SVG elements, VerifySoftwareToken, SetUserMFAPreference), and turned off again.
// Every user here is a throwaway one (admins too: the seeded admin@example.com is enrolled by
// deploy, see api-access-mfa.spec.ts, so no spec may expect it without an authenticator).

test('the TOTP helper computes RFC 6238\'s test vectors', () => {
  rfc6238SelfCheck();
});

/** Starts the enrolment and returns the secret as the page shows it for manual entry. */
async function startEnrolment(page: Page): Promise<string> {
  await page.getByRole('button', { name: /^Set up (an|a new) authenticator app$/ }).click();
  const shown = page.getByTestId('totp-secret');
  await expect(shown).toBeVisible();
  return (await shown.innerText()).replace(/\s+/g, '');
}

/** Types `code` and presses "Verify and turn on". */
async function verify(page: Page, code: string): Promise<void> {
  await page.getByLabel('The 6-digit code the app shows').fill(code);
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
}

test('enrol an authenticator with a code computed from the shown secret; the API page\'s Python snippet then signs in with a fresh code; then turn it off', async ({ page }) => {
  const user = throwawayUser('acct-totp');
  const consoleLines = await watchPage(page);
  const tokens = await signInToAccount(page, user);
  await expect(page.getByTestId('totp-state')).toContainText('Off.');
  // An unsaved edit, to see that the reload after the enrolment keeps it.
  await page.getByLabel('Given name').fill('Unsaved draft');
  const secret = await startEnrolment(page);
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expect(status(page)).toHaveText('Scan the QR code with your authenticator app, then type the code it shows.');

  // The QR code is SVG elements (a rect and one path of rectangles), not an image or markup.
  const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((svg) => svg.tagName.toLowerCase())).toBe('svg');
  const d = await qr.locator('path').getAttribute('d');
  expect(d).toMatch(/^(M\d+,\d+h\d+v1h-\d+z)+$/);
  // Into this test's own output directory (kept with the report), never a fixed path.
  await page.screenshot({ path: test.info().outputPath('account-qr-light.png'), fullPage: true });

  // "Redact for screenshots" hides the key and the QR code (it holds the key).
  await page.getByLabel('Redact for screenshots').check();
  await expect(page.getByTestId('totp-secret')).not.toContainText(secret.slice(0, 4));
  await expect(qr).toHaveCount(0);
  expect(await page.content()).not.toContain(secret.slice(0, 8));
  await page.getByLabel('Redact for screenshots').uncheck();

  const code = totp(secret);
  const reloaded = page.waitForResponse((r) => isCognitoCall(r.request(), 'GetUser'));
  await verify(page, code);
  await expect(status(page)).toHaveText('Two-factor sign-in is on: your authenticator app is set up.');
  await expect(page.getByTestId('totp-state')).toContainText('On.');
  await expect(page.getByTestId('totp-secret')).toHaveCount(0);
  // The page read the user again (two-factor is on), and the unsaved edit is still there.
  expect((await reloaded).status()).toBe(200);
  await expect(page.getByLabel('Given name')).toHaveValue('Unsaved draft');
  await expectNowhereStored(page, consoleLines, [
    secret, code, user.password, tokens.access_token, tokens.id_token, tokens.refresh_token!,
  ]);

  // The API access page's Python snippet, run as a person would: Cognito now challenges the
  // sign-in, and a fresh code from the same secret gets tokens and /me.
  await openApiAccess(page);
  await expect(page.getByTestId('two-factor-status')).toHaveAttribute('data-two-factor', 'authenticator-app');
  const script = await snippetFor(page, 'python-snippet', user.email, user.password);
  const refused = runSnippet('python-snippet', script, '');
  expect(refused.status, refused.stderr).not.toBe(0);
  expect(refused.stderr).toContain('This account has two-factor sign-in');
  const signedIn = runSnippet('python-snippet', script, `${freshCode(secret)}\n`);
  expect(signedIn.status, signedIn.stderr).toBe(0);
  expect((JSON.parse(signedIn.stdout) as { email: string }).email).toBe(user.email);

  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
  await expect(status(page)).toHaveText('Two-factor sign-in is off.');
  await expect(page.getByTestId('totp-state')).toContainText('Off.');
});

test('a wrong code is refused with a clear message, and a malformed one is never sent', async ({ page }) => {
  const user = throwawayUser('acct-badcode');
  await signInToAccount(page, user);
  const secret = await startEnrolment(page);

  await verify(page, '12a45');
  await expect(page.getByRole('alert')).toContainText('That is not a code from your authenticator app');

  await verify(page, wrongTotp(secret));
  const alert = page.getByRole('alert');
  await expect(alert.locator('.error-code code')).toHaveText(/CodeMismatchException|EnableSoftwareTokenMFAException/);
  await expect(status(page)).toHaveText('The code was refused.');
  await expect(page.getByTestId('totp-state')).toContainText('Off.');
  // The enrolment stays open for another try.
  await expect(page.getByTestId('totp-secret')).toBeVisible();
});

test('a verified code is not sent again: when SetUserMFAPreference is lost, the retry sends only the preference', async ({ page }) => {
  const user = throwawayUser('acct-retry');
  await signInToAccount(page, user);
  const secret = await startEnrolment(page);
  const calls = recordAccountCalls(page);
  // The connection drops under the first SetUserMFAPreference (the test's doing; Cognito's
  // answers are its own): VerifySoftwareToken has already accepted, and spent, the code.
  await dropCognitoCallOnce(page, 'SetUserMFAPreference');
  await verify(page, totp(secret));
  await expect(status(page)).toHaveText(/^Your app's code was accepted, but two-factor sign-in is not on yet/);
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('totp-verified')).toBeVisible();
  await expect(page.getByLabel('The 6-digit code the app shows')).toHaveCount(0);
  expect(calls).toEqual(['VerifySoftwareToken', 'SetUserMFAPreference']);

  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(status(page)).toHaveText('Two-factor sign-in is on: your authenticator app is set up.');
  await expect(page.getByTestId('totp-state')).toContainText('On.');
  expect(calls.slice(0, 3)).toEqual(['VerifySoftwareToken', 'SetUserMFAPreference', 'SetUserMFAPreference']);
});

test('an admin is told the account needs an authenticator, still after a save refreshes the tokens, and is never offered "Turn off"; a customer is not told', async ({ page, browser }) => {
  // A throwaway admin (dev/admin.py add-to-group), enrolled by this test alone.
  const adminUser = throwawayUser('acct-admin');
  admin('add-to-group', adminUser.email, 'admins');
  await signInToAccount(page, adminUser);
  await expect(page.getByTestId('totp-state')).toContainText('Off.');
  const notice = page.getByTestId('admin-needs-mfa');
  await expect(notice).toHaveText(/^Your account needs an authenticator app\. You are an administrator/);

  // A save refreshes the tokens; the emulator's refreshed ID token has no cognito:groups
  // (docs/deploy.md). The page read the groups once, so the notice stays.
  const refreshed = page.waitForResponse((r) => r.url().includes('/oauth2/token'));
  await page.getByLabel('Given name').fill('Admin After');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(status(page)).toHaveText(/^Saved\./);
  expect((await refreshed).status()).toBe(200);
  await expect(page.getByLabel('Given name')).toHaveValue('Admin After');
  await expect(notice).toBeVisible();

  const secret = await startEnrolment(page);
  await verify(page, totp(secret));
  await expect(page.getByTestId('totp-state')).toContainText('On.');
  await expect(notice).toHaveCount(0);
  await expect(page.getByText('As an administrator you need it')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Turn off two-factor sign-in' })).toHaveCount(0);

  const customer = await browser.newPage();
  await signInToAccount(customer, throwawayUser('acct-customer'));
  await expect(customer.getByTestId('totp-state')).toContainText('Off.');
  await expect(customer.getByTestId('admin-needs-mfa')).toHaveCount(0);
  await customer.close();
});
