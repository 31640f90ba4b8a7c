import type { TestRunnerPlugin } from '@web/test-runner';

export interface AutofillPayload {
  /**
   * Path to the root holding the card form: each step's shadow root, or the
   * document of a same-origin frame, e.g. `#a >>> checkout-card >>> iframe`.
   */
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
        const steps = host.split('>>>').map((step) => step.trim());
        const find = (path: string[]) =>
          cdp.send('Runtime.evaluate', {
            expression: `${JSON.stringify(path)}.reduce((root, step, index, all) => { const found = root?.querySelector(step); return index === all.length - 1 ? found : (found?.shadowRoot ?? found?.contentDocument); }, document)`,
          });
        const { result } = await find([...steps, input]);
        if (!result.objectId) throw new Error(`no element matches ${host} >>> ${input}`);
        const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId });
        // A field inside a frame is named by its frame too: the frame element's own node says which.
        const { result: frameElement } = await find(steps);
        const frame = frameElement.objectId
          ? (await cdp.send('DOM.describeNode', { objectId: frameElement.objectId })).node
          : null;
        await cdp.send('Autofill.trigger', {
          fieldId: node.backendNodeId,
          ...(frame?.frameId ? { frameId: frame.frameId } : {}),
          card,
        });
      } finally {
        await cdp.detach();
      }
      return true;
    },
  };
}
