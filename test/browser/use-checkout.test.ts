import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ReactElement, ReactNode } from 'react';
import type { Root } from 'react-dom/client';
import type { ActionResult, CheckoutProvider as ProviderElement } from '../../src/index.js';
import type { UseCheckoutResult } from '../../src/react/index.js';
import {
  cardFrameReady,
  createPromotionCode,
  createSession,
  deep,
  deepText,
  focusForKeys,
  uniqueCode,
  waitUntil,
} from './helpers.js';

/**
 * `useCheckout()` from `checkout-kit/react`, in React's development build
 * under <StrictMode> (effects and refs run twice), against the real endpoint
 * handler: a component inside `<CheckoutProvider>` shows the session, renders
 * again on every change of the provider's state, and pays through the hook.
 */

/**
 * React ships CommonJS only, which the test server hands over untouched.
 * This loads its development build as the CommonJS it is, and an import map
 * points the paths the server resolves `react` and `react-dom/client` to (in
 * the kit's modules too) at ES modules re-exporting it.
 */
async function loadReact(): Promise<void> {
  const files: Record<string, string> = {
    scheduler: '/node_modules/scheduler/cjs/scheduler.development.js',
    react: '/node_modules/react/cjs/react.development.js',
    'react-dom': '/node_modules/react-dom/cjs/react-dom.development.js',
    'react-dom/client': '/node_modules/react-dom/cjs/react-dom-client.development.js',
  };
  const loaded: Record<string, Record<string, unknown>> = {};
  const require = (id: string) => {
    if (!loaded[id]) throw new Error(`${id} is needed before it is loaded`);
    return loaded[id];
  };
  const process = { env: { NODE_ENV: 'development' } };
  for (const [name, url] of Object.entries(files)) {
    const code = await (await fetch(url)).text();
    const module = { exports: {} as Record<string, unknown> };
    new Function('module', 'exports', 'require', 'process', `${code}\n//# sourceURL=${url}`)(
      module,
      module.exports,
      require,
      process,
    );
    loaded[name] = module.exports;
  }
  const globals = globalThis as unknown as Record<string, unknown>;
  globals.__reactForTests = loaded;
  const esModule = (name: string) => {
    const names = Object.keys(loaded[name]!).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key));
    const source = `const m = globalThis.__reactForTests[${JSON.stringify(name)}];
export default m;
export const { ${names.join(', ')} } = m;`;
    return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  };
  const map = document.createElement('script');
  map.type = 'importmap';
  map.textContent = JSON.stringify({
    imports: {
      '/node_modules/react/index.js': esModule('react'),
      '/node_modules/react-dom/index.js': esModule('react-dom'),
      '/node_modules/react-dom/client.js': esModule('react-dom/client'),
    },
  });
  document.head.append(map);
}

let React: typeof import('react');
let createRoot: typeof import('react-dom/client').createRoot;
let kit: typeof import('../../src/react/index.js');
let h: typeof import('react').createElement;

/** Counts the provider subscriptions alive, by wrapping the element's `subscribe`. */
function countSubscriptions() {
  const prototype = customElements.get('checkout-provider')!.prototype as ProviderElement;
  const original = prototype.subscribe;
  const live = { count: 0 };
  prototype.subscribe = function (this: ProviderElement, listener) {
    live.count++;
    const stop = original.call(this, listener);
    let stopped = false;
    return () => {
      if (!stopped) live.count--;
      stopped = true;
      stop();
    };
  };
  const restore = () => {
    prototype.subscribe = original;
  };
  return { live, restore };
}

const mounted: { root: Root; container: HTMLElement }[] = [];

/** Renders `element` in a new container on the page, under <StrictMode>. */
function render(element: ReactNode, options: Parameters<typeof createRoot>[1] = {}): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container, options);
  root.render(React.createElement(React.StrictMode, null, element));
  mounted.push({ root, container });
  return container;
}

/** What a merchant's panel shows from `useCheckout()`, with buttons that call its actions. */
function Panel({
  code = '',
  results,
  seen,
}: {
  code?: string;
  results: Map<string, ActionResult>;
  seen?: (checkout: UseCheckoutResult) => void;
}): ReactElement {
  const checkout = kit.useCheckout();
  seen?.(checkout);
  const act = (name: string, run: () => Promise<ActionResult>) => async () => {
    results.set(name, await run());
  };
  return h(
    'section',
    null,
    h('output', { id: 'phase' }, checkout.phase),
    h('output', { id: 'total' }, checkout.session ? String(checkout.session.amount_total) : ''),
    h('output', { id: 'email' }, checkout.session?.customer_email ?? ''),
    h(
      'ul',
      { id: 'problems' },
      checkout.problems.map((problem) =>
        h('li', { key: problem.field, 'data-field': problem.field }, problem.message),
      ),
    ),
    h('button', { id: 'apply', onClick: act('apply', () => checkout.applyPromotionCode(code)) }),
    h('button', {
      id: 'save-email',
      onClick: act('email', () => checkout.updateEmail('ada@example.com')),
    }),
    h('button', { id: 'pay', onClick: act('pay', checkout.confirm) }),
  );
}

const text = (container: HTMLElement, selector: string) =>
  container.querySelector(selector)?.textContent ?? null;

