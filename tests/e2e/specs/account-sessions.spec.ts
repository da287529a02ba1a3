import { expect, test } from '@playwright/test';
import {
  expectNowhereStored, holdCognitoCall, hostedUiSignInWorks, openAccount, recordAccountCalls, refreshFromTheTest, signInToAccount,
  throwawayUser, watchPage,
} from '../pages/account';
import { signInAs } from '../pages/portal';

// Issue #12, items 4 and 5: "Sign out of every device" (GlobalSignOut) and "Delete my account"
// (DeleteUser), each ending the session in every tab with its own reason.

test('"Sign out of every device" signs out both tabs and the old refresh token then fails', async ({ browser }) => {
  const user = throwawayUser('acct-global');
  const context = await browser.newContext();
  const first = await context.newPage();
  const { tokens } = await signInAs(first, user.email, user.password);
  // A second tab takes the session over from the first (memory only, over the tab channel).
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  // Before: the refresh token works from outside the browser too.
  expect((await refreshFromTheTest(tokens.refresh_token!)).status).toBe(200);

  await openAccount(first);
  await expect(first.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  await first.getByRole('button', { name: 'Sign out of every device' }).click();
  // The other tab says why; this one left through Cognito's /logout (GlobalSignOut leaves the
  // hosted UI's session cookie) and is back, signed out, on the portal.
  await expect(second.getByTestId('signed-out-reason')).toHaveText('You signed out of every device, in another tab.');
  await expect(second.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(first).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  await expect(first.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  // The tab that clicked says why too, after the round trip through /logout (a one-shot
  // marker in its sessionStorage, read and deleted by the landing).
  await expect(first.getByTestId('signed-out-reason')).toHaveText(/^You signed out of every device: Cognito revoked/);
  expect(await first.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes('signed-out')))).toEqual([]);
  await first.reload();
  await expect(first.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(first.getByTestId('signed-out-reason')).not.toContainText('every device');
  const after = await refreshFromTheTest(tokens.refresh_token!);
  expect(after.status, JSON.stringify(after.json)).toBe(400);
  expect(after.json.error).toBe('invalid_grant');
  await context.close();
});

test('"Delete my account" asks, naming the account, then the user can no longer sign in', async ({ page, browser }) => {
  const user = throwawayUser('acct-delete');
  await signInToAccount(page, user);
  await page.getByRole('button', { name: 'Delete my account…' }).click();
  await expect(page.getByTestId('confirm-who')).toHaveText(user.email);
  // "Keep my account" backs out without a call.
  await page.getByRole('button', { name: 'Keep my account' }).click();
  await expect(page.getByTestId('confirm-who')).toHaveCount(0);

  await page.getByRole('button', { name: 'Delete my account…' }).click();
  await page.getByRole('button', { name: 'Yes, delete my account' }).click();
  await expect(page.getByTestId('signed-out-reason')).toHaveText(/^Your account was deleted\./);
  await expect(page).toHaveURL(/\/$/);

  const fresh = await browser.newPage();
  expect(await hostedUiSignInWorks(fresh, user.email, user.password), 'a deleted user signed in').toBe(false);
  await fresh.close();
});

test('while "Sign out of every device" runs, "Delete my account" cannot start (one busy state for both)', async ({ page, browser }) => {
  const user = throwawayUser('acct-oneatatime');
  const consoleLines = await watchPage(page);
  const tokens = await signInToAccount(page, user);
  await expectNowhereStored(page, consoleLines, [user.password, tokens.access_token, tokens.id_token, tokens.refresh_token!]);
  const calls = recordAccountCalls(page);
  await page.getByRole('button', { name: 'Delete my account…' }).click();
  // GlobalSignOut is held on the wire (the test's doing) until the deletion has been tried.
  const release = await holdCognitoCall(page, 'GlobalSignOut');
  await page.getByRole('button', { name: 'Sign out of every device' }).click();
  await expect(page.getByRole('button', { name: 'Signing out everywhere…' })).toHaveAttribute('aria-busy', 'true');
  const deleteButton = page.getByRole('button', { name: 'Yes, delete my account' });
  await expect(deleteButton).toHaveAttribute('aria-disabled', 'true');
  // A person's click (Playwright would wait for an aria-disabled button; a person does not).
  await deleteButton.click({ force: true });
  await expect(deleteButton).toHaveAttribute('aria-busy', 'false');
  expect(calls).not.toContain('DeleteUser');
  release();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  expect(calls.filter((c) => c !== 'GetUser')).toEqual(['GlobalSignOut']);

  const fresh = await browser.newPage();
  expect(await hostedUiSignInWorks(fresh, user.email, user.password), 'the account was deleted after all').toBe(true);
  await fresh.close();
});
