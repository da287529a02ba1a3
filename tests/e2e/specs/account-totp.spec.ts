import { expect, test, type Page } from '@playwright/test';
import { expectNowhereStored, openAccount, recordConsole, signInToAccount, status, throwawayUser } from '../pages/account';
import { signInAs } from '../pages/portal';

const ADMIN_EMAIL = 'admin@example.com';
const ADMIN_PASSWORD = 'Admin-Passw0rd!';
import { rfc6238SelfCheck, totp, wrongTotp } from '../pages/totp';

// Issue #12, item 3: an authenticator app enrolled from the page (AssociateSoftwareToken, a QR
// code drawn as SVG elements, VerifySoftwareToken, SetUserMFAPreference), and turned off again.

test('the TOTP helper computes RFC 6238\'s test vectors', () => {
  rfc6238SelfCheck();
});

/** Starts the enrolment and returns the secret as the page shows it for manual entry. */
async function startEnrolment(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const shown = page.getByTestId('totp-secret');
  await expect(shown).toBeVisible();
  return (await shown.innerText()).replace(/\s+/g, '');
}

test('enrol an authenticator with a code computed from the shown secret, then turn it off', async ({ page }) => {
  const user = throwawayUser('acct-totp');
  const consoleLines = recordConsole(page);
  const tokens = await signInToAccount(page, user);
  await expect(page.getByTestId('totp-state')).toContainText('Off.');
  const secret = await startEnrolment(page);
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expect(status(page)).toHaveText('Scan the QR code with your authenticator app, then type the code it shows.');

  // The QR code is SVG elements (a rect and one path of rectangles), not an image or markup.
  const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((svg) => svg.tagName.toLowerCase())).toBe('svg');
  const d = await qr.locator('path').getAttribute('d');
  expect(d).toMatch(/^(M\d+,\d+h\d+v1h-\d+z)+$/);
  await page.screenshot({ path: '/tmp/ui-shots/account-qr-light.png', fullPage: true });

  // "Redact for screenshots" hides the key and the QR code (it holds the key).
  await page.getByLabel('Redact for screenshots').check();
  await expect(page.getByTestId('totp-secret')).not.toContainText(secret.slice(0, 4));
  await expect(qr).toHaveCount(0);
  expect(await page.content()).not.toContain(secret.slice(0, 8));
  await page.getByLabel('Redact for screenshots').uncheck();

  await page.getByLabel('The 6-digit code the app shows').fill(totp(secret));
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await expect(status(page)).toHaveText('Two-factor sign-in is on: your authenticator app is set up.');
  await expect(page.getByTestId('totp-state')).toContainText('On.');
  await expect(page.getByTestId('totp-secret')).toHaveCount(0);
  await expectNowhereStored(page, consoleLines, [secret, tokens.access_token]);

  await page.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
  await expect(status(page)).toHaveText('Two-factor sign-in is off.');
  await expect(page.getByTestId('totp-state')).toContainText('Off.');
});

test('a wrong code is refused with a clear message, and a malformed one is never sent', async ({ page }) => {
  const user = throwawayUser('acct-badcode');
  await signInToAccount(page, user);
  const secret = await startEnrolment(page);

  await page.getByLabel('The 6-digit code the app shows').fill('12a45');
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await expect(page.getByRole('alert')).toContainText('That is not a code from your authenticator app');

  await page.getByLabel('The 6-digit code the app shows').fill(wrongTotp(secret));
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  const alert = page.getByRole('alert');
  await expect(alert.locator('.error-code code')).toHaveText(/CodeMismatchException|EnableSoftwareTokenMFAException/);
  await expect(status(page)).toHaveText('The code was refused.');
  await expect(page.getByTestId('totp-state')).toContainText('Off.');
  // The enrolment stays open for another try.
  await expect(page.getByTestId('totp-secret')).toBeVisible();
});

test('an admin without an authenticator is told plainly that the account needs one; a customer is not', async ({ page, browser }) => {
  await signInAs(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await openAccount(page);
  await expect(page.getByTestId('totp-state')).toContainText('Off.');
  await expect(page.getByTestId('admin-needs-mfa')).toHaveText(/^Your account needs an authenticator app\. You are an administrator/);

  const customer = await browser.newPage();
  await signInToAccount(customer, throwawayUser('acct-customer'));
  await expect(customer.getByTestId('totp-state')).toContainText('Off.');
  await expect(customer.getByTestId('admin-needs-mfa')).toHaveCount(0);
  await customer.close();
});
