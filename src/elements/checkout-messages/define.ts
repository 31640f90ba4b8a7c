import { defineElement } from '../../internal/define.js';
import { CheckoutMessages } from './checkout-messages.js';

defineElement('checkout-messages', CheckoutMessages);
