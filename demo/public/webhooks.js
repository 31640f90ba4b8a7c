// Lists the events the shop's server has received and verified, polling its
// receiver. Everything is written as text: event data is never markup.
const table = document.getElementById('events-table');
const body = document.getElementById('webhook-events');
const status = document.getElementById('status');
let shown = '';

function cell(row, text, tag = 'td') {
  const element = document.createElement(tag);
  element.textContent = text;
  row.append(element);
  return element;
}

function render(events) {
  // Rebuild only on change, so screen readers and text selection are left alone.
  const key = events.map((event) => event.id).join(',');
  if (key === shown) return;
  shown = key;
  body.replaceChildren(
    ...events.map((event) => {
      const row = document.createElement('tr');
      row.dataset.eventId = event.id;
      row.dataset.sessionId = event.session_id ?? '';
      cell(row, new Date(event.created * 1000).toLocaleTimeString());
      cell(row, event.type, 'th').scope = 'row';
      const session = cell(row, '');
      const code = document.createElement('code');
      code.textContent = event.session_id ?? '—';
      session.append(code, event.session_status ? ` (${event.session_status})` : '');
      cell(row, Object.keys(event.metadata).length ? JSON.stringify(event.metadata) : '—');
      cell(row, event.id);
      return row;
    }),
  );
  table.hidden = events.length === 0;
  status.textContent =
    events.length === 0
      ? 'Waiting for events…'
      : `${events.length} event${events.length === 1 ? '' : 's'} received.`;
}

async function refresh() {
  try {
    const response = await fetch('/demo/webhooks', { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    render((await response.json()).data);
  } catch (error) {
    status.textContent = `Could not load the events (${error.message}); retrying.`;
    shown = '';
  }
}

await refresh();
setInterval(refresh, 1500);
