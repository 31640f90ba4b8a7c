import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import {
  deep,
  deepActive,
  expectAccessible,
  moduleRequested,
  mountInProvider,
  type SessionOptions,
  settle,
  settledNetwork,
  waitUntil,
} from './helpers.js';

/**
 * `<checkout-phone>` loads its calling codes, E.164 rules and field beside
 * the script, only for a session that collects a phone number. Mocha runs
 * these in order in one page: the first must run before anything loads it.
 */

const requested = () => moduleRequested('/src/elements/checkout-phone/phone-field.ts');

async function mount(options: SessionOptions) {
  const mounted = await mountInProvider(html`<checkout-phone></checkout-phone>`, options, 'en-GB');
  return { ...mounted, phone: mounted.root.querySelector('checkout-phone')! };
}

describe('<checkout-phone> loading lazily', () => {
  it('does not request the phone field for a session that does not collect phone numbers', async () => {
    const { root, phone } = await mount({});
    await settle(root);
    expect(phone.shadowRoot!.childElementCount).to.equal(0);
    await settledNetwork();
    expect(requested()).to.equal(false);
  });

  it('a confirm right after the session loaded waits for the field and reports a missing number', async () => {
    const { provider, phone } = await mount({
      phone_number_collection: { enabled: true, required: true },
    });
    expect(deep(phone, '#phone'), 'the field is still loading').to.equal(null);
    const result = await provider.confirm();
    expect(result.type === 'error' && result.error.message).to.equal('Enter your phone number');
    expect(requested()).to.equal(true);
    await waitUntil(() => deepActive() === deep(phone, '#phone'), 'the number is not focused');
    expect(deep(phone, '#phone-error')!.textContent).to.equal('Enter your phone number');
  });

  it('a required number left empty says nothing until a pay attempt', async () => {
    const { root, provider, phone } = await mount({
      phone_number_collection: { enabled: true, required: true },
    });
    await waitUntil(() => deep(phone, '#phone'), 'no phone input');
    const input = deep(phone, '#phone')!;
    input.focus();
    input.blur();
    await settle(root);
    expect(deep(phone, '#phone-error')?.textContent ?? '').to.equal('');
    await provider.confirm();
    await waitUntil(() => deep(phone, '#phone-error')?.textContent === 'Enter your phone number');
  });

  it('shows the field once loaded for a session that collects phone numbers', async () => {
    const { root, phone } = await mount({ phone_number_collection: { enabled: true } });
    await waitUntil(() => deep(phone, '#phone'), 'no phone input');
    await settle(root);
    const input = deep(phone, '#phone')!;
    expect(input.getAttribute('autocomplete')).to.equal('tel');
    expect(deep<HTMLSelectElement>(phone, '#calling-code')!.value).to.equal('GB');
    await expectAccessible(root);
  });
});
