// A service worker for the stories' in-page endpoint (stories/support/in-browser-endpoint.ts).
//
// The endpoint runs in the story's page, which reaches it through a wrapped
// `fetch`. The card frame is a document of its own: its navigation and its
// requests (the confirm) cannot be wrapped, so they arrive here, and this
// worker relays each to the page that owns the endpoint, named in the path
// (`…/__checkout-endpoint/<page id>/…`). That page answers with the real
// handler. The worker keeps no state, so it may stop and start at any time.

const prefix = /\/__checkout-endpoint\/([\w-]+)\//;
/** A page that never answers (it closed) turns into a 503 after this long. */
const answerMs = 30_000;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const owner = prefix.exec(new URL(event.request.url).pathname)?.[1];
  if (owner) event.respondWith(relay(owner, event.request));
});

async function relay(owner, request) {
  const message = {
    type: 'checkout-endpoint-request',
    owner,
    url: request.url,
    method: request.method,
    headers: [...request.headers],
    body: ['GET', 'HEAD'].includes(request.method) ? null : await request.arrayBuffer(),
  };
  const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  // Every page hears it; only the owner answers.
  const answer = await Promise.race([
    ...pages.map(
      (page) =>
        new Promise((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = (reply) => resolve(reply.data);
          page.postMessage(message, [channel.port2]);
        }),
    ),
    new Promise((resolve) => setTimeout(() => resolve({ status: 503 }), answerMs)),
  ]);
  if (answer.offline) return Response.error();
  return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
}
