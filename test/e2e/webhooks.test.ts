/**
 * Webhooks through the real Node server: an event owed while the receiver is
 * down survives a restart on the same data directory and is delivered once the
 * receiver is back; the demo shop's receiver verifies and shows a paid
 * session's event, on a page that runs under the demo's strict CSP.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Hono } from 'hono';
import type { Browser } from 'puppeteer-core';
import { startDemo } from '../../demo/server.js';
import { demoWebhookPath, mountWebhookReceiver } from '../../demo/webhooks.js';
import { type RunningServer, readConfig, startServer } from '../../src/server/node.js';
import { signWebhook, verifyWebhook } from '../../src/server/webhooks/signature.js';
import {
  basicAuth,
  confirmWithFetch,
  eventually,
  launchChromium,
  merchantApi,
  mugCart,
} from '../support/e2e.js';
import { seededDataDir } from '../support/pglite.js';

const webhookSecret = 'whsec_e2e_0123456789abcdef';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A merchant's receiver on 127.0.0.1 that acknowledges everything. */
function listenReceiver(port: number, deliveries: Delivery[]): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200).end();
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

function closeReceiver(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((done) => server.close(() => done()));
}

interface EventView {
  id: string;
  type: string;
  data: { object: { id: string; metadata: Record<string, unknown> } };
  delivery: { status: string; attempts: number; last_error: string | null };
}

