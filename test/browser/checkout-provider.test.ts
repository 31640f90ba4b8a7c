import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { CheckoutEventName, CheckoutProvider } from '../../src/index.js';
import { everythingSession } from '../support/session-fixtures.js';
import {
  countRequests,
  createPromotionCode,
  createSession,
  deep,
  deepActive,
  deepAll,
  deepText,
  expectAccessible,
  expireIn,
  focusForKeys,
  lazyPartsShown,
  recordEvents,
  retrieveSession,
  type SessionOptions,
  settle,
  uniqueCode,
  waitUntil,
} from './helpers.js';

/**
 * Custom mode: `<checkout-provider>` with the elements laid out by the
 * merchant, in Chromium, against the real endpoint handler.
 */

const everything = everythingSession;

interface Mounted {
  root: HTMLElement;
  provider: CheckoutProvider;
  id: string;
  events: CustomEvent[];
  count(name: CheckoutEventName): number;
}

async function mount(options: SessionOptions = everything): Promise<Mounted> {
  const { id, client_secret } = await createSession({ ui_mode: 'custom', ...options });
  const root = await fixture<HTMLElement>(html`<div class="shop">
    <checkout-provider locale="en-US">
      <checkout-messages></checkout-messages>
      <checkout-line-items></checkout-line-items>
      <checkout-promotion-code></checkout-promotion-code>
      <checkout-totals></checkout-totals>
      <checkout-email></checkout-email>
      <checkout-phone></checkout-phone>
      <checkout-address type="shipping"></checkout-address>
      <checkout-shipping-rates></checkout-shipping-rates>
      <checkout-card></checkout-card>
      <checkout-address type="billing"></checkout-address>
      <checkout-pay-button></checkout-pay-button>
      <checkout-cancel-button></checkout-cancel-button>
    </checkout-provider>
  </div>`);
  const provider = root.querySelector('checkout-provider')!;
  const { events, count } = recordEvents(root);
  const ready = oneEvent(provider, 'checkout-ready');
  provider.clientSecret = client_secret;
  await ready;
  await waitUntil(() => lazyPartsShown(root, provider.session!), 'a lazy part did not show');
  await settle(root);
  return {
    root,
    provider,
    id,
    events,
    count,
  };
}

const $ = <T extends Element = HTMLInputElement>(root: Element, selector: string) =>
  deep<T>(root, selector);

async function type(root: Element, selector: string, value: string) {
  // The card's fields are ready once its frame has loaded and shaken hands.
  await waitUntil(() => $(root, selector), `no ${selector}`);
  await focusForKeys($(root, selector)!);
  await sendKeys({ type: value });
}

/** The address form loads once the session asks for it. */
async function countryInput(root: Element, type: 'billing' | 'shipping') {
  const selector = `checkout-address[type="${type}"] >>> checkout-country-combobox >>> input`;
  await waitUntil(() => $(root, selector), `no ${type} address form`);
  return $(root, selector)!;
}

async function chooseCountry(root: Element, type: 'billing' | 'shipping', name: string) {
  const input = await countryInput(root, type);
  input.focus();
  input.select();
  await sendKeys({ type: name });
  await sendKeys({ press: 'Enter' });
}

function totals(root: Element): string[][] {
  return deepAll(root, 'checkout-totals')
    .flatMap((host) => [...host.shadowRoot!.querySelectorAll('.row')])
    .map((row) =>
      [row.querySelector('dt'), row.querySelector('dd')]
        .filter(Boolean)
        .map((cell) => deepText(cell!)),
    );
}

