/**
 * Positioning tests need a page that renders: a background tab gets no
 * animation frames, scroll or resize events, so Floating UI's autoUpdate and
 * `nextFrame()` never run there. Fail at once with the reason instead of
 * timing out test by test. web-test-runner keeps every page visible when each
 * page gets its own browser context (`createPage` in the Chrome launcher).
 */
export function requireVisiblePage(): void {
  beforeEach(() => {
    if (document.visibilityState !== 'visible')
      throw new Error(
        'This test page is a hidden background tab, where nothing renders. Give each test page its own browser context (chromeLauncher createPage) or run with --concurrency 1.',
      );
  });
}
