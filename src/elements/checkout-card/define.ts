import { defineElement } from '../../internal/define.js';
import '../internal/define-tooltip.js';
import { CheckoutCard } from './checkout-card.js';

defineElement('checkout-card', CheckoutCard);
