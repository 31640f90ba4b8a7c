/**
 * Every story in a production Storybook build, rendered in Chromium: each must
 * render without errors, reach the state it is named after (its play function
 * included), and pass axe-core with no violations. The stories run the real
 * endpoint handler in the page, so this also covers the elements against the
 * endpoint in each state. Every story runs again under the night theme in
 * Arabic (right to left) through the toolbar's globals, and each element's
 * docs page must list the API the Custom Elements Manifest gives it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ClassDeclaration, CustomElement } from 'custom-elements-manifest/schema.js';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../support/chromium.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const axePath = join(root, 'node_modules/axe-core/axe.min.js');
const untrustedProductName = '<img src=x onerror=alert(1)>';

/** Pages rendered at once, each with its own in-page endpoint: one per core, up to four. */
const concurrency = Math.max(1, Math.min(4, availableParallelism()));

/** What a story shows, read from the page once Storybook has finished it, through every shadow root. */
interface StoryState {
  phase: string | null;
  storybookError: string | null;
  /** `<checkout-embedded>`'s loading text. */
  loading: string | null;
  /** Text of each `<checkout-pay-button>`'s button; a disabled one is marked with `(disabled)`. */
  payButtons: string[];
  /** Text of each `<checkout-cancel-button>`'s first button. */
  cancelButtons: string[];
  /** The question a cancel asks before it ends the checkout, while it asks. */
  cancelQuestion: string | null;
  /**
   * Ids of the form controls, in page order (by element): inputs, selects and
   * country comboboxes (the combobox's own input is not listed). A control
   * without an id is listed by its name.
   */
  fields: string[];
  /** The value of each field in `fields`. */
  values: Record<string, string>;
  /** Every visible label's text. */
  labels: string[];
  /** Messages beside fields (`[part="error"]` inside a field). */
  fieldErrors: string[];
  /** Messages beside line items. */
  lineErrors: string[];
  /** `<checkout-messages>`'s error that belongs to no field. */
  formError: string | null;
  /** `<checkout-messages>`'s error summary, one entry per problem. */
  errorSummary: string[];
  expiryNotice: string | null;
  /** The challenge dialog (in the provider's shadow root) is open. */
  dialogOpen: boolean;
  /** `<checkout-embedded>`'s status panel: heading, text and buttons. */
  status: string | null;
  statusBody: string | null;
  statusButtons: string[];
  itemNames: string[];
  /** Each line item's text, whitespace collapsed. */
  lineItems: string[];
  /** The value of each quantity stepper. */
  quantities: string[];
  /** Line item images, and how many of them loaded. */
  lineItemImages: number;
  lineItemImagesLoaded: number;
  /** Each totals row as [label, amount] (notes have a label only). */
  totals: string[][];
  appliedCode: string | null;
  /** Each shipping rate's text; the chosen one is marked with `*`. */
  shippingRates: string[];
  cardBrand: string | null;
  /** Background colour of each pay button. */
  payButtonColors: string[];
  /** Each crypto asset's label; the chosen one is marked with `*`. */
  cryptoAssets: string[];
  /** The quoted amount to send, e.g. `0.04000000 ETH`. */
  cryptoAmount: string | null;
  /** QR codes drawn (an SVG with a path). */
  qrCodes: number;
  /** `<checkout-crypto>`'s live region: quoting, a renewed quote, waiting. */
  cryptoStatus: string | null;
  /** Checkout elements (tag names) whose shadow root holds no element at all. */
  emptyElements: string[];
  /** The outermost checkout element's inputs from the toolbar: locale, theme, and the page's direction. */
  host: { locale: string | null; theme: string | null; dir: string | null } | null;
  /** The text and background colours the checkout paints (the form's base, or the first element in the provider). */
  colors: { text: string; background: string } | null;
}

/** The fields of a form with email and card only. */
const cardForm = ['email', 'number', 'expiry', 'cvc', 'name'];

/** A shipping address's fields once a country with states and postal codes is chosen. */
const shippingAddress = [
  'shipping-name',
  'shipping-country',
  'shipping-line1',
  'shipping-line2',
  'shipping-city',
  'shipping-state',
  'shipping-postal',
];

/**
 * The shipping address's fields as the form first shows them: the country
 * comes preselected from the locale's region when the session allows it
 * (the United States in English), and a chosen country brings its state and
 * postal code fields; with none chosen (Arabic: Egypt is not allowed) they wait.
 */
const shownShippingAddress = (state: StoryState) =>
  state.values['shipping-country'] === 'US'
    ? shippingAddress
    : shippingAddress.filter((id) => !['shipping-state', 'shipping-postal'].includes(id));

/** The two shipping rates of the full session, the first chosen by default. */
const twoRates = ['* Standard , 3–5 business days $5.00', 'Express $15.00'];

/** The full session's totals before an address is known. */
const fullTotals = [
  ['Subtotal', '$32.00'],
  ['Shipping', '$5.00'],
  ['Total', '$37.00'],
  ['Tax is calculated once you enter your address.'],
];

/** The default story session: two notebooks and a fountain pen. */
const defaultTotals = [
  ['Subtotal', '$59.00'],
  ['Total', '$59.00'],
];

/** Quantity stepper ids carry the line item's random id: `quantity-…`. */
const withoutLineIds = (fields: string[]) =>
  fields.map((id) => (id.startsWith('quantity-') ? 'quantity-…' : id));

/** The complete form declined a payment: this message above the form, the form still open. */
const declined = (message: string) => (state: StoryState) => {
  assert.equal(state.formError, message);
  assert.deepEqual(state.payButtons, ['Pay $59.00']);
  assert.equal(state.status, null);
};

/** The complete form refused a promotion code: this message beside the field, nothing applied. */
const refusedCode = (code: string, message: string) => (state: StoryState) => {
  assert.deepEqual(state.fieldErrors, [message]);
  assert.equal(state.values['promotion-code'], code);
  assert.equal(state.appliedCode, null);
  assert.deepEqual(state.totals, defaultTotals);
};

