import { defineElement } from '../../internal/define.js';
import { CheckoutCancelButton } from './checkout-cancel-button.js';

defineElement('checkout-cancel-button', CheckoutCancelButton);
