// Shows every event the kit fires in the page's event log, and holds the
// success redirect for a moment so the outcome can be seen.
export function logEvents(target) {
  const log = document.getElementById('events');
  for (const name of [
    'checkout-ready',
    'checkout-change',
    'checkout-success',
    'checkout-cancel',
    'checkout-error',
    'checkout-expired',
  ]) {
    target.addEventListener(name, (event) => {
      const item = document.createElement('li');
      item.dataset.event = name;
      const detail = event.detail.error
        ? `${event.detail.error.code}: ${event.detail.error.message}`
        : `session ${event.detail.session.status}`;
      item.textContent = `${name} — ${detail}`;
      log.append(item);
      if (name === 'checkout-success') {
        event.preventDefault();
        const url = event.detail.session.success_url;
        if (url) setTimeout(() => window.location.assign(url), 2500);
      }
    });
  }
}

/** Asks the shop's server for a session and returns its client secret. */
export async function fetchClientSecret(ui = 'embedded') {
  const response = await fetch(`/demo/session?ui=${ui}`, { method: 'POST' });
  if (!response.ok) throw new Error('The shop could not start a checkout.');
  return (await response.json()).client_secret;
}
