// Imported first by the script-tag entry: the sessions the page names start
// loading before any element is defined, and so do the card frames of the
// embedded forms it holds (their documents need no session).
import { warmMoneyFormats } from '../core/money.js';
import { startEmbeddedCardFrames } from './card-frame-channel.js';
import { startSessionReads } from './session-prefetch.js';

// The page's first Intl formatter starts ICU (over 10 ms here, four times that on a slow
// phone): made while the session read is on the network, the first render does not pay for it.
if (startSessionReads() > 0) setTimeout(warmMoneyFormats);
startEmbeddedCardFrames();
