import { addressMessages } from '../../src/i18n/parts/address.js';
import { challengeMessages } from '../../src/i18n/parts/challenge.js';
import { cryptoMessages } from '../../src/i18n/parts/crypto.js';
import { errorMessages } from '../../src/i18n/parts/errors.js';
import { outcomeMessages } from '../../src/i18n/parts/outcome.js';
import { phoneMessages } from '../../src/i18n/parts/phone.js';
import { promotionCodeMessages } from '../../src/i18n/parts/promotion-code.js';
import { quantityStepperMessages } from '../../src/i18n/parts/quantity-stepper.js';
import { shippingRatesMessages } from '../../src/i18n/parts/shipping-rates.js';

/** The English of every lazy part (src/i18n/parts/), as each part adds it when it loads. */
export const partWords = [
  addressMessages,
  challengeMessages,
  cryptoMessages,
  errorMessages,
  outcomeMessages,
  phoneMessages,
  promotionCodeMessages,
  quantityStepperMessages,
  shippingRatesMessages,
];
