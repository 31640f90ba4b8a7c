import { defineElement } from '../../internal/define.js';
import { CheckoutLineItems } from './checkout-line-items.js';

defineElement('checkout-line-items', CheckoutLineItems);