/** The complete form shows this status panel and no form. */
const outcome = (status: string, statusBody: string) => (state: StoryState) => {
  assert.equal(state.status, status);
  assert.equal(state.statusBody, statusBody);
  assert.deepEqual(state.payButtons, []);
  assert.deepEqual(state.fields, []);
};

/** Per story id: what proves the story shows the state it is named after. */
const expectations: Record<string, (state: StoryState) => void> = {
  // ---- <checkout-embedded> --------------------------------------------------
  'elements-checkout-embedded--loading': (state) => {
    assert.equal(state.loading, 'Loading checkout…');
    assert.deepEqual(state.payButtons, []);
  },
  'elements-checkout-embedded--open': (state) => {
    assert.deepEqual(state.payButtons, ['Pay $59.00']);
    assert.deepEqual(state.fields, cardForm);
    assert.deepEqual(state.itemNames, ['Notebook', 'Fountain pen']);
    assert.deepEqual(state.totals, defaultTotals);
    assert.equal(state.host?.locale, 'en');
    assert.equal(state.host?.theme, 'default');
    assert.notEqual(state.host?.dir, 'rtl');
  },
  'elements-checkout-embedded--open-with-billing-address': (state) => {
    assert.deepEqual(state.payButtons, ['Pay $59.00']);
    assert.deepEqual(state.fields, [
      ...cardForm,
      'billing-country',
      'billing-line1',
      'billing-line2',
      'billing-city',
      'billing-state',
      'billing-postal',
    ]);
    assert.equal(state.values['billing-country'], 'US');
    assert.ok(state.labels.includes('State') && state.labels.includes('ZIP code'), 'US labels');
  },
  'elements-checkout-embedded--full-form': (state) => {
    assert.deepEqual(state.itemNames, ['Mug', 'Poster']);
    assert.deepEqual(state.quantities, ['1']);
    assert.deepEqual(withoutLineIds(state.fields), [
      'quantity-…',
      'promotion-code',
      'email',
      'calling-code',
      'phone',
      ...shownShippingAddress(state),
      'shipping-rate',
      'shipping-rate',
      'number',
      'expiry',
      'cvc',
      'name',
    ]);
    assert.deepEqual(state.shippingRates, twoRates);
    assert.deepEqual(state.totals, fullTotals);
    assert.deepEqual(state.payButtons, ['Pay $37.00']);
  },
  'elements-checkout-embedded--subscription': (state) => {
    assert.deepEqual(state.payButtons, ['Subscribe · $15.00']);
    assert.deepEqual(state.totals.at(-1), ['Then $15.00 every 3 months']);
  },
  'elements-checkout-embedded--setup': (state) => {
    assert.deepEqual(state.payButtons, ['Save card']);
    assert.deepEqual(state.itemNames, []);
    // Nothing is bought, so no amounts are shown.
    assert.deepEqual(state.totals, []);
    assert.deepEqual(state.fields, cardForm);
  },
  'elements-checkout-embedded--expiring-soon': (state) => {
    assert.equal(
      state.expiryNotice,
      'This checkout expires in 5 minutes. Complete your purchase before then.',
    );
    assert.deepEqual(state.payButtons, ['Pay $59.00']);
  },
  'elements-checkout-embedded--complete': outcome(
    'Payment successful',
    'Paid $59.00 with Visa ending in 4242.',
  ),
  'elements-checkout-embedded--expired': outcome(
    'This checkout has expired',
    'Return to the store to start again.',
  ),
  'elements-checkout-embedded--canceled': outcome(
    'Checkout canceled',
    'You have not been charged.',
  ),
  'elements-checkout-embedded--untrusted-product-name': (state) => {
    assert.deepEqual(state.itemNames, [untrustedProductName]);
    assert.equal(state.lineItemImages, 0);
  },

  // ---- <checkout-provider> ----------------------------------------------------
  'elements-checkout-provider--two-column-layout': (state) => {
    assert.deepEqual(withoutLineIds(state.fields), [
      'email',
      'calling-code',
      'phone',
      ...shownShippingAddress(state),
      'shipping-rate',
      'shipping-rate',
      'number',
      'expiry',
      'cvc',
      'name',
      'quantity-…',
      'promotion-code',
    ]);
    assert.deepEqual(state.shippingRates, twoRates);
    assert.deepEqual(state.totals, fullTotals);
    assert.deepEqual(state.payButtons, ['Pay $37.00']);
    assert.deepEqual(state.cancelButtons, ['Cancel and return']);
  },
  'elements-checkout-provider--donation-layout': (state) => {
    assert.deepEqual(state.itemNames, ['Donation to the library fund']);
    assert.deepEqual(state.fields, cardForm);
    assert.deepEqual(state.payButtons, ['Donate $25.00']);
  },
  'elements-checkout-provider--outside-provider': (state) => {
    assert.deepEqual(state.emptyElements, ['checkout-totals']);
    assert.deepEqual(state.fields, []);
  },

  // ---- each custom-mode element inside a provider -----------------------------
  'elements-checkout-line-items--with-steppers': (state) => {
    assert.deepEqual(state.quantities, ['3']);
    assert.deepEqual(state.lineItems, ['Mug $36.00 − Quantity of Mug +', 'Poster Qty 1 $20.00']);
  },
  'elements-checkout-line-items--quantity-limits': (state) => {
    assert.deepEqual(state.quantities, ['3']);
    assert.deepEqual(state.lineErrors, ['Choose a quantity from 1 to 3']);
  },
  'elements-checkout-line-items--recurring': (state) => {
    assert.deepEqual(state.lineItems, ['Coffee club Then $15.00 every month $15.00']);
  },
  'elements-checkout-totals--discount-and-shipping': (state) => {
    assert.deepEqual(state.totals, [
      ['Subtotal', '$50.00'],
      ['Discount (SAVE20)', '-$10.00'],
      ['Shipping', '$5.00'],
      ['Total', '$45.00'],
    ]);
  },
  'elements-checkout-totals--inclusive-tax': (state) => {
    assert.deepEqual(state.totals, [
      ['Subtotal', '$120.00'],
      ['Total', '$120.00'],
      ['Includes $20.00 tax'],
    ]);
  },
  'elements-checkout-promotion-code--field': (state) => {
    assert.deepEqual(state.fields, ['promotion-code']);
    assert.deepEqual(state.labels, ['Promotion code']);
    assert.equal(state.appliedCode, null);
  },
  'elements-checkout-promotion-code--applied': (state) => {
    assert.equal(state.appliedCode, 'TENOFF');
    assert.deepEqual(state.fields, []);
  },
  'elements-checkout-email--prefilled': (state) => {
    assert.deepEqual(state.fields, ['email']);
    assert.equal(state.values['email'], 'jenny.rosen@example.com');
  },
  'elements-checkout-email--invalid': (state) => {
    assert.equal(state.values['email'], 'jenny.rosen@');
    assert.deepEqual(state.fieldErrors, ['Enter an email address like name@example.com']);
  },
  'elements-checkout-card--brand-detected': (state) => {
    assert.deepEqual(state.fields, ['number', 'expiry', 'cvc', 'name']);
    assert.equal(state.values['number'], '4242 4242 4242 4242');
    assert.equal(state.cardBrand, 'Visa');
  },
  'elements-checkout-card--american-express': (state) => {
    assert.equal(state.values['number'], '3782 822463 10005');
    assert.equal(state.cardBrand, 'American Express');
  },
  'elements-checkout-address--shipping': (state) => {
    assert.deepEqual(state.fields, shippingAddress);
    assert.equal(state.values['shipping-country'], 'CA');
    assert.ok(state.labels.includes('Province') && state.labels.includes('Postal code'));
  },
  'elements-checkout-address--billing': (state) => {
    assert.deepEqual(state.fields, [
      'billing-country',
      'billing-line1',
      'billing-line2',
      'billing-city',
      'billing-state',
      'billing-postal',
    ]);
    assert.equal(state.values['billing-country'], 'JP');
    assert.ok(state.labels.includes('Prefecture'), 'Japanese labels');
  },
  'elements-checkout-address--postal-only': (state) => {
    // The United States, preselected from the locale's region, asks for its state and ZIP code.
    assert.equal(state.values['billing-country'], 'US');
    assert.deepEqual(state.fields, ['billing-country', 'billing-state', 'billing-postal']);
  },
  'elements-checkout-phone--optional': (state) => {
    assert.deepEqual(state.fields, ['calling-code', 'phone']);
    assert.deepEqual(state.labels, ['Phone number (optional)']);
  },
  'elements-checkout-shipping-rates--rates': (state) => {
    assert.deepEqual(state.shippingRates, twoRates);
  },
  'elements-checkout-shipping-rates--express-chosen': (state) => {
    assert.deepEqual(state.shippingRates, [
      'Standard , 3–5 business days $5.00',
      '* Express $15.00',
    ]);
  },
  'elements-checkout-pay-button--submit-type-auto': (state) => {
    assert.deepEqual(state.payButtons, ['Pay $12.50']);
  },
  'elements-checkout-pay-button--submit-type-pay': (state) => {
    assert.deepEqual(state.payButtons, ['Pay $12.50']);
  },
  'elements-checkout-pay-button--submit-type-book': (state) => {
    assert.deepEqual(state.payButtons, ['Book · $12.50']);
  },
  'elements-checkout-pay-button--submit-type-donate': (state) => {
    assert.deepEqual(state.payButtons, ['Donate $12.50']);
  },
  'elements-checkout-pay-button--subscription': (state) => {
    assert.deepEqual(state.payButtons, ['Subscribe · $15.00']);
  },
  'elements-checkout-pay-button--setup': (state) => {
    assert.deepEqual(state.payButtons, ['Save card']);
  },
  'elements-checkout-cancel-button--open': (state) => {
    assert.deepEqual(state.cancelButtons, ['Cancel and return']);
    assert.equal(state.cancelQuestion, null);
    assert.deepEqual(state.payButtons, []);
  },
  'elements-checkout-cancel-button--confirming': (state) => {
    assert.equal(state.cancelQuestion, 'Cancel this checkout? You have not been charged.');
    // The question's first button keeps the checkout; nothing has been canceled.
    assert.deepEqual(state.cancelButtons, ['Continue checkout']);
    assert.equal(state.status, null);
  },
  'elements-checkout-messages--error-summary': (state) => {
    const problems = [
      'Enter your email address',
      'Enter your card number',
      "Enter your card's expiry date",
      "Enter your card's security code",
      'Enter the name on your card',
    ];
    assert.deepEqual(state.errorSummary, problems);
    assert.deepEqual(state.fieldErrors, problems);
  },
  'elements-checkout-messages--expiry-notice': (state) => {
    assert.equal(
      state.expiryNotice,
      'This checkout expires in 5 minutes. Complete your purchase before then.',
    );
  },

  // ---- <checkout-crypto> ----------------------------------------------------
  'elements-checkout-crypto--asset-choice': (state) => {
    assert.deepEqual(state.lineItems, ['Hoodie Heavyweight cotton $100.00']);
    assert.deepEqual(state.cryptoAssets, ['Ether (ETH)', 'Tether (USDT)', 'USD Coin (USDC)']);
    assert.deepEqual(state.fields, ['crypto-asset', 'crypto-asset', 'crypto-asset']);
    assert.equal(state.cryptoAmount, null);
    assert.equal(state.qrCodes, 0);
  },
  'elements-checkout-crypto--allowed-assets-only': (state) => {
    assert.deepEqual(state.cryptoAssets, ['USD Coin (USDC)', 'Tether (USDT)']);
  },
  'elements-checkout-crypto--quote-shown': (state) => {
    assert.deepEqual(state.cryptoAssets, ['* Ether (ETH)', 'Tether (USDT)', 'USD Coin (USDC)']);
    assert.equal(state.cryptoAmount, '0.04000000 ETH');
    assert.equal(state.qrCodes, 1);
    assert.equal(state.cryptoStatus, '');
  },
  'elements-checkout-crypto--waiting-for-confirmation': (state) => {
    assert.match(state.cryptoStatus ?? '', /^Waiting for confirmation… /);
    assert.deepEqual(state.cryptoAssets, []);
    assert.equal(state.qrCodes, 0);
  },

  // ---- customer states: a session from each merchant API ---------------------
  'customer-states-sessions-from-each-merchant-api--seed-000': (state) => {
    assert.deepEqual(state.itemNames, ['Checkout Kit T-shirt', 'prod_sticker_pack']);
    assert.deepEqual(state.totals, [
      ['Subtotal', '$54.00'],
      ['Discount (WELCOME10)', '-$5.40'],
      ['Total', '$48.60'],
    ]);
    assert.deepEqual(state.payButtons, ['Pay $48.60']);
  },
  'customer-states-sessions-from-each-merchant-api--seed-000-subscription': (state) => {
    assert.deepEqual(state.payButtons, ['Subscribe · $15.00']);
  },
  'customer-states-sessions-from-each-merchant-api--seed-001': (state) => {
    assert.deepEqual(state.itemNames, ['Dot-grid notebook']);
    assert.deepEqual(state.quantities, ['2']);
    assert.equal(state.values['email'], 'jsmith@example.com');
    assert.deepEqual(state.payButtons, ['Pay $25.00']);
  },
  'customer-states-sessions-from-each-merchant-api--seed-002': (state) => {
    assert.deepEqual(state.lineItems, ['Product Name Product Description $100.00']);
    assert.deepEqual(state.cryptoAssets, ['Ether (ETH)', 'Tether (USDT)', 'USD Coin (USDC)']);
    assert.deepEqual(state.payButtons, []);
    assert.deepEqual(state.cancelButtons, ['Cancel and return']);
  },
  'customer-states-sessions-from-each-merchant-api--seed-003': (state) => {
    assert.deepEqual(state.itemNames, ['Ceramic pour-over']);
    assert.equal(state.values['email'], 'jsmith@example.com');
    assert.deepEqual(state.payButtons, ['Pay $48.00']);
  },
  'customer-states-sessions-from-each-merchant-api--seed-004': (state) => {
    assert.deepEqual(state.itemNames, ['Ceramic pour-over']);
    assert.equal(state.lineItemImagesLoaded, 1);
    assert.deepEqual(state.payButtons, ['Pay $45.00']);
  },

  // ---- customer states: promotion codes --------------------------------------
  'customer-states-promotion-codes--applied': (state) => {
    assert.equal(state.appliedCode, 'SPRING5');
    assert.deepEqual(state.totals, [
      ['Subtotal', '$59.00'],
      ['Discount (SPRING5)', '-$5.00'],
      ['Total', '$54.00'],
    ]);
    assert.deepEqual(state.payButtons, ['Pay $54.00']);
  },
  'customer-states-promotion-codes--removed': (state) => {
    assert.equal(state.appliedCode, null);
    assert.deepEqual(state.totals, defaultTotals);
    assert.deepEqual(state.payButtons, ['Pay $59.00']);
  },
  'customer-states-promotion-codes--invalid': refusedCode(
    'NOSUCHCODE',
    'This promotion code is not valid',
  ),
  'customer-states-promotion-codes--expired': refusedCode(
    'WINTER',
    'This promotion code has expired',
  ),
  'customer-states-promotion-codes--not-active-yet': refusedCode(
    'NEXTMONTH',
    'This promotion code is not active yet',
  ),
  'customer-states-promotion-codes--exhausted': refusedCode(
    'FIRST100',
    'This promotion code has been used up',
  ),
  'customer-states-promotion-codes--currency-mismatch': refusedCode(
    'EURO5',
    'This promotion code cannot be used with this currency',
  ),
  'customer-states-promotion-codes--minimum-not-met': refusedCode(
    'BIGSPENDER',
    'This promotion code applies to orders of 1000.00 USD or more',
  ),
  'customer-states-promotion-codes--customer-ineligible': refusedCode(
    'VIPONLY',
    'This promotion code is not available for your account',
  ),
  'customer-states-promotion-codes--first-purchase-only': refusedCode(
    'HELLO',
    'This promotion code is not available for your account',
  ),

  // ---- customer states: payment outcomes --------------------------------------
  'customer-states-payment-outcomes--paid': outcome(
    'Payment successful',
    'Paid $59.00 with Visa ending in 4242.',
  ),
  'customer-states-payment-outcomes--paid-with-amex': outcome(
    'Payment successful',
    'Paid $59.00 with American Express ending in 0005.',
  ),
  'customer-states-payment-outcomes--declined': declined(
    'Your card was declined. Try a different card.',
  ),
  'customer-states-payment-outcomes--insufficient-funds': declined(
    'Your card has insufficient funds. Try a different card.',
  ),
  'customer-states-payment-outcomes--expired-card': declined(
    'Your card has expired. Try a different card.',
  ),
  'customer-states-payment-outcomes--incorrect-cvc': (state) => {
    assert.deepEqual(state.fieldErrors, ["Your card's security code is incorrect"]);
    assert.equal(state.formError, null);
    assert.deepEqual(state.payButtons, ['Pay $59.00']);
  },
  'customer-states-payment-outcomes--processing-error': declined(
    'An error occurred while processing your card. Try again in a moment.',
  ),
  'customer-states-payment-outcomes--processing': (state) => {
    assert.deepEqual(state.payButtons, ['Processing… (disabled)']);
    assert.equal(state.formError, null);
    assert.equal(state.status, null);
  },
  'customer-states-payment-outcomes--authentication-challenge': (state) => {
    assert.equal(state.dialogOpen, true);
    assert.deepEqual(state.payButtons, ['Processing… (disabled)']);
  },
  'customer-states-payment-outcomes--authentication-approved': outcome(
    'Payment successful',
    'Paid $59.00 with Visa ending in 3155.',
  ),
  'customer-states-payment-outcomes--authentication-failed': (state) => {
    assert.equal(state.dialogOpen, false);
    assert.equal(
      state.formError,
      'We could not authenticate your payment. Try again or use a different card.',
    );
    assert.deepEqual(state.payButtons, ['Pay $59.00']);
  },

  // ---- customer states: a failing network -------------------------------------
  'customer-states-network-failures--load-offline': (state) => {
    assert.equal(state.status, 'We could not load this checkout');
    assert.equal(
      state.statusBody,
      'We could not reach the payment service. Check your connection and try again.',
    );
    assert.deepEqual(state.statusButtons, ['Try again']);
    assert.deepEqual(state.payButtons, []);
  },
  'customer-states-network-failures--load-unavailable': (state) => {
    assert.equal(state.status, 'We could not load this checkout');
    assert.equal(state.statusBody, 'The payment service sent an unexpected answer. Try again.');
    assert.deepEqual(state.statusButtons, ['Try again']);
  },
  'customer-states-network-failures--confirm-offline': declined(
    'We could not reach the payment service. Check your connection and try again.',
  ),
  'customer-states-network-failures--confirm-unavailable': declined(
    'The payment service sent an unexpected answer. Try again.',
  ),
};

