// The merchant's page script: hand the element a way to get a client secret
// from our server, and show every event the kit fires.
import { fetchClientSecret, logEvents } from './events.js';

const checkout = document.getElementById('checkout');
checkout.fetchClientSecret = () => fetchClientSecret('embedded');
logEvents(checkout);
