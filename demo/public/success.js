// The session id comes back in the success URL, as the merchant asked for it.
document.getElementById('session-id').textContent =
  new URLSearchParams(window.location.search).get('session_id') ?? '';