async function webhookEvents(server: RunningServer, secretKey: string): Promise<EventView[]> {
  const response = await fetch(`${server.url}/v1/webhook_events?limit=100`, {
    headers: { Authorization: basicAuth(secretKey) },
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { data: EventView[] }).data;
}

describe('a real server owes an event across a restart', () => {
  let dataDir: Awaited<ReturnType<typeof seededDataDir>>;
  let server: RunningServer | undefined;
  let receiver: Server | undefined;
  let receiverPort = 0;
  let config: ReturnType<typeof readConfig>;
  let sessionId = '';
  const deliveries: Delivery[] = [];

  before(async () => {
    dataDir = await seededDataDir();
    // Take a free port, then free it: the receiver is down until the second server starts.
    const probe = await listenReceiver(0, []);
    receiverPort = (probe.address() as AddressInfo).port;
    await closeReceiver(probe);
    config = {
      ...readConfig({
        PORT: '0',
        CHECKOUT_LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        CHECKOUT_DATA_DIR: dataDir.path,
        CHECKOUT_WEBHOOK_URL: `http://127.0.0.1:${receiverPort}/hooks`,
        CHECKOUT_WEBHOOK_SECRET: webhookSecret,
      }),
      // Fast retries so the test is short; the schedule's shape is tested with a clock.
      webhookWorker: { pollIntervalMs: 50, backoffBaseMs: 100, backoffCapMs: 400 },
    };
  });

  after(async () => {
    await server?.close();
    if (receiver) await closeReceiver(receiver);
    await dataDir?.remove();
  });

  test('a session completes while the receiver is down; the failure is recorded', async () => {
    server = await startServer(config);
    assert.ok(server.webhookWorker, 'the server runs a webhook worker');
    const api = merchantApi(server.url, config.secretKey);
    const { session } = await api.createSession(
      mugCart('embedded', { metadata: { order_id: 'restart-1' } }),
    );
    sessionId = session.id;
    const paid = await confirmWithFetch(server.url, session.client_secret!);
    assert.equal(paid.status, 200, JSON.stringify(paid.body));

    const running = server;
    const failing = await eventually(
      async () =>
        (await webhookEvents(running, config.secretKey)).find(
          (event) => event.data.object.id === sessionId && event.delivery.attempts >= 1,
        ),
      'the worker never tried to deliver',
    );
    assert.equal(failing.type, 'checkout.session.completed');
    assert.equal(failing.delivery.status, 'retrying');
    assert.match(failing.delivery.last_error ?? '', /ECONNREFUSED/);

    await server.close();
    server = undefined;
  });

  test('started again with the receiver up, the server delivers what it owed', async () => {
    assert.ok(sessionId, 'the first server completed a session');
    receiver = await listenReceiver(receiverPort, deliveries);
    server = await startServer(config);

    await eventually(() => deliveries.length > 0, 'nothing was delivered after the restart');
    const [delivery] = deliveries;
    const event = await verifyWebhook(
      delivery!.body,
      delivery!.headers['checkout-signature'] as string,
      webhookSecret,
    );
    assert.equal(event.type, 'checkout.session.completed');
    assert.equal(event.data.object.id, sessionId);
    assert.deepEqual(event.data.object.metadata, { order_id: 'restart-1' });
    assert.equal(delivery!.headers['checkout-event-id'], event.id);

    const running = server;
    const delivered = await eventually(
      async () =>
        (await webhookEvents(running, config.secretKey)).find(
          (view) => view.id === event.id && view.delivery.status === 'delivered',
        ),
      'the outbox never recorded the delivery',
    );
    assert.ok(delivered.delivery.attempts >= 2, JSON.stringify(delivered.delivery));
    assert.equal(delivered.delivery.last_error, null);
    assert.equal(deliveries.length, 1, 'an acknowledged event is not sent again');
  });
});

describe("the demo shop's webhook receiver", () => {
  let dataDir: Awaited<ReturnType<typeof seededDataDir>>;
  let server: RunningServer;
  let browser: Browser | undefined;
  let secretKey = '';

  before(async () => {
    dataDir = await seededDataDir();
    const config = {
      ...readConfig({
        PORT: '0',
        CHECKOUT_LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        CHECKOUT_DATA_DIR: dataDir.path,
      }),
      webhookWorker: { pollIntervalMs: 100 },
    };
    secretKey = config.secretKey;
    server = await startDemo(config);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await dataDir?.remove();
  });

  test('delivers to itself and shows a paid session’s event, on a page under the CSP', async () => {
    assert.match(
      server.webhookWorker?.settings.url ?? '',
      /^http:\/\/127\.0\.0\.1:\d+\/demo\/webhooks$/,
    );
    const api = merchantApi(server.url, secretKey);
    const { session } = await api.createSession(
      mugCart('embedded', { metadata: { order_id: 'demo-42' } }),
    );
    const paid = await confirmWithFetch(server.url, session.client_secret!);
    assert.equal(paid.status, 200, JSON.stringify(paid.body));

    const received = await eventually(async () => {
      const response = await fetch(`${server.url}${demoWebhookPath}`);
      const { data } = (await response.json()) as {
        data: { id: string; type: string; session_id: string; metadata: unknown }[];
      };
      return data.find((event) => event.session_id === session.id);
    }, 'the demo receiver never showed the event');
    assert.equal(received.type, 'checkout.session.completed');
    assert.deepEqual(received.metadata, { order_id: 'demo-42' });

    browser = await launchChromium();
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    const response = await page.goto(`${server.url}/demo/webhooks.html`);
    assert.match(response?.headers()['content-security-policy'] ?? '', /require-trusted-types-for/);
    const row = await page.waitForSelector(`tr[data-session-id="${session.id}"]`, {
      timeout: 10_000,
    });
    const text = await row!.evaluate((element) => element.textContent ?? '');
    assert.match(text, /checkout\.session\.completed/);
    assert.match(text, /demo-42/);
    assert.ok(text.includes(received.id));
    assert.deepEqual(problems, []);
  });

  test('refuses a delivery it cannot verify', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}${demoWebhookPath}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ id: 'evt_forged', type: 'checkout.session.completed' }),
      });
    const unsigned = await post({});
    assert.equal(unsigned.status, 400);
    assert.equal(
      ((await unsigned.json()) as { error: { code: string } }).error.code,
      'missing_header',
    );
    const forged = await post({
      'Checkout-Signature': await signWebhook(
        '{}',
        'whsec_not_the_demo_secret',
        Math.floor(Date.now() / 1000),
      ),
    });
    assert.equal(forged.status, 400);
    assert.equal(
      ((await forged.json()) as { error: { code: string } }).error.code,
      'bad_signature',
    );
  });

  test('keeps one copy of an event delivered twice', async () => {
    const app = new Hono();
    mountWebhookReceiver(app, webhookSecret);
    const body = JSON.stringify({
      id: 'evt_twice',
      object: 'event',
      type: 'checkout.session.canceled',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: 'cs_test_twice', status: 'canceled', metadata: { a: '1' } } },
    });
    const deliver = async () =>
      app.request(demoWebhookPath, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Checkout-Signature': await signWebhook(
            body,
            webhookSecret,
            Math.floor(Date.now() / 1000),
          ),
        },
        body,
      });
    assert.equal((await deliver()).status, 200);
    const again = await deliver();
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { received: true, duplicate: true });
    const list = (await (await app.request(demoWebhookPath)).json()) as { data: { id: string }[] };
    assert.deepEqual(
      list.data.map((event) => event.id),
      ['evt_twice'],
    );
  });
});
