import type { CardFieldError } from '../core/card.js';
import { whenIdle } from '../internal/idle.js';
import { lazy } from '../internal/lazy.js';
import type { addressMessages } from './parts/address.js';
import type { challengeMessages } from './parts/challenge.js';
import type { cryptoMessages } from './parts/crypto.js';
import type { errorMessages } from './parts/errors.js';
import type { outcomeMessages } from './parts/outcome.js';
import type { phoneMessages } from './parts/phone.js';
import type { promotionCodeMessages } from './parts/promotion-code.js';
import type { quantityStepperMessages } from './parts/quantity-stepper.js';
import type { shippingRatesMessages } from './parts/shipping-rates.js';

/**
 * English strings, by key, that the script-tag entry ships; the words of parts
 * that load lazily are in ./parts/. Every locale pack (`locales/<tag>.ts`)
 * translates both. Errors from the endpoint
 * are shown by their code when a message exists for it, so the wording stays
 * the kit's own and can be translated.
 *
 * Values are templates: `{name}` placeholders, and for counts a subset of ICU
 * plural syntax, `{count, plural, one {# day} other {# days}}` (see format.ts).
 */
const entryMessages = {
  loading: 'Loading checkout…',
  testMode: 'Test mode',
  orderSummary: 'Order summary',
  quantity: 'Qty {quantity}',
  each: '{amount} each',
  subtotal: 'Subtotal',
  discount: 'Discount',
  shipping: 'Shipping',
  tax: 'Tax',
  total: 'Total',
  contact: 'Contact information',
  email: 'Email',
  cardDetails: 'Card details',
  cardNumber: 'Card number',
  expiry: 'Expiry date',
  expiryHint: 'MM / YY',
  cvc: 'Security code',
  cvcHint: '{length} digits, on the back of the card',
  cvcHintAmex: '4 digits, on the front of the card',
  cardholderName: 'Name on card',
  // Also the address form's generic label; in the entry for the card frame's postal code.
  postalCode: 'Postal code',
  billingAddress: 'Billing address',
  country: 'Country or region',
  pay: 'Pay {amount}',
  processing: 'Processing…',
  cancel: 'Cancel and return',
  cancelConfirm: 'Cancel this checkout? You have not been charged.',
  cancelKeep: 'Continue checkout',
  errorSummaryTitle: 'There is a problem',
  loadFailedTitle: 'We could not load this checkout',
  retry: 'Try again',
  saveCard: 'Save card',
  subscribe: 'Subscribe · {amount}',
  book: 'Book · {amount}',
  donate: 'Donate {amount}',
  busy: 'Your payment is already being processed.',
  card_missing: 'This checkout has no card fields.',
  session_not_open: 'This checkout is no longer open.',
  session_not_loaded: 'The checkout has not loaded yet.',
  recurring: 'Then {amount} {period}',
  every_day: 'every day',
  every_days: 'every {count} days',
  every_week: 'every week',
  every_weeks: 'every {count} weeks',
  every_month: 'every month',
  every_months: 'every {count} months',
  every_year: 'every year',
  every_years: 'every {count} years',
  discountWithCode: 'Discount ({code})',
  includesTax: 'Includes {amount} tax',
  taxCalculatedLater: 'Tax is calculated once you enter your address.',
  taxHelpLabel: 'How is tax calculated?',
  taxExplanation: '{name} at {percentage} % for {place}.',
  cvcHelpLabel: 'What is the security code?',
  cvcHelp: 'The last 3 digits printed on the back of your card, by the signature strip.',
  cvcHelpAmex: 'The 4 digits printed on the front of your card, above the card number.',
  expiresSoon: 'This checkout expires {when}. Complete your purchase before then.',
  shippingAddress: 'Shipping address',
  sameAsShipping: 'Billing address is the same as shipping',
  optional: '{label} (optional)',
  phone: 'Phone number',

  email_required: 'Enter your email address',
  email_invalid: 'Enter an email address like name@example.com',
  number_required: 'Enter your card number',
  number_incomplete: 'Your card number is incomplete',
  number_invalid: 'Your card number is invalid',
  expiry_required: "Enter your card's expiry date",
  expiry_invalid: 'Enter the expiry date as MM / YY',
  expiry_past: "Your card's expiry date is in the past",
  cvc_required: "Enter your card's security code",
  cvc_incomplete: "Your card's security code is incomplete",
  name_required: 'Enter the name on your card',
  postal_code_required: 'Enter your postal code',
  postal_code_invalid: 'Enter a valid postal code for this country',
  promotion_code_required: 'Enter a promotion code',
  promotion_code_expired: 'This promotion code has expired',
  shipping_details_required: 'Enter your shipping address',
  payment_method_not_allowed: 'This checkout cannot be paid this way',
  quote_expired: 'This amount has expired. A new one is on its way; send the new amount.',

  network_error: 'We could not reach the payment service. Check your connection and try again.',
  client_secret_invalid: 'This checkout link is not valid.',
  client_secret_unavailable: 'We could not start this checkout. Try again in a moment.',
  unexpected_response: 'The payment service sent an unexpected answer. Try again.',
  unexpected_error: 'Something went wrong. Try again.',
  error_generic: 'Something went wrong. Check your details and try again.',
} satisfies Record<string, string> & Record<CardFieldError, string>;