/**
 * Stories rendered again with the toolbar's globals or the appearance
 * controls set through the URL. The night theme and Arabic run together: the
 * theme changes only colours and the locale only words and direction, so one
 * pass checks both for every state. Under it the checkout paints light text on
 * a dark background and passes axe's colour contrast, and the page runs right
 * to left with every label translated (so the English expectations above no
 * longer hold). A primary colour set in the controls reaches the pay button.
 */
interface Variant {
  /** Added to the story's URL: `globals=…` (the toolbar) or `args=…` (the controls). */
  query: string;
  stories: string[];
  check: (id: string, state: StoryState) => void;
}

/** The page runs right to left and no label is left in English. */
function checkArabic(state: StoryState, theme: string): void {
  if (state.host) assert.deepEqual(state.host, { locale: 'ar', theme, dir: 'rtl' });
  for (const label of state.labels) assert.doesNotMatch(label, /^[A-Za-z ]+$/, label);
}

/** The two-column layout's page sets a brand colour of its own, made for a light page. */
const lightOnly = 'elements-checkout-provider--two-column-layout';

const variants: Variant[] = [
  {
    query: 'globals=theme:night;locale:ar',
    // Every story and state, so axe checks each one's contrast in the dark theme and its
    // layout right to left.
    stories: Object.keys(expectations).filter((id) => id !== lightOnly),
    check: (_id, state) => {
      checkArabic(state, 'night');
      // A story of an element outside any provider has no checkout to theme.
      if (state.host) {
        // Light text on a dark background, painted by the checkout itself.
        assert.ok(
          luminance(state.colors?.background) < 0.1,
          `background ${state.colors?.background}`,
        );
        assert.ok(luminance(state.colors?.text) > 0.6, `text ${state.colors?.text}`);
      }
    },
  },
  {
    query: 'globals=locale:ar',
    stories: [lightOnly],
    check: (_id, state) => checkArabic(state, 'default'),
  },
  {
    query: 'args=colorPrimary:!hex(6d28d9);borderRadius:0px',
    stories: ['elements-checkout-embedded--open', 'elements-checkout-pay-button--submit-type-book'],
    check: (id, state) => {
      assert.deepEqual(state.payButtonColors, ['rgb(109, 40, 217)']);
      expectations[id]!(state);
    },
  },
];

