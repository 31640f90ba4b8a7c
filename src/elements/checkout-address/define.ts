import { defineElement } from '../../internal/define.js';
import { CheckoutAddress } from './checkout-address.js';

defineElement('checkout-address', CheckoutAddress);
