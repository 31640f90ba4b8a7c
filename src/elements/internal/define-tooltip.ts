import { defineElement } from '../../internal/define.js';
import { CheckoutTooltip } from './tooltip.js';

defineElement('checkout-tooltip', CheckoutTooltip);

declare global {
  interface HTMLElementTagNameMap {
    'checkout-tooltip': CheckoutTooltip;
  }
}
