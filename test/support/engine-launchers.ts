/**
 * web-test-runner launchers for the engines of test/support/engines.ts:
 * Firefox through @web/test-runner-chrome's puppeteer launcher (so `sendKeys`
 * drives it like Chromium), WebKit through @web/test-runner-webdriver against
 * a WebKitWebDriver this process started.
 */
import type { BrowserLauncher } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import puppeteer from 'puppeteer-core';
import { firefoxPath, type WebKitDriver } from './engines.js';

export function firefoxLauncher(): BrowserLauncher {
  return chromeLauncher({
    // Passing puppeteer itself names the browser after `launchOptions.browser` in reports.
    puppeteer: puppeteer as never,
    launchOptions: { browser: 'firefox', executablePath: firefoxPath, headless: true },
    // One file at a time: of two windows only one has focus, and the other's Tab and
    // focus() do not show focus there (no tooltip, no focus-visible), so keyboard tests fail.
    concurrency: 1,
  });
}

/**
 * One MiniBrowser window that each test file navigates in turn (concurrency 1:
 * the launcher's iframe mode would put every file in one page, where only one
 * can have focus), typing one key per action.
 */
class WebKitLauncher extends WebdriverLauncher {
  concurrency = 1;

  override async initialize(config: Parameters<WebdriverLauncher['initialize']>[0]): Promise<void> {
    await super.initialize({ ...config, concurrency: 1 });
    this.name = 'WebKit';
  }

  /**
   * webdriverio's `keys` presses a whole string as one chord (every key down,
   * then every key up), which drops repeated characters: "hello llama" comes
   * out as "helo lama". A key per action types what was asked.
   */
  override async sendKeys(sessionId: string, keys: string[]): Promise<void> {
    for (const key of keys) await super.sendKeys(sessionId, [key]);
  }
}

export function webkitLauncher(driver: WebKitDriver): BrowserLauncher {
  const launcher = new WebKitLauncher({
    hostname: driver.hostname,
    port: driver.port,
    logLevel: 'error',
    capabilities: driver.capabilities,
  });
  // The launcher's own copy of @web/test-runner-core types the same interface.
  return launcher as unknown as BrowserLauncher;
}
