// One seed API's demo: ask the shop's server to send that API's example
// request, show the exchange, and pay the resulting session in the kit.
import { logEvents } from './events.js';

const seed = window.location.pathname.split('/').pop();
const checkout = document.getElementById('checkout');
logEvents(checkout);

for (const link of document.querySelectorAll('.seed-nav a')) {
  if (link.getAttribute('href') === window.location.pathname) {
    link.setAttribute('aria-current', 'page');
  }
}

checkout.fetchClientSecret = async () => {
  const response = await fetch(`/demo/seeds/${seed}/session`, { method: 'POST' });
  if (!response.ok) throw new Error('The shop could not start a checkout.');
  const exchange = await response.json();
  document.getElementById('title').textContent = exchange.title;
  document.title = `${exchange.title} · Checkout Kit demo`;
  document.getElementById('request').textContent =
    `${exchange.request.method} ${exchange.request.path}\n${JSON.stringify(exchange.request.body, null, 2)}`;
  document.getElementById('status').textContent = `HTTP ${exchange.status}`;
  document.getElementById('response').textContent = JSON.stringify(exchange.response, null, 2);
  if (!exchange.client_secret) throw new Error(`The ${seed} API refused the example request.`);
  return exchange.client_secret;
};
