import type { TestRunnerPlugin } from '@web/test-runner';

export interface AutofillPayload {
  /** Path of hosts to the shadow root holding the card form, e.g. `#a >>> checkout-card`. */
  host: string;
  /** CSS selector of the card-number input inside that shadow root. */
  input: string;
  card: { number: string; name: string; expiryMonth: string; expiryYear: string; cvc: string };
}

interface PuppeteerLikePage {
  createCDPSession(): Promise<{
    send(method: string, params?: object): Promise<any>;
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
      const cdp = await page.createCDPSession();
      try {
        // Object ids belong to the DevTools session that made them, so find the input in this one.
        const { result } = await cdp.send('Runtime.evaluate', {
          expression: `${JSON.stringify(host.split('>>>').map((step) => step.trim()))}.reduce((root, step) => root?.querySelector(step)?.shadowRoot, document)?.querySelector(${JSON.stringify(input)})`,
        });
        if (!result.objectId) throw new Error(`no element matches ${host} >>> ${input}`);
        const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId });
        await cdp.send('Autofill.trigger', { fieldId: node.backendNodeId, card });
      } finally {
        await cdp.detach();
      }
      return true;
    },
  };
}