const click = (container: HTMLElement, selector: string) =>
  container.querySelector<HTMLButtonElement>(selector)!.click();

async function typeCard(container: HTMLElement): Promise<void> {
  await cardFrameReady(container);
  for (const [id, value] of [
    ['number', '4242424242424242'],
    ['expiry', '1230'],
    ['cvc', '123'],
    ['name', 'Ada Lovelace'],
  ] as const) {
    await focusForKeys(deep(container, `#${id}`)!);
    await sendKeys({ type: value });
  }
}

describe('useCheckout() in checkout-kit/react', () => {
  let subscriptions: ReturnType<typeof countSubscriptions>;

  before(async () => {
    await loadReact();
    React = await import('react');
    h = React.createElement;
    ({ createRoot } = await import('react-dom/client'));
    kit = await import('../../src/react/index.js');
  });

  beforeEach(() => {
    subscriptions = countSubscriptions();
  });

  afterEach(() => {
    for (const { root, container } of mounted.splice(0)) {
      root.unmount();
      container.remove();
    }
    subscriptions.restore();
  });

  it('shows the session once loaded and renders again when an action changes it', async () => {
    const code = uniqueCode('HOOK');
    await createPromotionCode({ code, percent_off: 10 });
    const { id, client_secret } = await createSession({
      ui_mode: 'custom',
      allow_promotion_codes: true,
    });
    const ref = React.createRef<ProviderElement>();
    const results = new Map<string, ActionResult>();
    const phases: string[] = [];
    let ready = 0;
    const container = render(
      h(
        kit.CheckoutProvider,
        { ref, clientSecret: client_secret, locale: 'en-US', onCheckoutReady: () => ready++ },
        h(Panel, { code, results, seen: (checkout) => phases.push(checkout.phase) }),
        h(kit.CheckoutTotals),
      ),
    );

    await waitUntil(() => text(container, '#total') === '2500', 'the session never showed');
    expect(phases[0], 'before the element reports').to.equal('loading');
    expect(text(container, '#phase')).to.equal('open');
    // The ref and the event props work as they did without the hook.
    expect(ref.current).to.equal(container.querySelector('checkout-provider'));
    expect(ref.current!.session!.id).to.equal(id);
    expect(ready).to.equal(1);

    click(container, '#apply');
    await waitUntil(() => text(container, '#total') === '2250', 'the discount never showed');
    expect(results.get('apply')?.type).to.equal('success');
    expect(ref.current!.session!.amount_total).to.equal(2250);
    // The kit's own elements inside see the same session.
    expect(deepText(container.querySelector('checkout-totals')!)).to.contain('$22.50');
    // StrictMode subscribed twice and unsubscribed once.
    expect(subscriptions.live.count).to.equal(1);

    for (const { root } of mounted) root.unmount();
    expect(subscriptions.live.count, 'after unmounting').to.equal(0);
  });

  it('shows the problems a confirm found, and pays through confirm()', async () => {
    const { client_secret } = await createSession({ ui_mode: 'custom' });
    const results = new Map<string, ActionResult>();
    const successes: string[] = [];
    const container = render(
      h(
        kit.CheckoutProvider,
        {
          clientSecret: client_secret,
          locale: 'en-US',
          onCheckoutSuccess: (event) => {
            event.preventDefault();
            successes.push(event.detail.session.status);
          },
        },
        h(Panel, { results }),
        h(kit.CheckoutCard),
      ),
    );
    await waitUntil(() => text(container, '#phase') === 'open', 'the session never loaded');
    await cardFrameReady(container);

    // Nothing typed: the card's problems come back, in the panel too.
    click(container, '#pay');
    await waitUntil(() => results.has('pay'), 'confirm never settled');
    const refused = results.get('pay')!;
    expect(refused.type === 'error' && refused.error.code).to.equal('validation_failed');
    await waitUntil(
      () => container.querySelectorAll('#problems li').length > 0,
      'the problems never showed',
    );
    expect(text(container, '#problems li')).to.match(/card number/i);

    click(container, '#save-email');
    await waitUntil(() => text(container, '#email') === 'ada@example.com', 'email not shown');

    results.delete('pay');
    await typeCard(container);
    click(container, '#pay');
    await waitUntil(() => results.has('pay'), 'the payment never settled');
    expect(results.get('pay')!.type, JSON.stringify(results.get('pay'))).to.equal('success');
    await waitUntil(() => text(container, '#phase') === 'complete', 'the phase never changed');
    expect(container.querySelectorAll('#problems li')).to.have.length(0);
    expect(successes).to.deep.equal(['complete']);
  });

  it('outside <CheckoutProvider> throws an error that says what to do', async () => {
    const errors: unknown[] = [];
    const onUncaughtError = (error: unknown) => void errors.push(error);
    const results = new Map<string, ActionResult>();
    // Alone, and inside the plain tag (which is not the React component).
    render(h(Panel, { results }), { onUncaughtError });
    render(h('checkout-provider', null, h(Panel, { results })), { onUncaughtError });
    await waitUntil(() => errors.length >= 2, 'no error');
    expect(errors).to.have.length(2);
    for (const error of errors) {
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.contain(
        'useCheckout() was called outside a <CheckoutProvider>',
      );
      expect((error as Error).message).to.contain('from checkout-kit/react');
    }
  });
});
