import { defineElement } from '../../internal/define.js';
// The form is made of the custom-mode elements; registering it registers them.
import '../checkout-provider/define.js';
import '../checkout-line-items/define.js';
import '../checkout-totals/define.js';
import '../checkout-promotion-code/define.js';
import '../checkout-email/define.js';
import '../checkout-card/define.js';
import '../checkout-address/define.js';
import '../checkout-phone/define.js';
import '../checkout-shipping-rates/define.js';
import '../checkout-crypto/define.js';
import '../checkout-pay-button/define.js';
import '../checkout-cancel-button/define.js';
import '../checkout-messages/define.js';
import { CheckoutEmbedded } from './checkout-embedded.js';

defineElement('checkout-embedded', CheckoutEmbedded);
