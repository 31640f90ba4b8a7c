/** Registers every Checkout Kit element. The script-tag build is this module. */
// First: the session reads the page's markup names start before anything else runs.
import './client/start-session-reads.js';
// The provider first, so elements upgraded after it find it at once.
import './elements/checkout-provider/define.js';
import './elements/checkout-line-items/define.js';
import './elements/checkout-totals/define.js';
import './elements/checkout-promotion-code/define.js';
import './elements/checkout-email/define.js';
import './elements/checkout-card/define.js';
import './elements/checkout-address/define.js';
import './elements/checkout-phone/define.js';
import './elements/checkout-shipping-rates/define.js';
import './elements/checkout-crypto/define.js';
import './elements/checkout-pay-button/define.js';
import './elements/checkout-cancel-button/define.js';
import './elements/checkout-messages/define.js';
import './elements/checkout-embedded/define.js';

export * from './index.js';
