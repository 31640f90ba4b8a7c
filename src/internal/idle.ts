/**
 * Runs `task` once the page is idle (`requestIdleCallback`, else a timeout),
 * for work the first paint does not need: starting Intl, fetching the
 * endpoint errors' words. Nothing outside a browser page.
 */
export function whenIdle(task: () => unknown): void {
  if (typeof window === 'undefined') return;
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback(() => void task(), { timeout: 2000 });
  } else setTimeout(() => void task(), 200);
}
