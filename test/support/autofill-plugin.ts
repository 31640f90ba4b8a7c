import type { TestRunnerPlugin } from '@web/test-runner';

export interface AutofillPayload {
  /** CSS selector of the element whose shadow root holds the card form. */
  host: string;
  /** CSS selector of the card-number input inside that shadow root. */
  input: string;
  card: { number: string; name: string; expiryMonth: string; expiryYear: string; cvc: string };
}

interface PuppeteerLikePage {
  evaluateHandle(
    fn: (host: string, input: string) => unknown,
    ...args: string[]
  ): Promise<{
    remoteObject(): { objectId?: string };
  }>;
  createCDPSession(): Promise<{
    send(method: string, params?: object): Promise<Record<string, unknown>>;
    detach(): Promise<void>;
  }>;
}

/**
 * `executeServerCommand('autofill-card', payload)`: asks Chromium's own
 * autofill to fill a card form, through the DevTools protocol's
 * `Autofill.trigger`, anchored on the card-number input.
 */
export function autofillPlugin(): TestRunnerPlugin {
  return {
    name: 'autofill-card',
    async executeCommand({ command, payload, session }) {
      if (command !== 'autofill-card') return undefined;
      const { host, input, card } = payload as AutofillPayload;
      const browser = session.browser as unknown as { getPage(id: string): PuppeteerLikePage };
      const page = browser.getPage(session.id);
      const handle = await page.evaluateHandle(
        (hostSelector, inputSelector) =>
          document.querySelector(hostSelector)?.shadowRoot?.querySelector(inputSelector),
        host,
        input,
      );
      const cdp = await page.createCDPSession();
      try {
        const described = (await cdp.send('DOM.describeNode', {
          objectId: handle.remoteObject().objectId,
        })) as { node: { backendNodeId: number } };
        await cdp.send('Autofill.trigger', { fieldId: described.node.backendNodeId, card });
      } finally {
        await cdp.detach();
      }
      return true;
    },
  };
}