/** Relative luminance (0 black … 1 white) of a computed `rgb(…)` colour; 1 when transparent. */
function luminance(color = ''): number {
  const [red, green, blue, alpha] = (color.match(/[\d.]+/g) ?? []).map(Number);
  if (red === undefined || green === undefined || blue === undefined || alpha === 0) return 1;
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

/**
 * Console errors a story causes on purpose, by story id. Every other console
 * error fails the story.
 */
const expectedConsoleErrors: Record<string, RegExp> = {
  'elements-checkout-provider--outside-provider':
    /<checkout-totals> must be placed inside <checkout-provider>/,
};

/**
 * Runs in the story's page. Self-contained and free of named inner functions:
 * it is serialised into the browser, where the transpiler's name helpers
 * (`__name`) do not exist; the helpers below are bound by destructuring,
 * which the transpiler leaves alone.
 */
function readStoryState(): StoryState {
  const preview = (
    window as unknown as { __STORYBOOK_PREVIEW__?: { currentRender?: { phase?: string } } }
  ).__STORYBOOK_PREVIEW__;
  // Every root in the page, the document first, then each shadow root after its host's root,
  // and the card frame's document (same-origin in Storybook) right after its card's.
  const roots: Array<Document | ShadowRoot> = [document];
  for (let index = 0; index < roots.length; index++) {
    for (const element of roots[index]!.querySelectorAll('*')) {
      if (!element.shadowRoot) continue;
      roots.push(element.shadowRoot);
      if (element.localName !== 'checkout-card') continue;
      const frame = element.shadowRoot
        .querySelector('slot')
        ?.assignedElements({ flatten: true })
        .find((node) => node.localName === 'iframe') as HTMLIFrameElement | undefined;
      if (frame?.contentDocument?.body) roots.push(frame.contentDocument);
    }
  }
  const [all, text, fieldName] = [
    (selector: string): Element[] => roots.flatMap((root) => [...root.querySelectorAll(selector)]),
    (element: Element | null | undefined): string | null => {
      if (!element) return null;
      // The rendered text (block boundaries become spaces), whitespace collapsed.
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a customer reads.
      const rendered = (element as HTMLElement).innerText ?? element.textContent ?? '';
      return rendered.replace(/\s+/g, ' ').trim();
    },
    (field: Element): string => field.id || field.getAttribute('name') || field.localName,
  ];
  const embedded = document.querySelector('checkout-embedded')?.shadowRoot ?? null;
  const host = document.querySelector<HTMLElement & { appearance?: { theme?: string } }>(
    'checkout-embedded, checkout-provider',
  );
  const fields = all('input, select, checkout-country-combobox').filter(
    (field) =>
      !(field.getRootNode() instanceof ShadowRoot) ||
      (field.getRootNode() as ShadowRoot).host.localName !== 'checkout-country-combobox',
  );
  // The form's base, or in custom mode the first element inside the provider: each paints itself.
  const painted =
    embedded?.querySelector('[part~="base"]') ??
    [...(host?.querySelectorAll('*') ?? [])].find((child) =>
      child.localName.startsWith('checkout-'),
    ) ??
    null;
  return {
    phase: preview?.currentRender?.phase ?? null,
    storybookError: document.body.classList.contains('sb-show-errordisplay')
      ? `${document.getElementById('error-message')?.textContent}\n${document.getElementById('error-stack')?.textContent}`
      : null,
    loading: text(embedded?.querySelector('.loading')),
    payButtons: all('checkout-pay-button').map((element) => {
      const button = element.shadowRoot?.querySelector('button');
      return `${text(button) ?? ''}${button?.disabled ? ' (disabled)' : ''}`;
    }),
    payButtonColors: all('checkout-pay-button').map((element) => {
      const button = element.shadowRoot?.querySelector('button');
      return button ? getComputedStyle(button).backgroundColor : '';
    }),
    cancelButtons: all('checkout-cancel-button').map(
      (element) => text(element.shadowRoot?.querySelector('button')) ?? '',
    ),
    cancelQuestion: text(
      all('checkout-cancel-button')[0]?.shadowRoot?.querySelector('[part="confirm"] p'),
    ),
    fields: fields.map(fieldName),
    values: Object.fromEntries(
      fields.map((field) => [fieldName(field), String((field as HTMLInputElement).value ?? '')]),
    ),
    labels: all('label').map((label) => text(label) ?? ''),
    fieldErrors: all('.field [part="error"]').map((error) => text(error) ?? ''),
    lineErrors: all('[part="line-item"] [part="error"]').map((error) => text(error) ?? ''),
    formError: text(all('checkout-messages')[0]?.shadowRoot?.querySelector('[part="error"]')),
    errorSummary: all('[part="error-summary"] li').map((item) => text(item) ?? ''),
    expiryNotice: text(all('[part="expiry-notice"]')[0]),
    dialogOpen: all('dialog[part="challenge"]').some(
      (dialog) => (dialog as HTMLDialogElement).open,
    ),
    status: text(embedded?.querySelector('[part="status"] h2')),
    statusBody: text(embedded?.querySelector('[part="status"] p')),
    statusButtons: [...(embedded?.querySelectorAll('[part="status"] button') ?? [])].map(
      (button) => text(button) ?? '',
    ),
    itemNames: all('[part="line-item"] .name').map((name) => name.textContent ?? ''),
    lineItems: all('[part="line-item"]').map((item) => text(item) ?? ''),
    quantities: all('[part="stepper"] input').map((input) => (input as HTMLInputElement).value),
    lineItemImages: all('[part="line-item"] img').length,
    lineItemImagesLoaded: all('[part="line-item"] img').filter(
      (image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth,
    ).length,
    totals: all('[part="totals"] .row').map((row) =>
      [row.querySelector('dt'), row.querySelector('dd')]
        .filter((cell) => cell !== null)
        .map((cell) => text(cell) ?? ''),
    ),
    appliedCode: text(all('[part="applied"] .code')[0]),
    shippingRates: all('[part="rate"]').map(
      (rate) => `${rate.querySelector('input')?.checked ? '* ' : ''}${text(rate) ?? ''}`,
    ),
    cardBrand: text(all('#number-brand')[0]) || null,
    cryptoAssets: all('[part="asset"]').map(
      (asset) => `${asset.querySelector('input')?.checked ? '* ' : ''}${text(asset) ?? ''}`,
    ),
    cryptoAmount: text(all('checkout-crypto')[0]?.shadowRoot?.querySelector('[part="amount"]')),
    qrCodes: all('svg[part="qr"] path').length,
    cryptoStatus: text(all('checkout-crypto')[0]?.shadowRoot?.querySelector('[part="status"]')),
    emptyElements: all('*')
      .filter(
        (element) =>
          element.localName.startsWith('checkout-') &&
          element.shadowRoot !== null &&
          element.shadowRoot.querySelector('*') === null,
      )
      .map((element) => element.localName),
    colors: painted
      ? {
          text: getComputedStyle(painted).color,
          background: getComputedStyle(painted).backgroundColor,
        }
      : null,
    host: host
      ? {
          locale: host.getAttribute('locale'),
          theme: host.appearance?.theme ?? null,
          dir: host.closest('[dir]')?.getAttribute('dir') ?? null,
        }
      : null,
  };
}

/** Retries `check` until it stops throwing, then returns; rethrows its last error at the deadline. */
async function eventually(check: () => Promise<void>, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 50));
    }
  }
}

