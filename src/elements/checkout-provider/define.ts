import { defineElement } from '../../internal/define.js';
import { CheckoutProvider } from './checkout-provider.js';

defineElement('checkout-provider', CheckoutProvider);
