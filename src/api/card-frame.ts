import type { CardFieldError } from '../core/card.js';
import type { Address } from './client-types.js';

/**
 * The card frame's protocol: what the merchant's page (`<checkout-card>`)
 * and the card frame (`/frames/card`, from the endpoint's origin) say to
 * each other. Shared by both sides so they cannot drift; DOM-free.
 *
 *   frame ──ready──────────────────────▶ page      window.postMessage, to the parent, no secret
 *   frame ◀─init {secret, setup} + port── page      only to the endpoint's origin
 *   frame ◀═══ commands ═══ port ═══ events ═══▶ page
 *
 * Commands never ask for card data, and no event carries any: the page
 * learns only outcomes (problems by field, the confirm's answer, which holds
 * brand and last 4).
 */

/** Marks this protocol's window messages, so anything else posted to the window is ignored. */
export const cardFrameChannel = 'checkout-kit:card-frame';

/** The frame's fields; `postal` (the billing postal code) only when the session asks for it. */
export type CardField = 'number' | 'expiry' | 'cvc' | 'name' | 'postal';

export const cardFields: readonly CardField[] = ['number', 'expiry', 'cvc', 'name', 'postal'];

/** The words the frame shows, in the checkout's locale and the merchant's wording. */
export const cardFrameTextKeys = [
  'cardDetails',
  'cardNumber',
  'expiry',
  'expiryHint',
  'cvc',
  'cvcHint',
  'cvcHintAmex',
  'cvcHelpLabel',
  'cvcHelp',
  'cvcHelpAmex',
  'cardholderName',
  'postalCode',
  'client_secret_invalid',
  'number_required',
  'number_incomplete',
  'number_invalid',
  'expiry_required',
  'expiry_invalid',
  'expiry_past',
  'cvc_required',
  'cvc_incomplete',
  'name_required',
  'postal_code_required',
  'postal_code_invalid',
] as const satisfies readonly string[];

export type CardFrameTextKey = (typeof cardFrameTextKeys)[number] & string;
export type CardFrameTexts = Record<CardFrameTextKey | CardFieldError, string>;

/** How the frame looks and speaks: the page's locale and its resolved design tokens. */
export interface CardFrameSetup {
  lang: string;
  dir: 'ltr' | 'rtl';
  /** Ask for the billing postal code with the card. */
  postalCode: boolean;
  texts: CardFrameTexts;
  /** Custom properties as `<checkout-card>` resolves them, e.g. `['--_primary', '#1f4fd1']`. */
  style: Array<[name: string, value: string]>;
}

/** Who pays: what the provider gathered outside the frame, sent with the confirm. */
export interface PayerDetails {
  email: string;
  address?: Address;
}

/** A problem the frame found in one of its fields, worded as shown by the field. */
export interface CardProblem {
  field: CardField;
  message: string;
}

/** frame → parent, by `window.postMessage`: the frame's script runs and waits for `init`. */
export interface FrameReady {
  channel: typeof cardFrameChannel;
  type: 'ready';
}

/** parent → frame, to the endpoint's origin only, with the port every later message uses. */
export interface FrameInit {
  channel: typeof cardFrameChannel;
  type: 'init';
  clientSecret: string;
  setup: CardFrameSetup;
}

/** page → frame, over the port. */
export type FrameCommand =
  | { type: 'setup'; setup: CardFrameSetup }
  | { type: 'validate'; id: number }
  | { type: 'focus'; field: CardField }
  | { type: 'show-error'; field: CardField; message: string }
  | { type: 'confirm'; id: number; payer: PayerDetails };

/** frame → page, over the port. */
export type FrameEvent =
  /** The client secret names a session: the frame can pay. */
  | { type: 'bound' }
  /** The frame will not pay: the secret names no session, or the endpoint cannot be reached. */
  | { type: 'refused'; code: string; message: string }
  | { type: 'resize'; height: number }
  /** Enter in a field: the customer asks to pay. */
  | { type: 'submit' }
  | { type: 'validated'; id: number; problems: CardProblem[] }
  /** The card is not complete: nothing was sent. */
  | { type: 'invalid'; id: number; problems: CardProblem[] }
  /** The endpoint's answer to the confirm; status 0 when it could not be reached. */
  | { type: 'confirmed'; id: number; status: number; body: unknown }
  /** A command the frame could not read; it changed nothing. */
  | { type: 'rejected'; message: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isString = (value: unknown): value is string => typeof value === 'string';

const isField = (value: unknown): value is CardField =>
  (cardFields as readonly unknown[]).includes(value);

const isId = (value: unknown): value is number => Number.isSafeInteger(value);

/** A setup exactly as the page sends it: every text a string, every style pair two strings. */
export function isSetup(value: unknown): value is CardFrameSetup {
  return (
    isObject(value) &&
    isString(value.lang) &&
    (value.dir === 'ltr' || value.dir === 'rtl') &&
    typeof value.postalCode === 'boolean' &&
    isObject(value.texts) &&
    cardFrameTextKeys.every((key) => isString((value.texts as Record<string, unknown>)[key])) &&
    Array.isArray(value.style) &&
    value.style.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every(isString))
  );
}

function isPayer(value: unknown): value is PayerDetails {
  if (!isObject(value) || !isString(value.email)) return false;
  const address = value.address;
  return (
    address === undefined ||
    (isObject(address) && isString(address.country) && Object.values(address).every(isString))
  );
}

/** The init message, or null for anything else. */
export function readInit(data: unknown): FrameInit | null {
  return isObject(data) &&
    data.channel === cardFrameChannel &&
    data.type === 'init' &&
    isString(data.clientSecret) &&
    data.clientSecret.length > 0 &&
    isSetup(data.setup)
    ? (data as unknown as FrameInit)
    : null;
}

/** A command the frame accepts, or null: unknown types and malformed fields are refused. */
export function readCommand(data: unknown): FrameCommand | null {
  if (!isObject(data)) return null;
  switch (data.type) {
    case 'setup':
      return isSetup(data.setup) ? (data as FrameCommand) : null;
    case 'validate':
      return isId(data.id) ? (data as FrameCommand) : null;
    case 'focus':
      return isField(data.field) ? (data as FrameCommand) : null;
    case 'show-error':
      return isField(data.field) && isString(data.message) ? (data as FrameCommand) : null;
    case 'confirm':
      return isId(data.id) && isPayer(data.payer) ? (data as FrameCommand) : null;
    default:
      return null;
  }
}