/** Every key: the entry's words and those of the parts that load lazily (./parts/). */
export type MessageKey =
  | keyof typeof entryMessages
  | keyof typeof addressMessages
  | keyof typeof challengeMessages
  | keyof typeof cryptoMessages
  | keyof typeof errorMessages
  | keyof typeof outcomeMessages
  | keyof typeof phoneMessages
  | keyof typeof promotionCodeMessages
  | keyof typeof quantityStepperMessages
  | keyof typeof shippingRatesMessages;

/** A complete catalogue: every key, in one language. Locale packs satisfy this. */
export type Messages = Record<MessageKey, string>;

/**
 * The English catalogue. It holds the entry's words from the start and a
 * lazily loaded part's words from the moment the part loads (`addEnglish`),
 * before the part renders any of them.
 */
export const messages = entryMessages as Messages;

/**
 * The key order of each piece of the English catalogue: the entry's words,
 * then each lazy part's as it loads. The browser build writes a locale pack
 * without those keys (build/keyless-packs.mjs): one list of words per piece,
 * in its order, under its first key; `unpack` and `addEnglish` put them back.
 */
const keyOrders: string[][] = [Object.keys(entryMessages)];
/** Packs read so far, with their lists: a part that loads later finds its words there. */
const unpacked: PackedMessages[] = [];

/**
 * A locale pack as the browser build writes it: the words that stay keyed
 * (the endpoint's errors, which a pack words without their English part),
 * then each other piece's words in its English key order, by its first key.
 */
export type PackedMessages = [Messages, Partial<Record<string, string[]>>];

function fill([pack, lists]: PackedMessages, keys: string[]): void {
  lists[keys[0]!]?.forEach((words, i) => {
    pack[keys[i] as MessageKey] = words;
  });
}

/** A locale pack's catalogue, keyed: packs from the sources already are. */
export function unpack(pack: Messages | PackedMessages): Messages {
  if (!Array.isArray(pack)) return pack;
  for (const keys of keyOrders) fill(pack, keys);
  unpacked.push(pack);
  return pack[0];
}

/** Adds the English words of a part that has just loaded, and its words in every pack read. */
export function addEnglish(words: Partial<Messages>): void {
  Object.assign(messages, words);
  const keys = Object.keys(words);
  keyOrders.push(keys);
  for (const pack of unpacked) fill(pack, keys);
}

const loadErrors = lazy(() => import('./parts/errors.js'));
/** Whether the last load settled: loaded, or failed (then errors show the endpoint's words). */
let errorsSettled = false;
let errorsLoaded = false;

/**
 * Adds the English of the endpoint's errors and declines (./parts/errors.ts),
 * which the first paint never shows. The provider starts this when the page
 * is idle and awaits it before it words an endpoint error in `words`, so an
 * error shows its own message, never a stand-in; a locale pack has every key,
 * so for one it resolves at once and fetches nothing. Resolves false when the
 * chunk cannot load (then an error shows the endpoint's own sentence); a later
 * call tries again.
 */
export function loadErrorMessages(words: Messages = messages): Promise<boolean> {
  if (errorsLoaded || words !== messages) return Promise.resolve(true);
  return loadErrors().then(
    (module) => {
      addEnglish(module.errorMessages);
      errorsLoaded = errorsSettled = true;
      return true;
    },
    () => {
      errorsSettled = true;
      return false;
    },
  );
}

let preloading = false;

/**
 * Starts `loadErrorMessages` once the page is idle if `wanted` then says the
 * checkout shows English: another language's pack words the errors itself.
 * One wait at a time per page; a checkout that did not want them leaves the
 * next one its chance. Not preloaded, they still load before an error is worded.
 */
export function preloadErrorMessages(wanted: () => boolean): void {
  if (preloading) return;
  preloading = true;
  whenIdle(() => {
    if (wanted()) void loadErrorMessages();
    else preloading = false;
  });
}

/**
 * Whether an endpoint error can be worded in `words` now: a locale pack has
 * every key; English needs its errors part here, or its last load failed
 * (then an error shows the endpoint's own sentence).
 */
export function errorMessagesReady(words: Messages = messages): boolean {
  return words !== messages || errorsSettled;
}
