import { z } from 'zod';
import type { SessionUpdate } from '../../api/client-types.js';
import { isCountryCode } from '../../core/countries.js';
import { ApiError } from '../errors.js';
import { checkAddress } from './address-rules.js';
import type { SessionRecord } from './session.js';

/**
 * What the customer may change on an open session through the client API,
 * checked field by field. Pure: returns the changed session (not yet
 * re-priced) or throws the 400 that names the field.
 */

const e164 = /^\+[1-9]\d{6,14}$/;
const emailSchema = z.email();

const refuse = (code: string, param: string, message: string) =>
  new ApiError(400, code, message, { param });

/** `+44 20 7183 8750` → `+442071838750`; spaces, dots, dashes and brackets are dropped. */
export function normalizePhone(phone: string): string {
  return phone.replace(/[\s().-]/g, '');
}

export function applyUpdate(session: SessionRecord, update: SessionUpdate): SessionRecord {
  const next: SessionRecord = { ...session };

  if (update.line_items) {
    const quantities = new Map<string, number>();
    update.line_items.forEach((change, index) => {
      const param = `line_items[${index}].quantity`;
      const line = session.lineItems.find((item) => item.id === change.id);
      if (!line) {
        throw refuse('line_item_unknown', param, `This session has no line item '${change.id}'.`);
      }
      const bounds = line.adjustableQuantity;
      if (!bounds?.enabled) {
        throw refuse(
          'quantity_not_adjustable',
          param,
          `The quantity of '${line.name}' cannot be changed.`,
        );
      }
      if (change.quantity < bounds.minimum || change.quantity > bounds.maximum) {
        throw refuse(
          'quantity_out_of_range',
          param,
          `The quantity must be between ${bounds.minimum} and ${bounds.maximum}.`,
        );
      }
      quantities.set(line.id, change.quantity);
    });
    next.lineItems = session.lineItems.map((item) =>
      quantities.has(item.id) ? { ...item, quantity: quantities.get(item.id)! } : item,
    );
  }

  if (update.email !== undefined) {
    const email = update.email.trim();
    if (!emailSchema.safeParse(email).success) {
      throw refuse('email_invalid', 'email', 'Enter a valid email address.');
    }
    next.enteredEmail = email;
  }

  if (update.phone !== undefined) {
    if (update.phone === null) {
      next.customerPhone = null;
    } else {
      if (!session.phoneNumberCollection.enabled) {
        throw refuse(
          'phone_not_collected',
          'phone',
          'This checkout does not ask for a phone number.',
        );
      }
      const phone = normalizePhone(update.phone);
      if (!e164.test(phone)) {
        throw refuse(
          'phone_invalid',
          'phone',
          'Enter the phone number in international format, e.g. +442071838750.',
        );
      }
      next.customerPhone = phone;
    }
  }

  if (update.billing_address !== undefined) {
    next.billingAddress =
      update.billing_address &&
      checkAddress(update.billing_address, { param: 'billing_address', requireState: true });
  }

  if (update.shipping_details !== undefined) {
    if (update.shipping_details === null) {
      next.shippingDetails = null;
    } else {
      const allowed = session.shippingAddressCollection?.allowed_countries;
      if (!allowed) {
        throw refuse(
          'shipping_not_collected',
          'shipping_details',
          'This checkout does not ship anything.',
        );
      }
      const param = 'shipping_details.address';
      const country = update.shipping_details.address.country.trim().toUpperCase();
      if (isCountryCode(country) && !allowed.includes(country)) {
        throw refuse(
          'shipping_country_not_allowed',
          `${param}.country`,
          `We do not ship to ${country}.`,
        );
      }
      const address = checkAddress(update.shipping_details.address, { param, requireState: true });
      next.shippingDetails = { name: update.shipping_details.name.trim(), address };
    }
  }

  if (update.shipping_rate !== undefined) {
    if (!session.shippingOptions.some((option) => option.id === update.shipping_rate)) {
      throw refuse(
        'shipping_rate_unknown',
        'shipping_rate',
        `This session has no shipping rate '${update.shipping_rate}'.`,
      );
    }
    next.shippingRate = update.shipping_rate;
  }
  return next;
}
