/** Registers every Checkout Kit element. The script-tag build is this module. */
import './elements/checkout-embedded/define.js';

export * from './index.js';
