/**
 * What the browser tests share with their endpoint (test/support/browser-endpoint.ts).
 * It imports nothing: the test pages load it, and importing the endpoint's
 * module instead would make every page load the whole server (Hono, Zod and
 * the routes, about 200 modules) for two constants.
 */

/** The secret key of the endpoint the browser tests talk to. */
export const browserSuiteSecretKey = 'sk_test_browser_suite_0123456789';

/**
 * How long a crypto quote holds for the browser tests: short enough that a
 * test sees one expire and renew, long enough for a test to pay before it does.
 */
export const browserSuiteCryptoQuoteSeconds = 8;
