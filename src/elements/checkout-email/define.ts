import { defineElement } from '../../internal/define.js';
import { CheckoutEmail } from './checkout-email.js';

defineElement('checkout-email', CheckoutEmail);