/**
 * axe rules about the whole document rather than the component: a story is a
 * component on a bare page, and the page that embeds it owns its main
 * landmark, its level-one heading and the landmarks around the form. Every
 * other rule (WCAG A/AA and best practices) applies.
 */
const pageLevelRules = ['landmark-one-main', 'page-has-heading-one', 'region'];

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** A tiny static server for the build directory. */
function serve(directory: string): Promise<Server> {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (path === '/favicon.ico') {
      // Chromium asks for it on its own; the build has only favicon.svg.
      response.writeHead(204).end();
      return;
    }
    const file = resolve(directory, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    if (!file.startsWith(directory + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response
        .writeHead(200, {
          'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
          // Hashed names: cached, so each page does not load and compile the bundle afresh.
          ...(path.startsWith('/assets/') ? { 'Cache-Control': 'max-age=3600, immutable' } : {}),
        })
        .end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server)));
}

interface IndexEntry {
  id: string;
  type: 'story' | 'docs';
  title: string;
}

let outDir: string;
let server: Server;
let baseUrl: string;
let browser: Browser;
let entries: IndexEntry[];

before(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'checkout-kit-storybook-'));
  await promisify(execFile)(
    join(root, 'node_modules/.bin/storybook'),
    ['build', '-o', outDir, '--quiet', '--disable-telemetry'],
    {
      cwd: root,
      timeout: 180_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: '1' },
    },
  );
  const index = JSON.parse(await readFile(join(outDir, 'index.json'), 'utf8')) as {
    entries: Record<string, IndexEntry>;
  };
  entries = Object.values(index.entries);
  server = await serve(outDir);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
  });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const storyIds = () => entries.filter((entry) => entry.type === 'story').map((entry) => entry.id);

