// The merchant's page script: hand the element a way to get a client secret
// from our server, and show every event the kit fires.
const checkout = document.getElementById('checkout');
const log = document.getElementById('events');

checkout.fetchClientSecret = async () => {
  const response = await fetch('/demo/session', { method: 'POST' });
  if (!response.ok) throw new Error('The shop could not start a checkout.');
  return (await response.json()).client_secret;
};

for (const name of [
  'checkout-ready',
  'checkout-change',
  'checkout-success',
  'checkout-cancel',
  'checkout-error',
  'checkout-expired',
]) {
  checkout.addEventListener(name, (event) => {
    const item = document.createElement('li');
    item.dataset.event = name;
    const detail = event.detail.error
      ? `${event.detail.error.code}: ${event.detail.error.message}`
      : `session ${event.detail.session.status}`;
    item.textContent = `${name} — ${detail}`;
    log.append(item);
    // Stay on the page for a moment so the success state and the event log can be seen.
    if (name === 'checkout-success') {
      event.preventDefault();
      const url = event.detail.session.success_url;
      if (url) setTimeout(() => window.location.assign(url), 2500);
    }
  });
}
