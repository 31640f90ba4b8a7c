import { defineElement } from '../../internal/define.js';
import { CheckoutShippingRates } from './checkout-shipping-rates.js';

defineElement('checkout-shipping-rates', CheckoutShippingRates);