async function fillShipping(root: HTMLElement, country = 'United States') {
  await countryInput(root, 'shipping');
  await type(root, 'checkout-address[type="shipping"] >>> #shipping-name', 'Ada Lovelace');
  await chooseCountry(root, 'shipping', country);
  await settle(root);
  await type(root, 'checkout-address[type="shipping"] >>> #shipping-line1', '1 Market Street');
  await type(root, 'checkout-address[type="shipping"] >>> #shipping-city', 'San Francisco');
  const state = $<HTMLSelectElement>(root, 'checkout-address[type="shipping"] >>> #shipping-state');
  if (state) {
    state.value = 'CA';
    state.dispatchEvent(new Event('change'));
  }
  await type(root, 'checkout-address[type="shipping"] >>> #shipping-postal', '94105');
  // Leaving the address saves it.
  $(root, 'checkout-email >>> #email')!.focus();
  await waitUntil(() => deepText(root).includes('Sales tax') || deepText(root).includes('Tax'));
  await settle(root);
}

async function fillCard(root: HTMLElement, number = '4242424242424242') {
  await type(root, 'checkout-card >>> #number', number);
  await type(root, 'checkout-card >>> #expiry', '1230');
  await type(root, 'checkout-card >>> #cvc', '123');
  await type(root, 'checkout-card >>> #name', 'Ada Lovelace');
}

