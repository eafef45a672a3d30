// Every message of every EventSource a page opens, as `type lastEventId data` lines: what a scoped console was sent,
// for tests that assert nothing of another unit reaches it (scoped-console.e2e, busy-vehicle.e2e).
import type { Page } from 'playwright-core';

/** Install before the page loads: wraps EventSource so each message is kept in `window.__sse`. */
export async function recordStream(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __sse: string[]; EventSource: typeof EventSource };
    w.__sse = [];
    const Real = w.EventSource;
    w.EventSource = class extends Real {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        for (const type of ['casualty', 'casualty-event', 'entity', 'cursor', 'message', 'workforce', 'claims'])
          this.addEventListener(type, (m) => w.__sse.push(`${type} ${(m as MessageEvent).lastEventId} ${String((m as MessageEvent).data)}`));
      }
    };
  });
}

/** The messages recorded so far. */
export const recorded = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __sse: string[] }).__sse);
