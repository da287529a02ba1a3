// Helpers for the accessibility specs (issue #14): axe on a page, the pages and states to check,
// and what the live regions said.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Who is looking: the signed-out visitor, the demo customer or the demo admin. */
export type Who = 'signed-out' | 'customer' | 'admin';

/** One page in one state, opened from where the previous state left the tab. */
export interface PageState {
  name: string;
  who: Who;
  /** Brings the tab to the state (signed in: in-app, a reload would drop the session). */
  open: (page: Page) => Promise<void>;
  /** Undoes what `open` set up that would leak into the next state (a route, a switch). */
  close?: (page: Page) => Promise<void>;
}

/** Follows a header link and waits for the page's `h1`. */
export const viaNav = (link: string, heading: string | RegExp) => async (page: Page): Promise<void> => {
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: link, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
};

/** Turns "Redact for screenshots" on or off. */
export async function setRedaction(page: Page, on: boolean): Promise<void> {
  await page.getByRole('checkbox', { name: 'Redact for screenshots' }).setChecked(on);
}

/** The Tokens page on one tab, redacted or not. */
export const tokensTab = (tab: 'ID token' | 'Access token' | 'Refresh token', redacted: boolean) =>
  async (page: Page): Promise<void> => {
    if (!page.url().endsWith('/tokens')) await viaNav('Tokens', 'Tokens')(page);
    await page.getByRole('tab', { name: tab }).click();
    await setRedaction(page, redacted);
    await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
  };

/** Waits until nothing on the page says it is busy (API answers, signatures, chunks). */
export async function settled(page: Page): Promise<void> {
  await expect.poll(() => page.locator('[aria-busy="true"], .sig-pending, .loading').count(), {
    message: 'waiting for the page to finish loading', intervals: [100, 250, 500],
  }).toBe(0);
}

/**
 * Rules that fail the audit whatever axe's impact says: issue #14's item 5 names heading levels,
 * a page's h1 and unique ids, which axe rates moderate or minor (and `duplicate-id` is deprecated,
 * so off unless asked for).
 */
const ALWAYS_FAILING = new Set(['heading-order', 'page-has-heading-one', 'duplicate-id', 'duplicate-id-aria']);

/** axe's findings, split: critical, serious and [ALWAYS_FAILING] fail the test, the others are printed. */
export async function audit(page: Page, label: string): Promise<string[]> {
  await settled(page);
  const { violations } = await new AxeBuilder({ page })
    .options({ rules: { 'duplicate-id': { enabled: true } } })
    .analyze();
  const failing: string[] = [];
  for (const v of violations) {
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
    const line = `${label}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length}× e.g. ${where})`;
    if (v.impact === 'critical' || v.impact === 'serious' || ALWAYS_FAILING.has(v.id)) failing.push(line);
    else console.log(`axe (not failing) ${line}`);
  }
  return failing;
}

/**
 * Records, from now on, every text change of every live region of the page (`aria-live`,
 * `role=status|alert|log`), for [spoken]. A region already holding text is not counted until it
 * changes; a new alert with text counts once.
 */
export async function listenToLiveRegions(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __spoken: string[] };
    w.__spoken = [];
    const live = '[aria-live]:not([aria-live="off"]),[role=status],[role=alert],[role=log]';
    const last = new Map<Element, string>();
    const scan = (): void => {
      for (const region of Array.from(document.querySelectorAll(live))) {
        if (region.parentElement?.closest(live)) continue;
        const text = (region.textContent ?? '').trim();
        const before = last.get(region);
        last.set(region, text);
        if (before === undefined) {
          if (text && region.getAttribute('role') === 'alert') w.__spoken.push(text);
        } else if (before !== text && text) {
          w.__spoken.push(text);
        }
      }
    };
    scan();
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** What the live regions said since [listenToLiveRegions]. */
export async function spoken(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __spoken?: string[] }).__spoken ?? []);
}
