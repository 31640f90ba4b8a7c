// Imported first by the script-tag entry: the sessions the page names start
// loading before any element is defined.
import { startSessionReads } from './session-prefetch.js';

startSessionReads();
