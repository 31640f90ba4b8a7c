// Imported first by the script-tag entry: the sessions the page names start
// loading before any element is defined, and so do the card frames of the
// embedded forms it holds (their documents need no session).
import { startEmbeddedCardFrames } from './card-frame-channel.js';
import { startSessionReads } from './session-prefetch.js';

startSessionReads();
startEmbeddedCardFrames();
