import { defineElement } from '../../internal/define.js';
import { CheckoutPhone } from './checkout-phone.js';

defineElement('checkout-phone', CheckoutPhone);
