// A same-origin script that is not the portal: it listens on the portal's BroadcastChannel and
// posts whatever it likes there, the way any script on the origin (an injected ad, a
// compromised dependency, a browser extension's content script) could.
import { expect, type BrowserContext, type Page } from '@playwright/test';

/** The placeholder a reply template uses for the request id of the ask it answers. */
export const REQUEST = '__REQUEST_ID__';

/** Listens and posts on `cognito-portal-session:<clientId>` from a page of its own. */
export class ChannelSpy {
  private constructor(readonly page: Page, readonly name: string) {}

  /**
   * Opens the spy in a new tab of `context`, on a document of the portal's origin that runs no
   * portal code (`/config.json`).
   */
  static async open(context: BrowserContext, clientId: string): Promise<ChannelSpy> {
    const page = await context.newPage();
    await page.goto('/config.json');
    const name = `cognito-portal-session:${clientId}`;
    await page.evaluate(([channelName, placeholder]) => {
      const w = window as unknown as {
        __spy: { seen: string[]; replies: string[] };
        __spyPost: (text: string) => void;
      };
      w.__spy = { seen: [], replies: [] };
      const channel = new BroadcastChannel(channelName);
      channel.onmessage = (event: MessageEvent) => {
        const text = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
        w.__spy.seen.push(text);
        let message: { type?: unknown; request?: unknown } | null = null;
        try { message = JSON.parse(text); } catch { return; }
        if (message?.type !== 'ask') return;
        // Answer at once, in the same task: before the tab that holds the session can.
        const id = JSON.stringify(String(message.request ?? '')).slice(1, -1);
        for (const reply of w.__spy.replies) channel.postMessage(reply.split(placeholder).join(id));
      };
      w.__spyPost = (text: string) => channel.postMessage(text);
    }, [name, REQUEST]);
    return new ChannelSpy(page, name);
  }

  /** Posts JSON text (or a value, as JSON) to every tab on the channel. */
  async post(message: string | object): Promise<void> {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    await this.page.evaluate((t) => (window as unknown as { __spyPost: (t: string) => void }).__spyPost(t), text);
  }

  /**
   * Answers every later `ask` at once with these messages (JSON text in which [REQUEST] stands
   * for the ask's request id).
   */
  async answerAsksWith(replies: string[]): Promise<void> {
    await this.page.evaluate((r) => {
      (window as unknown as { __spy: { replies: string[] } }).__spy.replies = r;
    }, replies);
  }

  /**
   * Holds the Web Lock `name` from the spy's page until the page closes, as any script on the
   * origin can (a fake holder lock, say), and returns once it is granted.
   */
  async holdLock(name: string): Promise<void> {
    await this.page.evaluate((lockName) => new Promise<void>((granted) => {
      void navigator.locks.request(lockName, () => {
        granted();
        return new Promise<void>(() => { /* held until the page closes */ });
      });
    }), name);
  }

  /** Every message seen on the channel so far, as sent. */
  async seen(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __spy: { seen: string[] } }).__spy.seen);
  }

  /** The request ids of the asks seen so far (empty strings for asks without one). */
  async askIds(): Promise<string[]> {
    const asks: string[] = [];
    for (const text of await this.seen()) {
      try {
        const message = JSON.parse(text) as { type?: unknown; request?: unknown };
        if (message.type === 'ask') asks.push(String(message.request ?? ''));
      } catch { /* not JSON: not an ask */ }
    }
    return asks;
  }

  /** Waits until more than `before` asks have been seen; returns the newest one's request id. */
  async waitForAsk(before: number): Promise<string> {
    await expect.poll(async () => (await this.askIds()).length, { message: 'waiting for a tab to ask', intervals: [50, 100] })
      .toBeGreaterThan(before);
    const ids = await this.askIds();
    return ids[ids.length - 1];
  }
}
