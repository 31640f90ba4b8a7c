import { defineElement } from '../../internal/define.js';
import { CheckoutTotals } from './checkout-totals.js';

defineElement('checkout-totals', CheckoutTotals);
