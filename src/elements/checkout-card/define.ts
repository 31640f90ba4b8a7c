import { defineElement } from '../../internal/define.js';
import { CheckoutCard } from './checkout-card.js';

defineElement('checkout-card', CheckoutCard);
