// The signed-in views' stylesheet (issue #14, item 0): out of the first load, linked `disabled`
// (scripts/defer_styles.py), enabled with the session machinery, applied before any signed-in
// view paints, and a failure to load it costs the styles only, never the page.
import { expect, test, type Page } from '@playwright/test';
import { DEMO_EMAIL, DEMO_PASSWORD, signInAs } from '../pages/portal';

const sheetState = (page: Page) => page.evaluate(() => {
  const link = document.getElementById('signed-in-styles') as HTMLLinkElement | null;
  return link ? { disabled: link.hasAttribute('disabled'), applied: link.sheet !== null, integrity: link.integrity.startsWith('sha384-') } : null;
});

test('index.html carries the signed-in stylesheet disabled, with its integrity, and a lone visitor preloads it without applying it', async ({ page }) => {
  const fetched = page.waitForResponse('**/signed-in-*.css');
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  // Preloaded after "Sign in" is painted (the budget measures the first load), into the HTTP
  // cache only: applying it would restyle the landing's header and cards (a layout shift).
  expect((await fetched).ok()).toBe(true);
  await page.evaluate(() => new Promise<void>((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
  }));
  const state = await sheetState(page);
  expect(state).toEqual({ disabled: true, applied: false, integrity: true });
  const applied = await page.evaluate(() => Array.from(document.styleSheets)
    .some((sheet) => /signed-in-[0-9a-f]+\.css/.test(sheet.href ?? '')));
  expect(applied).toBe(false);
  const html = await (await page.request.get('/')).text();
  expect(html).toMatch(/<link rel="stylesheet" id="signed-in-styles" disabled href="\/signed-in-[0-9a-f]+\.css" integrity="sha384-/);
});

test('the signed-in views paint with their stylesheet applied', async ({ page }) => {
  // Record, when the header's navigation enters the document, whether the sheet applies already.
  await page.addInitScript(() => {
    const w = window as unknown as { __styledAtFirstNav?: boolean };
    new MutationObserver(() => {
      const nav = document.querySelector('nav.links');
      // Before the browser paints it: the sheet's rule (a flex row) already applies.
      if (w.__styledAtFirstNav === undefined && nav) w.__styledAtFirstNav = getComputedStyle(nav).display === 'flex';
    }).observe(document, { subtree: true, childList: true });
  });
  // The sheet arrives late: a view that did not wait for it would paint unstyled first. (The
  // portal passes whatever the delay; the delay only makes a regression show.)
  await page.route('**/signed-in-*.css', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  expect(await page.evaluate(() => (window as unknown as { __styledAtFirstNav?: boolean }).__styledAtFirstNav)).toBe(true);
  expect(await sheetState(page)).toEqual({ disabled: false, applied: true, integrity: true });
  // A rule only that sheet has: the badge's pill shape.
  expect(await page.getByTestId('session-badge').evaluate((el) => getComputedStyle(el).borderRadius)).not.toBe('0px');
});

test('a stylesheet that fails to load costs the styles, never the page', async ({ page }) => {
  const refused: string[] = [];
  await page.route('**/signed-in-*.css', (route) => { refused.push(route.request().url()); return route.abort(); });
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page.getByRole('navigation', { name: 'Portal' })).toBeVisible();
  expect(refused.length).toBeGreaterThan(0);
  // Unstyled: the badge has no pill shape.
  expect(await page.getByTestId('session-badge').evaluate((el) => getComputedStyle(el).borderRadius)).toBe('0px');
});

test('a stylesheet that never arrives delays the signed-in views by a bounded wait, not for ever', async ({ page }) => {
  // Stalled: the request is never answered.
  await page.route('**/signed-in-*.css', () => new Promise<void>(() => undefined));
  await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page.getByRole('navigation', { name: 'Portal' })).toBeVisible({ timeout: 15_000 });
});
