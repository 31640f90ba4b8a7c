import { defineElement } from '../../internal/define.js';
import { CheckoutEmbedded } from './checkout-embedded.js';

defineElement('checkout-embedded', CheckoutEmbedded);
