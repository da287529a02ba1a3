import { expect, test } from '@playwright/test';
import {
  dropTokenRefreshes, expectNowhereStored, recordAccountCalls, signInToAccount, status, throwawayUser, watchPage,
} from '../pages/account';
import { admin, claimValue } from '../pages/portal';

// Issue #12, item 1: the user's attributes from GetUser, the writable ones saved with
// UpdateUserAttributes, the tokens refreshed so every page shows the new values.

test('a changed given name shows in the claims, the profile and the API\'s /me', async ({ page }) => {
  const user = throwawayUser('acct-name', 'Before');
  const consoleLines = await watchPage(page);
  const tokens = await signInToAccount(page, user);
  await expect(page.getByLabel('Given name')).toHaveValue('Before');
  await expect(page.getByLabel('Family name')).toHaveValue(user.family);
  await expect(page.getByLabel('Email')).toHaveValue(user.email);
  await expect(page.getByTestId('email-verified')).toHaveText('verified');

  const refreshed = page.waitForResponse((r) => r.url().includes('/oauth2/token'));
  await page.getByLabel('Given name').fill('After');
  const save = page.getByRole('button', { name: 'Save' });
  await save.click();
  await expect(status(page)).toHaveText('Saved. Your tokens were refreshed with the new details.');
  // The busy button kept focus (aria-disabled, not disabled).
  await expect(save).toBeFocused();
  await refreshed;
  await expect(page.getByTestId('attributes-saved')).toBeVisible();
  await expect(page.getByLabel('Given name')).toHaveValue('After');

  await page.getByRole('link', { name: 'Home' }).click();
  await expect(claimValue(page, 'given_name')).toHaveText('After');
  await expect(page.locator('.api-me[aria-busy=false] dd').filter({ hasText: /^After$/ })).toBeVisible();
  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page.locator('tr[data-attribute=given_name] td').nth(0)).toHaveText('After');
  await expect(page.locator('tr[data-attribute=given_name] td').nth(1)).toHaveText('After');
  await expectNowhereStored(page, consoleLines, [tokens.access_token, tokens.id_token, tokens.refresh_token!, user.password]);
});

test('when the refresh after a save fails, the page does not claim the tokens were refreshed', async ({ page }) => {
  // The library tries the refresh again after its back-off before giving up.
  test.setTimeout(90_000);
  const user = throwawayUser('acct-norefresh', 'Before');
  await signInToAccount(page, user);
  const restore = await dropTokenRefreshes(page);
  const dropped = page.waitForEvent('requestfailed', (r) => r.url().includes('/oauth2/token'));
  await page.getByLabel('Given name').fill('After');
  await page.getByRole('button', { name: 'Save' }).click();
  await dropped;
  await expect(status(page)).toHaveText(/^Saved\. Your tokens could not be refreshed yet/, { timeout: 60_000 });
  await expect(page.getByTestId('attributes-saved')).toContainText('after the next refresh');
  await expect(page.getByTestId('attributes-saved')).not.toContainText('now show');
  // Cognito has the new value all the same.
  await expect(page.getByLabel('Given name')).toHaveValue('After');
  await restore();
});

test('nothing changed sends nothing, and a value Cognito cannot store is refused before sending', async ({ page }) => {
  const user = throwawayUser('acct-noop');
  const calls = recordAccountCalls(page);
  await signInToAccount(page, user);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(status(page)).toHaveText('Nothing to save: no field was changed.');
  await page.getByLabel('Family name').fill('   ');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('cannot be empty');
  expect(calls.filter((c) => c === 'UpdateUserAttributes')).toEqual([]);
});

// On AWS the pool keeps the old email until the new one is verified
// (AttributesRequireVerificationBeforeUpdate); the local emulator changes it at once. The page
// says what Cognito did, read back with GetUser, so its words must match the field it shows.
test('after an email change the page says what Cognito did, consistently with GetUser', async ({ page }) => {
  const user = throwawayUser('acct-mail');
  await signInToAccount(page, user);
  const next = user.email.replace('@', '-new@');
  await page.getByLabel('Email').fill(next);
  await page.getByRole('button', { name: 'Save' }).click();
  const change = page.getByTestId('email-change');
  await expect(change).toBeVisible();
  await expect(change).toContainText(`Before: ${user.email} · asked for: ${next}`);
  const outcome = await change.locator('[data-outcome]').getAttribute('data-outcome');
  if (outcome === 'KeptUntilVerified') {
    await expect(change).toContainText(`Your email is still ${user.email}.`);
    await expect(status(page)).toHaveText('Saved. Your new email is waiting for verification.');
    await expect(page.getByLabel('Email')).toHaveValue(user.email);
  } else {
    expect(outcome).toMatch(/^ChangedAtOnce/);
    await expect(change).toContainText(`Your email is now ${next}.`);
    await expect(status(page)).toHaveText('Saved. Your email was changed.');
    await expect(page.getByLabel('Email')).toHaveValue(next);
  }
});

test('an attribute holding markup shows literally and runs nothing', async ({ page }) => {
  const user = throwawayUser('acct-xss');
  const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
  admin('set-attribute', user.email, 'family_name', evil);
  await signInToAccount(page, user);
  await expect(page.getByLabel('Family name')).toHaveValue(evil);
  await page.locator('details.account-other summary').click();
  await expect(page.locator('dl.account-all dd').filter({ hasText: evil })).toHaveText(evil);
  expect(await page.locator('main img, main b').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
