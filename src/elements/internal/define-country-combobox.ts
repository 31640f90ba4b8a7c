import { defineElement } from '../../internal/define.js';
import { CheckoutCountryCombobox } from './country-combobox.js';

defineElement('checkout-country-combobox', CheckoutCountryCombobox);

declare global {
  interface HTMLElementTagNameMap {
    'checkout-country-combobox': CheckoutCountryCombobox;
  }
}