describe('<checkout-provider> and the custom-mode elements', () => {
  describe('actions', () => {
    it('the totals are read out once when the total changes, not on every render', async () => {
      const { root, provider } = await mount();
      const totals = root.querySelector('checkout-totals')!;
      const status = () => totals.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();
      expect(totals.shadowRoot!.querySelector('[aria-live]'), 'the rows are no live region').to.be
        .null;
      expect(status()).to.equal('');
      const [mug] = provider.session!.line_items;
      await provider.updateLineItemQuantity(mug!.id, 2);
      await settle(root);
      expect(status()).to.equal(
        `Total ${totals.shadowRoot!.querySelector('.total dd')!.textContent}`,
      );
      // An update that leaves the total as it was adds nothing to read.
      const said = status();
      await provider.updateEmail('ada@example.com');
      await settle(root);
      expect(status()).to.equal(said);
    });

    it('resolve to typed results, fire checkout-change on success and never throw', async () => {
      const { provider, count } = await mount();
      const [mug, poster] = provider.session!.line_items;

      const tooMany = await provider.updateLineItemQuantity(mug!.id, 9);
      expect(tooMany.type).to.equal('error');
      if (tooMany.type === 'error') {
        expect(tooMany.error.code).to.equal('quantity_out_of_range');
        expect(tooMany.error.field).to.equal('line_items[0].quantity');
      }
      const fixed = await provider.updateLineItemQuantity(poster!.id, 2);
      expect(fixed.type === 'error' && fixed.error.code).to.equal('quantity_not_adjustable');
      expect(count('checkout-change')).to.equal(0);

      const three = await provider.updateLineItemQuantity(mug!.id, 3);
      expect(three.type).to.equal('success');
      if (three.type === 'success') {
        expect(three.session.line_items[0]!.quantity).to.equal(3);
        expect(three.session.amount_subtotal).to.equal(3 * 1200 + 2000);
      }
      expect(count('checkout-change')).to.equal(1);

      const results = await Promise.all([
        provider.applyPromotionCode('NO-SUCH-CODE'),
        provider.updateEmail('not-an-email'),
        provider.updateShippingAddress({
          name: 'Ada',
          address: { country: 'FR', line1: '1 rue de Rivoli', city: 'Paris', postal_code: '75001' },
        }),
        provider.updateShippingRate('shr_nope'),
        provider.updatePhone('+1'),
        provider.updateBillingAddress({ country: 'ZZ' }),
      ]);
      expect(results.map((result) => result.type === 'error' && result.error.code)).to.deep.equal([
        'promotion_code_invalid',
        'email_invalid',
        'shipping_country_not_allowed',
        'shipping_rate_unknown',
        'phone_invalid',
        'country_invalid',
      ]);
      for (const result of results) {
        if (result.type === 'error') expect(result.error.message).to.be.a('string').and.not.empty;
      }

      const express = provider.session!.shipping_options[1]!.id;
      const chosen = await provider.updateShippingRate(express);
      expect(chosen.type === 'success' && chosen.session.total_details.amount_shipping).to.equal(
        1500,
      );
      const phone = await provider.updatePhone('+442079460958');
      expect(phone.type === 'success' && phone.session.customer_phone).to.equal('+442079460958');
      expect(count('checkout-change')).to.equal(3);
    });

    it('confirm checks every field first and reports a validation error without paying', async () => {
      const { root, provider, count } = await mount();
      const result = await provider.confirm();
      expect(result.type === 'error' && result.error.code).to.equal('validation_failed');
      await settle(root);
      const summary = $(root, 'checkout-messages >>> [part="error-summary"]')!;
      const problems = [...summary.querySelectorAll('li')].map((li) => li.textContent);
      expect(problems).to.include('Enter your email address');
      expect(problems).to.include('Enter your full name');
      expect(problems).to.include('Enter your card number');
      expect(count('checkout-success')).to.equal(0);
      // The summary links back to each field.
      summary.querySelector('a')!.click();
      expect(deepActive()?.id).to.equal('email');
    });
  });

  describe('focus', () => {
    it("returns to the merchant's own pay button after a decline, though it was disabled meanwhile", async () => {
      const { client_secret } = await createSession({
        ui_mode: 'custom',
        lineItems: [{ product: 'Mug', unit_amount: 1200 }],
      });
      const root = await fixture<HTMLElement>(html`<div>
        <checkout-provider locale="en-US">
          <checkout-email></checkout-email>
          <checkout-card></checkout-card>
          <button id="buy" type="button">Buy now</button>
        </checkout-provider>
      </div>`);
      const provider = root.querySelector('checkout-provider')!;
      const buy = root.querySelector<HTMLButtonElement>('#buy')!;
      // What a merchant's button typically does: disabled until the payment has an answer.
      let result: Promise<unknown> | null = null;
      buy.addEventListener('click', () => {
        buy.disabled = true;
        result = provider.confirm().finally(() => {
          buy.disabled = false;
        });
      });
      const ready = oneEvent(provider, 'checkout-ready');
      provider.clientSecret = client_secret;
      await ready;
      await type(root, 'checkout-email >>> #email', 'ada@example.com');
      await fillCard(root, '4000000000000002');
      buy.focus();
      buy.click();
      await waitUntil(() => result, 'the button did not confirm');
      expect(await result).to.have.nested.property('error.code', 'generic_decline');
      await waitUntil(() => document.activeElement === buy, 'focus did not return to the button');
    });
  });

  describe('a complete purchase', () => {
    it('changes a quantity, applies a code, enters an address with tax, picks a rate and pays', async () => {
      const code = uniqueCode('TEN');
      await createPromotionCode({ code, percent_off: 10 });
      const { root, provider, id, count, events } = await mount();

      $<HTMLButtonElement>(
        root,
        'checkout-line-items >>> [aria-label="Increase quantity of Mug"]',
      )!.click();
      await waitUntil(() => provider.session!.line_items[0]!.quantity === 2, 'quantity not saved');

      await type(root, 'checkout-promotion-code >>> #promotion-code', code.toLowerCase());
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => provider.session!.discount !== null, 'code not applied');

      await type(root, 'checkout-email >>> #email', 'ada@example.com');
      await fillShipping(root);
      const otherRate = 'checkout-shipping-rates >>> input[type="radio"]:not(:checked)';
      await waitUntil(() => $(root, otherRate), 'no shipping rates');
      $<HTMLInputElement>(root, otherRate)!.click();
      await waitUntil(() => provider.session!.total_details.amount_shipping === 1500);
      await fillCard(root);
      await settle(root);

      // 2 × 12.00 + 20.00 = 44.00, less 10 % (4.40, shared 2.40 / 2.00 by the lines);
      // California's 7.25 % per line: 21.60 → 1.566 → 1.57 and 18.00 → 1.305 → 1.31.
      const rows = totals(root);
      expect(rows.slice(0, 3)).to.deep.equal([
        ['Subtotal', '$44.00'],
        [`Discount (${code})`, '-$4.40'],
        ['Shipping', '$15.00'],
      ]);
      expect(rows[3]![0]).to.match(/^Tax/);
      expect(rows[3]![1]).to.equal('$2.88');
      expect(rows[4]).to.deep.equal(['Total', '$57.48']);

      const pay = $<HTMLButtonElement>(root, 'checkout-pay-button >>> button')!;
      expect(pay.textContent!.trim()).to.equal('Pay $57.48');
      pay.click();
      await waitUntil(() => count('checkout-success') === 1, 'payment did not succeed', {
        timeout: 8000,
      });
      const success = events.find((event) => event.type === 'checkout-success')!;
      expect(success.detail.session.amount_total).to.equal(5748);
      const session = await retrieveSession(id);
      expect(session.status).to.equal('complete');
      expect(session.amount_total).to.equal(5748);
      expect((session.shipping_details as any).address).to.include({ country: 'US', state: 'CA' });
      expect((session.shipping_details as any).name).to.equal('Ada Lovelace');
    });
  });

  describe('quantities', () => {
    it('shows clicks at once and coalesces rapid ones into one request', async () => {
      const { root, provider } = await mount();
      const plus = $<HTMLButtonElement>(
        root,
        'checkout-line-items >>> [aria-label="Increase quantity of Mug"]',
      )!;
      const requests = await countRequests('/v1/client/session/update', async () => {
        plus.click();
        plus.click();
        plus.click();
        await settle(root);
        expect($(root, 'checkout-line-items >>> input[type="number"]')!.value).to.equal('4');
        await waitUntil(() => provider.session!.line_items[0]!.quantity === 4);
        await aTimeout(50);
      });
      expect(requests).to.equal(1);
    });

    it('rolls back a refused quantity and says why beside the line', async () => {
      const { root, provider } = await mount();
      const input = $(root, 'checkout-line-items >>> input[type="number"]')!;
      input.value = '9';
      input.dispatchEvent(new Event('change'));
      await settle(root);
      expect(input.value).to.equal('9');
      const error = await waitUntil(
        () => $(root, 'checkout-line-items >>> [part="error"]'),
        'no rollback',
      ).then(() => $(root, 'checkout-line-items >>> [part="error"]')!);
      await settle(root);
      expect(error.textContent).to.match(/1.*5/);
      expect(input.value).to.equal('1');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(provider.session!.line_items[0]!.quantity).to.equal(1);
    });

    it('is keyboard operable and the stepper stops at the session limits', async () => {
      const { root } = await mount({
        lineItems: [
          {
            product: 'Mug',
            unit_amount: 1200,
            quantity: 2,
            adjustable_quantity: { enabled: true, minimum: 2, maximum: 3 },
          },
        ],
      });
      const minus = $<HTMLButtonElement>(
        root,
        'checkout-line-items >>> [aria-label="Decrease quantity of Mug"]',
      )!;
      expect(minus.disabled).to.equal(true);
      $<HTMLButtonElement>(
        root,
        'checkout-line-items >>> [aria-label="Increase quantity of Mug"]',
      )!.focus();
      await sendKeys({ press: 'Enter' });
      await settle(root);
      expect(
        $<HTMLButtonElement>(
          root,
          'checkout-line-items >>> [aria-label="Increase quantity of Mug"]',
        )!.disabled,
      ).to.equal(true);
      await expectAccessible(root);
    });
  });

  describe('promotion codes', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const cases: Array<[string, () => Record<string, unknown>, string]> = [
      ['unknown', () => ({}), 'This promotion code is not valid'],
      [
        'not yet active',
        () => ({ percent_off: 10, starts_at: now() + 3600 }),
        'This promotion code is not active yet',
      ],
      [
        'minimum not met',
        () => ({
          percent_off: 10,
          restrictions: { minimum_amount: 100000, minimum_amount_currency: 'usd' },
        }),
        '',
      ],
      [
        'wrong currency',
        () => ({ amount_off: 500, currency: 'eur' }),
        'This promotion code cannot be used with this currency',
      ],
      [
        'not for this customer',
        () => ({ percent_off: 10, customer: 'cus_someone_else' }),
        'This promotion code is not available for your account',
      ],
    ];
    for (const [name, body, message] of cases) {
      it(`shows why a code is refused beside the field: ${name}`, async () => {
        const code = uniqueCode('X');
        if (name !== 'unknown') await createPromotionCode({ code, ...body() });
        const { root } = await mount();
        await type(root, 'checkout-promotion-code >>> #promotion-code', code);
        await sendKeys({ press: 'Enter' });
        const error = await waitUntil(() =>
          $(root, 'checkout-promotion-code >>> #promotion-code-error'),
        ).then(() => $(root, 'checkout-promotion-code >>> #promotion-code-error')!);
        if (message) expect(error.textContent).to.equal(message);
        else expect(error.textContent).to.contain('1000.00 USD');
        const input = $(root, 'checkout-promotion-code >>> #promotion-code')!;
        expect(input.getAttribute('aria-describedby')).to.equal('promotion-code-error');
        expect(deepActive()).to.equal(input);
        await expectAccessible(root);
      });
    }

    it('an expired code is refused once its time has passed', async () => {
      const code = uniqueCode('LATE');
      await createPromotionCode({ code, percent_off: 10, expires_at: now() + 1 });
      const { provider } = await mount();
      await aTimeout(2100);
      const result = await provider.applyPromotionCode(code);
      expect(result.type === 'error' && result.error.code).to.equal('promotion_code_expired');
    });

    it('a used-up code is refused, and a successful payment counts its redemption', async () => {
      const code = uniqueCode('ONCE');
      await createPromotionCode({ code, percent_off: 50, max_redemptions: 1 });
      const first = await mount({
        ...everything,
        shipping_address_collection: undefined,
        shippingRates: undefined,
        automatic_tax: undefined,
      });
      expect((await first.provider.applyPromotionCode(code)).type).to.equal('success');
      await type(first.root, 'checkout-email >>> #email', 'grace@example.com');
      await fillCard(first.root);
      $<HTMLButtonElement>(first.root, 'checkout-pay-button >>> button')!.click();
      await waitUntil(() => first.count('checkout-success') === 1, 'first payment', {
        timeout: 8000,
      });
      first.root.remove();
      const second = await mount();
      const result = await second.provider.applyPromotionCode(code);
      expect(result.type === 'error' && result.error.code).to.equal('promotion_code_exhausted');
    });

    it('applies and removes a code, announcing both', async () => {
      const code = uniqueCode('FIVE');
      await createPromotionCode({ code, amount_off: 500, currency: 'usd' });
      const { root, provider } = await mount();
      await type(root, 'checkout-promotion-code >>> #promotion-code', code);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => provider.session!.discount?.code === code);
      await settle(root);
      expect($(root, 'checkout-promotion-code >>> [role="status"]')!.textContent).to.contain(code);
      expect(totals(root)[1]).to.deep.equal([`Discount (${code})`, '-$5.00']);
      await expectAccessible(root);
      $<HTMLButtonElement>(root, 'checkout-promotion-code >>> [part="remove-button"]')!.click();
      await waitUntil(() => provider.session!.discount === null);
      await settle(root);
      expect($(root, 'checkout-promotion-code >>> [role="status"]')!.textContent).to.equal(
        'Promotion code removed.',
      );
    });
  });

  describe('tax, shipping and phone', () => {
    it('shows inclusive tax as "includes" and recomputes when the country changes', async () => {
      const { root, provider } = await mount({
        lineItems: [{ product: 'Print', unit_amount: 12000, tax_behavior: 'inclusive' }],
        automatic_tax: { enabled: true },
        billing_address_collection: 'required',
      });
      expect(deepText(root)).to.contain('Tax is calculated once you enter your address.');
      await chooseCountry(root, 'billing', 'United Kingdom');
      await type(root, 'checkout-address[type="billing"] >>> #billing-line1', '1 Test Road');
      await type(root, 'checkout-address[type="billing"] >>> #billing-city', 'London');
      await type(root, 'checkout-address[type="billing"] >>> #billing-postal', 'SW1A 1AA');
      $(root, 'checkout-email >>> #email')!.focus();
      await waitUntil(() => provider.session!.tax !== null, 'tax not computed');
      await settle(root);
      // 120.00 including 20 % VAT holds 20.00 of tax; the total does not change.
      expect(deepText($(root, 'checkout-totals')!)).to.contain('Includes $20.00 tax');
      expect(provider.session!.amount_total).to.equal(12000);
      const help = $(root, 'checkout-totals >>> checkout-tooltip')!;
      expect(deepText(help)).to.contain('VAT at 20 % for GB');
      await expectAccessible(root);
    });

    it('offers only the allowed shipping countries and adapts the fields to the country', async () => {
      const { root } = await mount();
      const input = await countryInput(root, 'shipping');
      input.focus();
      await sendKeys({ press: 'ArrowDown' });
      const options = deepAll(root, '[role="option"]').map((option) => option.textContent!.trim());
      expect(options).to.have.members(['United States', 'United Kingdom', 'Canada']);
      await sendKeys({ press: 'Escape' });
      await chooseCountry(root, 'shipping', 'United Kingdom');
      await settle(root);
      expect(
        $(root, 'checkout-address[type="shipping"] >>> label[for="shipping-postal"]')!.textContent,
      ).to.equal('Postcode');
      expect($(root, 'checkout-address[type="shipping"] >>> #shipping-state')).to.equal(null);
      await chooseCountry(root, 'shipping', 'Canada');
      await settle(root);
      expect(
        $(root, 'checkout-address[type="shipping"] >>> label[for="shipping-state"]')!.textContent,
      ).to.equal('Province');
      await type(root, 'checkout-address[type="shipping"] >>> #shipping-postal', '12345');
      $(root, 'checkout-email >>> #email')!.focus();
      await settle(root);
      expect(
        $(root, 'checkout-address[type="shipping"] >>> #shipping-postal-error')!.textContent,
      ).to.equal('Enter a valid postal code for this country');
    });

    it('billing follows the shipping address while "same as shipping" stays ticked', async () => {
      const { root, id, count } = await mount({
        ...everything,
        billing_address_collection: 'required',
        phone_number_collection: undefined,
      });
      const same = $<HTMLInputElement>(
        root,
        'checkout-address[type="billing"] >>> [part="same-as-shipping"] input',
      )!;
      expect(same.checked).to.equal(true);
      expect($(root, 'checkout-address[type="billing"] >>> #billing-line1')).to.equal(null);
      await type(root, 'checkout-email >>> #email', 'ada@example.com');
      await fillShipping(root);
      await fillCard(root);
      $<HTMLButtonElement>(root, 'checkout-pay-button >>> button')!.click();
      await waitUntil(() => count('checkout-success') === 1, 'no success', { timeout: 8000 });
      const session = await retrieveSession(id);
      expect((session.customer_details as any).address).to.deep.include({
        country: 'US',
        line1: '1 Market Street',
        state: 'CA',
        postal_code: '94105',
      });
      // Unticking asks for a separate billing address.
      const other = await mount({ ...everything, billing_address_collection: 'required' });
      $<HTMLInputElement>(
        other.root,
        'checkout-address[type="billing"] >>> [part="same-as-shipping"] input',
      )!.click();
      await settle(other.root);
      expect($(other.root, 'checkout-address[type="billing"] >>> #billing-line1')).to.not.equal(
        null,
      );
      await expectAccessible(other.root);
    });

    it('stores the phone number in E.164 from the national form', async () => {
      const { root, provider } = await mount();
      const select = $<HTMLSelectElement>(root, 'checkout-phone >>> #calling-code')!;
      select.value = 'GB';
      select.dispatchEvent(new Event('change'));
      await type(root, 'checkout-phone >>> #phone', '020 7946 0958');
      $(root, 'checkout-email >>> #email')!.focus();
      await waitUntil(() => provider.session!.customer_phone === '+442079460958');
      expect($(root, 'checkout-phone >>> #phone')!.getAttribute('autocomplete')).to.equal('tel');
      await type(root, 'checkout-phone >>> #phone', '12');
      $(root, 'checkout-email >>> #email')!.focus();
      await settle(root);
      expect($(root, 'checkout-phone >>> #phone-error')!.textContent).to.contain(
        'Enter a phone number',
      );
    });
  });

  describe('modes and button text', () => {
    it('labels the button by submit_type', async () => {
      for (const [submitType, label] of [
        ['book', 'Book · $12.50'],
        ['donate', 'Donate $12.50'],
        ['pay', 'Pay $12.50'],
      ]) {
        const { root } = await mount({
          lineItems: [{ product: 'Thing', unit_amount: 1250 }],
          submit_type: submitType,
        });
        expect($(root, 'checkout-pay-button >>> button')!.textContent!.trim()).to.equal(label);
      }
    });

    it('a subscription shows its interval, says Subscribe and reports the subscription id', async () => {
      const { root, events } = await mount({
        mode: 'subscription',
        lineItems: [
          {
            product: 'Coffee club',
            unit_amount: 1500,
            recurring: { interval: 'month', interval_count: 3 },
          },
        ],
      });
      expect(deepText(root)).to.contain('Then $15.00 every 3 months');
      const button = $<HTMLButtonElement>(root, 'checkout-pay-button >>> button')!;
      expect(button.textContent!.trim()).to.equal('Subscribe · $15.00');
      await type(root, 'checkout-email >>> #email', 'ada@example.com');
      await fillCard(root);
      button.click();
      await waitUntil(
        () => events.some((event) => event.type === 'checkout-success'),
        'no success',
        {
          timeout: 8000,
        },
      );
      const success = events.find((event) => event.type === 'checkout-success')!;
      expect(success.detail.session.subscription).to.match(/^sub_/);
    });

    it('a setup session saves the card without charging', async () => {
      const { root, events, id } = await mount({
        mode: 'setup',
        lineItems: undefined,
        line_items: undefined,
        currency: 'eur',
      } as SessionOptions);
      const button = $<HTMLButtonElement>(root, 'checkout-pay-button >>> button')!;
      expect(button.textContent!.trim()).to.equal('Save card');
      await type(root, 'checkout-email >>> #email', 'ada@example.com');
      await fillCard(root);
      button.click();
      await waitUntil(
        () => events.some((event) => event.type === 'checkout-success'),
        'no success',
        {
          timeout: 8000,
        },
      );
      const session = await retrieveSession(id);
      expect(session.payment_status).to.equal('no_payment_required');
      expect(session.setup_intent).to.match(/^seti_/);
    });
  });

  describe('expiry', () => {
    it('shows a notice when under ten minutes remain and fires checkout-expired on time', async () => {
      const { root, provider, id, count } = await mount({
        lineItems: [{ product: 'Ticket', unit_amount: 5000 }],
      });
      expect($(root, 'checkout-messages >>> [part="expiry-notice"]')).to.equal(null);
      await expireIn(id, 3);
      await provider.reload();
      await settle(root);
      const expiresAt = provider.session!.expires_at * 1000;
      expect($(root, 'checkout-messages >>> [part="expiry-notice"]')!.textContent).to.equal(
        'This checkout expires in 1 minute. Complete your purchase before then.',
      );
      expect(
        $(root, 'checkout-messages >>> [part="expiry-notice"]')!.closest('[role="status"]'),
      ).to.not.equal(null);
      // The customer does nothing; the kit notices by itself.
      await waitUntil(() => count('checkout-expired') === 1, 'checkout-expired never fired', {
        timeout: 8000,
        interval: 100,
      });
      expect(Date.now()).to.be.at.least(expiresAt);
      expect(Date.now() - expiresAt).to.be.below(3000);
      expect(count('checkout-success') + count('checkout-cancel')).to.equal(0);
      await settle(root);
      expect($<HTMLButtonElement>(root, 'checkout-pay-button >>> button')!.disabled).to.equal(true);
    });
  });

  describe('placement', () => {
    it('two providers on one page stay independent', async () => {
      const a = await mount();
      const b = await mount();
      const before = b.count('checkout-change');
      const result = await a.provider.updateLineItemQuantity(
        a.provider.session!.line_items[0]!.id,
        2,
      );
      expect(result.type).to.equal('success');
      expect(b.count('checkout-change')).to.equal(before);
      expect(b.provider.session!.line_items[0]!.quantity).to.equal(1);
      expect($(b.root, 'checkout-line-items >>> input[type="number"]')!.value).to.equal('1');
      expect(a.provider.session!.id).not.to.equal(b.provider.session!.id);
      await type(b.root, 'checkout-email >>> #email', 'b@example.com');
      await waitUntil(() => $(b.root, 'checkout-card >>> #number'), 'no card frame');
      $(b.root, 'checkout-card >>> #number')!.focus();
      await waitUntil(() => b.provider.session!.customer_email === 'b@example.com');
      expect(a.provider.session!.customer_email).to.equal(null);
    });

    it("finds its provider through a slot in the merchant's shadow root, and follows a move to another", async () => {
      const a = await mount();
      const b = await mount();
      const totalIn = (element: Element) => $(element, '[part~="total"] dd')?.textContent;
      const line = a.provider.session!.line_items[0]!;
      expect((await a.provider.updateLineItemQuantity(line.id, 2)).type).to.equal('success');
      const ownTotals = a.root.querySelector('checkout-totals')!;
      await waitUntil(
        () => totalIn(ownTotals) !== totalIn(b.root.querySelector('checkout-totals')!),
        'the new quantity never showed',
      );

      // Moved from b's provider into a's: it unsubscribes from b and shows a's session.
      const moved = b.root.querySelector('checkout-totals')!;
      const freshTotal = totalIn(moved);
      a.provider.append(moved);
      await waitUntil(() => totalIn(moved) === totalIn(ownTotals), "the moved totals kept b's");
      await a.provider.updateLineItemQuantity(line.id, 3);
      await waitUntil(
        () => totalIn(moved) === totalIn(ownTotals),
        'the moved totals stopped following',
      );
      expect(totalIn(moved)).not.to.equal(freshTotal);
      // b's changes no longer reach it.
      await b.provider.updateLineItemQuantity(b.provider.session!.line_items[0]!.id, 5);
      await settle(moved);
      expect(totalIn(moved)).to.equal(totalIn(ownTotals));

      // A merchant's layout: the provider in its shadow root, the element slotted into it,
      // so the provider is on the element's event path but not among its ancestors.
      const { client_secret } = await createSession({ ui_mode: 'custom', ...everything });
      const layout = await fixture<HTMLElement>(html`<div></div>`);
      layout.attachShadow({ mode: 'open' }).innerHTML =
        '<checkout-provider locale="en-US"><slot></slot></checkout-provider>';
      layout.shadowRoot!.querySelector('checkout-provider')!.clientSecret = client_secret;
      const slotted = document.createElement('checkout-totals');
      layout.append(slotted);
      await waitUntil(() => totalIn(slotted), 'the slotted totals never showed');
      expect(totalIn(slotted)).to.equal(freshTotal);
    });

    it('an element outside a provider says so in the console and renders nothing', async () => {
      const errors: string[] = [];
      const realError = console.error;
      console.error = (...args: unknown[]) => errors.push(args.join(' '));
      try {
        const el = await fixture<HTMLElement>(html`<checkout-totals></checkout-totals>`);
        await aTimeout(20);
        expect(el.shadowRoot!.querySelectorAll('*').length).to.equal(0);
      } finally {
        console.error = realError;
      }
      expect(errors.join('\n')).to.contain(
        '<checkout-totals> must be placed inside <checkout-provider>',
      );
    });

    it('has no axe violations when open, with errors and after paying', async () => {
      const { root, provider } = await mount();
      await expectAccessible(root);
      await provider.confirm();
      await settle(root);
      await expectAccessible(root);
    });
  });
});
