import { expect, test } from '@playwright/test';
import { expectNowhereStored, hostedUiSignInWorks, recordAccountCalls, signInToAccount, status, throwawayUser, watchPage } from '../pages/account';

// Issue #12, item 2: ChangePassword with the pool's policy shown and checked before sending,
// and Cognito's refusals in plain words.

test('a changed password signs in and the old one no longer does', async ({ page, browser }) => {
  const user = throwawayUser('acct-pw');
  const consoleLines = await watchPage(page);
  const tokens = await signInToAccount(page, user);
  const next = `${user.password}-New2`;
  await page.getByLabel('Current password').fill(user.password);
  await page.getByLabel('New password', { exact: true }).fill(next);
  await page.getByLabel('New password again').fill(next);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(status(page)).toHaveText('Your password was changed.');
  await expect(page.getByTestId('password-changed')).toBeVisible();
  await expect(page.getByLabel('New password', { exact: true })).toHaveValue('');
  await expectNowhereStored(page, consoleLines, [user.password, next, tokens.access_token, tokens.id_token, tokens.refresh_token!]);

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  // Sign-out leaves through Cognito's /logout and comes back signed out.
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();

  const fresh = await browser.newPage();
  expect(await hostedUiSignInWorks(fresh, user.email, user.password), 'the old password still works').toBe(false);
  expect(await hostedUiSignInWorks(fresh, user.email, next), 'the new password does not work').toBe(true);
  await fresh.close();
});

test('the policy is listed, marked as it is met, and a weak password is never sent', async ({ page }) => {
  const user = throwawayUser('acct-weak');
  const calls = recordAccountCalls(page);
  await signInToAccount(page, user);
  const rules = page.locator('#password-rules li');
  await expect(rules.first()).toContainText('At least');
  await page.getByLabel('New password', { exact: true }).fill('short');
  await expect(page.locator('#password-rules li[data-rule-met=false]').first()).toBeVisible();
  await expect(rules.filter({ hasText: 'A lowercase letter' })).toHaveAttribute('data-rule-met', 'true');
  await expect(rules.filter({ hasText: 'An uppercase letter' })).toHaveAttribute('data-rule-met', 'false');

  await page.getByLabel('Current password').fill(user.password);
  await page.getByLabel('New password again').fill('short');
  await page.getByRole('button', { name: 'Change password' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The new password does not meet the password policy');
  await expect(alert).toContainText('an uppercase letter');
  await expect(status(page)).toHaveText('Password not changed: the form needs correcting.');
  expect(calls.filter((c) => c === 'ChangePassword')).toEqual([]);
});

test('a wrong current password is Cognito\'s refusal, in plain words with its code', async ({ page }) => {
  const user = throwawayUser('acct-wrong');
  await signInToAccount(page, user);
  await page.getByLabel('Current password').fill(`${user.password}-not-it`);
  await page.getByLabel('New password', { exact: true }).fill('Another-Passw0rd!');
  await page.getByLabel('New password again').fill('Another-Passw0rd!');
  await page.getByRole('button', { name: 'Change password' }).click();
  const alert = page.getByRole('alert');
  await expect(alert.locator('.error-code code')).toHaveText('NotAuthorizedException');
  await expect(status(page)).toHaveText('Password not changed.');
  // Still signed in: a wrong password in this form is not a session failure.
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
});
