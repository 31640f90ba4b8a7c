import { defineElement } from '../../internal/define.js';
import { CheckoutPromotionCode } from './checkout-promotion-code.js';

defineElement('checkout-promotion-code', CheckoutPromotionCode);
