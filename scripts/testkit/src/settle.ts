import type { Page, Request, Response } from 'playwright-core';

/** How long the page must stay without a request in flight, in its own timers, to count as settled. */
const QUIET_MS = 50;

/**
 * Opens `url` and resolves once the page has loaded and every request it started has ended,
 * fonts included. This replaces `waitUntil: 'networkidle'`, which always waits a fixed 500 ms
 * of silence after the last request: here the wait ends on events (the load event, each
 * request's end, `document.fonts.ready`), then a short quiet check in the page's own timers
 * catches a request that a finished one set off (a script loading the next file).
 */
export async function gotoSettled(page: Page, url: string, timeoutMs = 30_000): Promise<Response | null> {
  const open = new Set<Request>();
  let changed: () => void = () => {};
  const onRequest = (request: Request) => open.add(request);
  const onEnd = (request: Request) => {
    open.delete(request);
    changed();
  };
  page.on('request', onRequest);
  page.on('requestfinished', onEnd);
  page.on('requestfailed', onEnd);
  try {
    const response = await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (open.size > 0) {
        if (Date.now() > deadline) {
          throw new Error(`${url}: still loading after ${timeoutMs} ms: ${[...open].map((r) => r.url()).join(', ')}`);
        }
        await new Promise<void>((resolve) => {
          changed = resolve;
          setTimeout(resolve, 250);
        });
      }
      // Fonts, and a moment in the page for whatever the last response set off to start.
      await page.evaluate(
        (ms) => document.fonts.ready.then(() => new Promise<void>((resolve) => setTimeout(resolve, ms))),
        QUIET_MS,
      );
      if (open.size === 0) return response;
    }
  } finally {
    page.off('request', onRequest);
    page.off('requestfinished', onEnd);
    page.off('requestfailed', onEnd);
  }
}
