import { defineElement } from '../../internal/define.js';
import { CheckoutCrypto } from './checkout-crypto.js';

defineElement('checkout-crypto', CheckoutCrypto);
