import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { App, Component, Ref } from 'vue';
import type { ActionResult, CheckoutProvider as ProviderElement } from '../../src/index.js';
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
 * `useCheckout()` from `checkout-kit/vue`, in Vue's development build,
 * against the real endpoint handler: a component rendered inside
 * `<checkout-provider>` finds it, shows its session, follows every change of
 * its state and pays through it; a component that renders the provider itself
 * follows it through a template ref.
 */

let Vue: typeof import('vue');
let kit: typeof import('../../src/vue/index.js');

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

const mounted: { app: App; container: HTMLElement }[] = [];

/** Mounts `component` as an app on the page; errors from its hooks are collected. */
function mount(component: Component) {
  const container = document.createElement('div');
  document.body.append(container);
  const app = Vue.createApp(component);
  const errors: unknown[] = [];
  app.config.errorHandler = (error) => void errors.push(error);
  app.mount(container);
  mounted.push({ app, container });
  return { container, errors, unmount: () => app.unmount() };
}

interface PanelProps {
  results: Map<string, ActionResult>;
  code?: string;
  /** Every phase the panel rendered, in order. */
  phases?: string[];
}

/** What a merchant's panel shows from `useCheckout()`, with buttons that call its actions. */
function Panel({ results, code = '', phases = [] }: PanelProps) {
  const { session, phase, problems, applyPromotionCode, updateEmail, confirm } = kit.useCheckout();
  const act = (name: string, run: () => Promise<ActionResult>) => async () => {
    results.set(name, await run());
  };
  return () => {
    phases.push(phase.value);
    const h = Vue.h;
    return h('section', [
      h('output', { id: 'phase' }, phase.value),
      h('output', { id: 'total' }, session.value ? String(session.value.amount_total) : ''),
      h('output', { id: 'email' }, session.value?.customer_email ?? ''),
      h(
        'ul',
        { id: 'problems' },
        problems.value.map((problem) =>
          h('li', { key: problem.field, 'data-field': problem.field }, problem.message),
        ),
      ),
      h('button', { id: 'apply', onClick: act('apply', () => applyPromotionCode(code)) }),
      h('button', {
        id: 'save-email',
        onClick: act('email', () => updateEmail('ada@example.com')),
      }),
      h('button', { id: 'pay', onClick: act('pay', confirm) }),
    ]);
  };
}

/** `Panel` as a component; the props are read once, in setup. */
const panel = (props: PanelProps) =>
  Vue.h({ setup: Panel, props: ['results', 'code', 'phases'] }, props);

/** Renders its own provider, while `shown`, and follows it through a template ref. */
function OwnProvider({ clientSecret, shown }: { clientSecret: string; shown: Ref<boolean> }) {
  const provider = Vue.shallowRef<ProviderElement | null>(null);
  const { session, phase } = kit.useCheckout(provider);
  return () =>
    Vue.h('div', [
      Vue.h('output', { id: 'phase' }, phase.value),
      Vue.h('output', { id: 'total' }, session.value?.amount_total ?? ''),
      shown.value ? Vue.h('checkout-provider', { ref: provider, clientSecret }) : null,
    ]);
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

describe('useCheckout() in checkout-kit/vue', () => {
  let subscriptions: ReturnType<typeof countSubscriptions>;

  before(async () => {
    // Vue's bundler build reads these, which a bundler would replace.
    Object.assign(globalThis, {
      process: { env: { NODE_ENV: 'development' } },
      __VUE_OPTIONS_API__: true,
      __VUE_PROD_DEVTOOLS__: false,
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
    });
    Vue = await import('vue');
    kit = await import('../../src/vue/index.js');
  });

  beforeEach(() => {
    subscriptions = countSubscriptions();
  });

  afterEach(() => {
    for (const { app, container } of mounted.splice(0)) {
      app.unmount();
      container.remove();
    }
    subscriptions.restore();
  });

  it('inside <checkout-provider>: shows the session, and follows it as an action changes it', async () => {
    const code = uniqueCode('VUE');
    await createPromotionCode({ code, percent_off: 10 });
    const { client_secret } = await createSession({
      ui_mode: 'custom',
      allow_promotion_codes: true,
    });
    const results = new Map<string, ActionResult>();
    const phases: string[] = [];
    let ready = 0;
    const { container, unmount } = mount({
      render: () =>
        Vue.h(
          'checkout-provider',
          {
            fetchClientSecret: async () => client_secret,
            locale: 'en-US',
            onCheckoutReady: () => ready++,
          },
          [panel({ results, code, phases }), Vue.h('checkout-totals')],
        ),
    });

    expect(phases[0], 'before mounting').to.equal('loading');
    await waitUntil(() => text(container, '#total') === '2500', 'the session never showed');
    expect(text(container, '#phase')).to.equal('open');
    expect(ready).to.equal(1);

    click(container, '#apply');
    await waitUntil(() => text(container, '#total') === '2250', 'the discount never showed');
    expect(results.get('apply')?.type).to.equal('success');
    const provider = container.querySelector('checkout-provider')!;
    expect(provider.session!.amount_total).to.equal(2250);
    expect(deepText(container.querySelector('checkout-totals')!)).to.contain('$22.50');
    expect(subscriptions.live.count).to.equal(1);

    unmount();
    expect(subscriptions.live.count, 'after unmounting').to.equal(0);
  });

  it('shows the problems a confirm found, and pays through confirm()', async () => {
    const { client_secret } = await createSession({ ui_mode: 'custom' });
    const results = new Map<string, ActionResult>();
    const successes: string[] = [];
    const { container } = mount({
      render: () =>
        Vue.h(
          'checkout-provider',
          {
            clientSecret: client_secret,
            locale: 'en-US',
            onCheckoutSuccess: (event: CustomEvent<{ session: { status: string } }>) => {
              event.preventDefault();
              successes.push(event.detail.session.status);
            },
          },
          [panel({ results }), Vue.h('checkout-card')],
        ),
    });
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

  it('follows the provider a component renders itself, through a template ref', async () => {
    const { client_secret } = await createSession({ ui_mode: 'custom' });
    const shown = Vue.ref(true);
    const { container } = mount({
      render: () =>
        Vue.h(
          { setup: OwnProvider, props: ['clientSecret', 'shown'] },
          {
            clientSecret: client_secret,
            shown,
          },
        ),
    });
    await waitUntil(() => text(container, '#total') === '2500', 'the session never showed');
    expect(subscriptions.live.count).to.equal(1);

    // The provider goes; the component stays, and lets go of it.
    shown.value = false;
    await waitUntil(() => text(container, '#total') === '', 'the old session stayed');
    expect(text(container, '#phase')).to.equal('loading');
    expect(subscriptions.live.count).to.equal(0);
  });

  it('with no provider around it, fails with an error that says what to do', async () => {
    const results = new Map<string, ActionResult>();
    const { errors } = mount({ render: () => Vue.h('div', [panel({ results })]) });
    await waitUntil(() => errors.length > 0, 'no error');
    expect(errors).to.have.length(1);
    expect(errors[0]).to.be.instanceOf(Error);
    expect((errors[0] as Error).message).to.contain(
      'useCheckout() found no <checkout-provider> around this component',
    );

    expect(() => kit.useCheckout()).to.throw(
      Error,
      /must be called inside a component’s setup\(\)/,
    );
  });
});