test('the build lists exactly the stories checked here', () => {
  assert.deepEqual(storyIds().sort(), Object.keys(expectations).sort());
});

/** A page that records what goes wrong in it. */
interface RecordingPage {
  page: Page;
  pageErrors: string[];
  dialogs: string[];
  /**
   * The query of the story page loaded ('' for none), `docs` for a docs page,
   * or null when neither is loaded: a next story with the same globals, or a
   * next docs page, is switched to in place.
   */
  shows: string | null;
}

async function openPage(context: BrowserContext): Promise<RecordingPage> {
  const page = await context.newPage();
  const recording: RecordingPage = { page, pageErrors: [], dialogs: [], shows: null };
  page.on('pageerror', (error) => recording.pageErrors.push(String(error)));
  // Storybook logs a failing play function with console.error and still finishes the render.
  page.on('console', (message) => {
    // The browser logs the endpoint's refusals the card frame receives (a decline's 402, an
    // outage) as failed loads; each story's expectations check what the customer sees of them.
    const url = message.location().url ?? '';
    if (
      message.text().startsWith('Failed to load resource') &&
      url.includes('/__checkout-endpoint/')
    )
      return;
    if (message.type() === 'error')
      recording.pageErrors.push(
        `console.error: ${message.text()} ${message.location().url ?? ''}`.trim(),
      );
  });
  page.on('dialog', (dialog) => {
    recording.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return recording;
}

/**
 * Story pages not in use, each in a browser context of its own: a page open
 * next to another in one context is a hidden tab that gets no animation
 * frames. A page is reused for the next story, as the Storybook UI does:
 * switching stories in place skips loading the bundle and the endpoint
 * again, and checks that no story needs a fresh page.
 */
const idlePages: RecordingPage[] = [];

async function withStoryPage<T>(use: (page: RecordingPage) => Promise<T>): Promise<T> {
  const recording = idlePages.pop() ?? (await openPage(await browser.createBrowserContext()));
  try {
    return await use(recording);
  } finally {
    recording.pageErrors.length = 0;
    recording.dialogs.length = 0;
    idlePages.push(recording);
  }
}

/**
 * Renders a story, waits until Storybook has finished it (loaders, render,
 * play), and reads it. On a page already showing a story with the same
 * globals it switches stories in place, as the sidebar does; otherwise (a
 * fresh page, other globals, args) it loads the story's URL.
 */
async function renderStory(
  recording: RecordingPage,
  id: string,
  query?: string,
): Promise<StoryState> {
  const { page } = recording;
  // Globals (the toolbar's theme and locale) outlive a switch of story; args belong to one story.
  const reusable = !query || query.startsWith('globals=');
  if (reusable && recording.shows === (query ?? '')) {
    await switchInPlace(page, id, 'story');
  } else {
    const url = `${baseUrl}/iframe.html?id=${encodeURIComponent(id)}&viewMode=story`;
    await page.goto(query ? `${url}&${query}` : url);
  }
  recording.shows = reusable ? (query ?? '') : null;
  await page.waitForFunction(
    (id) => {
      const render = (
        window as unknown as {
          __STORYBOOK_PREVIEW__?: { currentRender?: { id?: string; phase?: string } };
        }
      ).__STORYBOOK_PREVIEW__?.currentRender;
      return (
        (render?.id === id && render.phase === 'finished') ||
        document.body.classList.contains('sb-show-errordisplay')
      );
    },
    { timeout: 15_000 },
    id,
  );
  return page.evaluate(readStoryState);
}

/** Shows another story or docs page on a page that has Storybook loaded, as the sidebar does. */
function switchInPlace(page: Page, id: string, viewMode: 'story' | 'docs'): Promise<void> {
  return page.evaluate(
    (id, viewMode) => {
      const channel = (
        window as unknown as {
          __STORYBOOK_ADDONS_CHANNEL__: { emit(event: string, ...args: unknown[]): void };
        }
      ).__STORYBOOK_ADDONS_CHANNEL__;
      channel.emit('setCurrentStory', { storyId: id, viewMode });
    },
    id,
    viewMode,
  );
}

/**
 * axe's violations on the whole page, one readable entry each, once every
 * transition in it (shadow roots included) has finished: a button enabled
 * again fades back from its disabled opacity, and axe reads it mid-fade as
 * too little contrast (test/browser/helpers.ts has the same wait).
 */
async function axeViolations(page: Page): Promise<string[]> {
  // A string, so the test's compiler adds no helpers the page lacks.
  await page.evaluate(`(async () => {
    const transitions = [];
    const roots = [document];
    while (roots.length) {
      for (const element of roots.pop().querySelectorAll('*')) {
        for (const each of element.getAnimations()) if (each instanceof CSSTransition) transitions.push(each);
        if (element.shadowRoot) roots.push(element.shadowRoot);
      }
    }
    await Promise.all(transitions.map((transition) => transition.finished.catch(() => {})));
  })()`);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async (pageLevelRules) => {
    const { axe } = window as unknown as {
      axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> };
    };
    const results = await axe.run(document, {
      resultTypes: ['violations'],
      // The card frame is checked on its own (test/e2e/card-frame.test.ts); here axe would wait for it.
      iframes: false,
      rules: Object.fromEntries(pageLevelRules.map((rule) => [rule, { enabled: false }])),
    });
    return results.violations.map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help}\n${violation.nodes
          .map((node) => `  ${JSON.stringify(node.target)} ${node.failureSummary}`)
          .join('\n')}`,
    );
  }, pageLevelRules);
}

/** Renders one story and checks it: no error, its state reached, no axe violation. */
function checkStory(
  id: string,
  expectation: (state: StoryState) => void,
  query?: string,
): Promise<void> {
  assert.ok(storyIds().includes(id), `the build has no story ${id}`);
  return withStoryPage(async (recording) => {
    const { page, pageErrors, dialogs } = recording;
    let state = await renderStory(recording, id, query);
    assert.equal(state.storybookError, null, 'Storybook shows an error');
    assert.equal(state.phase, 'finished');
    await eventually(async () => {
      state = await page.evaluate(readStoryState);
      expectation(state);
    }, 5_000).catch((error: Error) => {
      // A story that never reaches its state has usually thrown on the way: say so.
      error.message += `\nthe story shows:\n${JSON.stringify(state, null, 1)}`;
      if (pageErrors.length) error.message += `\nerrors in the page:\n${pageErrors.join('\n')}`;
      throw error;
    });
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `axe violations:\n${violations.join('\n')}`);
    const expected = expectedConsoleErrors[id];
    if (expected) {
      assert.ok(
        pageErrors.some((error) => expected.test(error)),
        `the story should log an error matching ${expected}`,
      );
    }
    assert.deepEqual(
      pageErrors.filter((error) => !expected?.test(error)),
      [],
      'errors thrown in the page',
    );
    assert.deepEqual(dialogs, [], 'the page opened a dialog');
  });
}

describe('every story', { concurrency }, () => {
  for (const [id, expectation] of Object.entries(expectations)) {
    test(id, () => checkStory(id, expectation));
  }
});

for (const variant of variants) {
  describe(`with ${variant.query}`, { concurrency }, () => {
    for (const id of variant.stories) {
      test(id, () => checkStory(id, (state) => variant.check(id, state), variant.query));
    }
  });
}

// ---- docs pages from the Custom Elements Manifest -----------------------------

/** What a docs page's args table must list for an element: its manifest entry's names. */
interface DocumentedApi {
  tag: string;
  names: string[];
}

async function documentedApis(): Promise<DocumentedApi[]> {
  const { cli } = await import('@custom-elements-manifest/analyzer/cli.js');
  const manifest = await cli({
    argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'],
    cwd: root,
    noWrite: true,
  });
  const apis: DocumentedApi[] = [];
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      const element = declaration as ClassDeclaration & CustomElement;
      if (declaration.kind !== 'class' || !element.tagName) continue;
      const names = [
        ...(element.attributes ?? []),
        ...(element.events ?? []),
        ...(element.slots ?? []),
        ...(element.cssParts ?? []),
        ...(element.cssProperties ?? []),
        ...(element.members ?? []).filter((member) => member.kind === 'field'),
      ]
        .map((item) => item.name)
        .filter(Boolean);
      apis.push({ tag: element.tagName, names });
    }
  }
  return apis;
}

describe('docs pages', { concurrency }, async () => {
  const apis = await documentedApis();

  test('every public element has a docs page', () => {
    const pages = entries
      .filter((entry) => entry.type === 'docs')
      .map((entry) => entry.title.replace(/^Elements\//, ''));
    assert.deepEqual(pages.sort(), apis.map((api) => api.tag).sort());
  });

  for (const { tag, names } of apis) {
    test(`${tag}'s args table lists its manifest entry`, () =>
      withStoryPage(async (recording) => {
        const { page } = recording;
        await showDocs(recording, tag);
        const rows = await page.$$eval('.docblock-argstable tbody tr td:first-child', (cells) =>
          cells.map((cell) => cell.textContent?.trim() ?? ''),
        );
        const missing = names.filter((name) => !rows.some((row) => row.startsWith(name)));
        assert.deepEqual(missing, [], `${tag}'s docs page lacks ${missing.join(', ')}`);
      }));
  }
});

/**
 * Shows a docs page and waits for its args table. A page that already shows
 * docs switches in place, as the sidebar does, instead of loading Storybook again.
 */
async function showDocs(recording: RecordingPage, tag: string): Promise<void> {
  const { page } = recording;
  const id = `elements-${tag}--docs`;
  if (recording.shows === 'docs') {
    await switchInPlace(page, id, 'docs');
  } else {
    await page.goto(`${baseUrl}/iframe.html?id=${encodeURIComponent(id)}&viewMode=docs`);
  }
  recording.shows = 'docs';
  // The table read must be this page's, not the one shown before the switch: the title
  // and the table are drawn together.
  await page.waitForFunction(
    (id, tag) => {
      const render = (
        window as unknown as { __STORYBOOK_PREVIEW__?: { currentRender?: { id?: string } } }
      ).__STORYBOOK_PREVIEW__?.currentRender;
      return (
        render?.id === id &&
        document.querySelector('.sbdocs-title')?.textContent?.trim() === tag &&
        document.querySelector('.docblock-argstable tbody tr') !== null
      );
    },
    { timeout: 15_000 },
    id,
    tag,
  );
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}
