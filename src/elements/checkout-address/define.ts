import { defineElement } from '../../internal/define.js';
import '../internal/define-country-combobox.js';
import { CheckoutAddress } from './checkout-address.js';

defineElement('checkout-address', CheckoutAddress);
