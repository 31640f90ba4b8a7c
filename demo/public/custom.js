// Custom mode: the shop lays out the kit's elements itself around one provider.
import { fetchClientSecret, logEvents } from './events.js';

const provider = document.getElementById('checkout');
provider.fetchClientSecret = () => fetchClientSecret('custom');
logEvents(provider);

// The outcome is the shop's to show in custom mode.
const outcome = document.getElementById('outcome');
const show = (text) => {
  outcome.hidden = false;
  outcome.querySelector('h2').textContent = text;
  document.getElementById('details').hidden = true;
};
provider.addEventListener('checkout-success', () => show('Payment successful'));
provider.addEventListener('checkout-cancel', () => show('Checkout canceled'));
provider.addEventListener('checkout-expired', () => show('This checkout has expired'));
