import type { TestRunnerPlugin } from '@web/test-runner';

interface CdpSession {
  send(method: string, params?: object): Promise<unknown>;
  detach(): Promise<void>;
}

/**
 * `executeServerCommand('emulate-forced-colors', { forcedColors: 'active' | 'none' })`:
 * emulates `forced-colors` (Windows High Contrast and the like), which
 * `emulateMedia` from @web/test-runner-commands cannot ask Puppeteer for.
 * It goes through a DevTools session of its own, kept open per test page
 * because emulation ends with the session that set it.
 */
export function forcedColorsPlugin(): TestRunnerPlugin {
  const sessions = new Map<string, CdpSession>();
  return {
    name: 'emulate-forced-colors',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-forced-colors') return undefined;
      const { forcedColors } = payload as { forcedColors: 'active' | 'none' };
      let cdp = sessions.get(session.id);
      if (!cdp) {
        const browser = session.browser as unknown as {
          getPage(id: string): { createCDPSession(): Promise<CdpSession> };
        };
        cdp = await browser.getPage(session.id).createCDPSession();
        sessions.set(session.id, cdp);
      }
      await cdp.send('Emulation.setEmulatedMedia', {
        features: [{ name: 'forced-colors', value: forcedColors }],
      });
      if (forcedColors === 'none') {
        sessions.delete(session.id);
        await cdp.detach();
      }
      return true;
    },
  };
}
