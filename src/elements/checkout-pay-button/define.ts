import { defineElement } from '../../internal/define.js';
import { CheckoutPayButton } from './checkout-pay-button.js';

defineElement('checkout-pay-button', CheckoutPayButton);
