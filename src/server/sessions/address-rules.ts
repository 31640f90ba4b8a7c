import type { Address } from '../../api/client-types.js';
import {
  addressFormat,
  normalizePostalCode,
  resolveState,
  validatePostalCode,
} from '../../core/address-formats.js';
import { isCountryCode } from '../../core/countries.js';
import { ApiError } from '../errors.js';

/**
 * What the endpoint checks in an address the customer entered: the country is
 * ISO 3166-1 alpha-2, postal codes follow their country's format where we
 * know it, and countries whose addresses need a state name a real one. The
 * rules are the address element's own (`core/address-formats.ts`), so the
 * form and the endpoint cannot disagree.
 */

export interface AddressCheckOptions {
  /** The request field the address sits at, e.g. `billing_address`. */
  param: string;
  /** False accepts a missing state (the confirm body of the complete form has none). */
  requireState?: boolean;
}

const invalid = (code: string, param: string, message: string) =>
  new ApiError(400, code, message, { param });

/**
 * Checks `address` and returns it trimmed, with the country and state in
 * upper case and empty fields dropped; throws the 400 that says what is wrong.
 */
export function checkAddress(address: Address, options: AddressCheckOptions): Address {
  const { param } = options;
  const country = address.country.trim().toUpperCase();
  if (!isCountryCode(country)) {
    throw new ApiError(
      400,
      'country_invalid',
      `${param}.country must be an ISO 3166-1 alpha-2 code such as GB.`,
      { param: `${param}.country`, rule: 'iso_3166_1' },
    );
  }
  const clean: Address = { country };
  for (const field of ['line1', 'line2', 'city', 'state', 'postal_code'] as const) {
    const value = address[field]?.trim();
    if (value) clean[field] = value;
  }
  if (
    clean.postal_code !== undefined &&
    validatePostalCode(country, clean.postal_code) === 'postal_code_invalid'
  ) {
    throw invalid(
      'postal_code_invalid',
      `${param}.postal_code`,
      `'${clean.postal_code}' is not a valid postal code for ${country}.`,
    );
  }
  if (clean.postal_code !== undefined) {
    clean.postal_code = normalizePostalCode(country, clean.postal_code);
  }
  const stateRule = addressFormat(country).state;
  if (stateRule?.required) {
    const state = clean.state === undefined ? null : resolveState(country, clean.state);
    if (clean.state === undefined ? options.requireState !== false : !state) {
      throw invalid(
        'state_invalid',
        `${param}.state`,
        clean.state === undefined
          ? `Addresses in ${country} need a state, province or prefecture.`
          : `'${clean.state}' is not a state, province or prefecture of ${country}.`,
      );
    }
    if (state) clean.state = state;
  }
  return clean;
}
