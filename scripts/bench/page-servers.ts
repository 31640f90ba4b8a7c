// The page bench's two servers, in a process of their own: the endpoint (a
// fresh embedded store in CHECKOUT_DATA_DIR) and the merchant's site, which
// serves each page under test and the minimal forms' scripts. Run beside the
// browser's driver, their answers would wait on its event loop, which is busy
// with DevTools' events while a page loads; a deployment's servers never do.
//
// Prints one JSON line once both listen: { endpoint, site, litFormGzip }.
// `PUT /secret` on the site sets the client secret the next pages carry.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { preferredEncoding } from '../../src/server/content-negotiation.js';
import { readConfig, startServer } from '../../src/server/node.js';
import { compressedCopies } from '../compress-assets.mjs';
import type { PageName, PageServers } from './page.js';

/** A minimal Lit form, bundled, minified and compressed as the kit's build does its files. */
async function minimalLitForm(file: string): Promise<{ code: Buffer; gzip: Buffer; br: Buffer }> {
  const result = await build({
    entryPoints: [new URL(file, import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
  });
  const code = Buffer.from(result.outputFiles[0]!.contents);
  return { code, ...(await compressedCopies(code)) };
}

const litForm = await minimalLitForm('./minimal-lit-form.ts');
const framedForm = await minimalLitForm('./minimal-framed-card-form.ts');
const endpoint = await startServer(
  readConfig({
    PORT: '0',
    CHECKOUT_LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    CHECKOUT_DATA_DIR: process.env.CHECKOUT_DATA_DIR ?? '',
  }),
);

// Each page marks `ready` on the frame after it can take the customer's input;
// the kit's card fields are in its card frame, which marks its own.
let secret = '';
const markReady = 'requestAnimationFrame(() => performance.mark("ready"));';
const html: Record<PageName, () => string> = {
  kit: () => `<!doctype html><title>kit</title>
<script type="module" src="${endpoint.url}/assets/checkout-kit.js"></script>
<checkout-embedded client-secret="${secret}"></checkout-embedded>
<script type="module">
document.querySelector('checkout-embedded').addEventListener('checkout-ready', () => { ${markReady} });
</script>`,
  lit: () => `<!doctype html><title>lit</title>
<script type="module" src="/minimal-lit-form.js"></script>
<minimal-card-form endpoint="${endpoint.url}" client-secret="${secret}"></minimal-card-form>
<script type="module">
document.querySelector('minimal-card-form').addEventListener('ready', () => { ${markReady} }, { once: true });
</script>`,
  'lit-frame': () => `<!doctype html><title>lit-frame</title>
<script type="module" src="/minimal-framed-card-form.js"></script>
<minimal-framed-card-form endpoint="${endpoint.url}" client-secret="${secret}"></minimal-framed-card-form>
<script type="module">
document.querySelector('minimal-framed-card-form').addEventListener('ready', () => { ${markReady} }, { once: true });
</script>`,
  fetch: () => `<!doctype html><title>fetch</title>
<script type="module">
const response = await fetch('${endpoint.url}/v1/client/session', { method: 'POST', body: '${secret}' });
const session = await response.json();
document.body.textContent = session.line_items.map((item) => item.name).join(', ');
${markReady}
</script>`,
};

const site = createServer((request, response) => {
  if (request.method === 'PUT' && request.url === '/secret') {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk;
    });
    request.on('end', () => {
      secret = body;
      response.writeHead(204).end();
    });
    return;
  }
  const script = { '/minimal-lit-form.js': litForm, '/minimal-framed-card-form.js': framedForm }[
    request.url ?? ''
  ];
  if (script) {
    // Compressed as the endpoint serves the kit's files: brotli if accepted, else gzip.
    const encoding = preferredEncoding(request.headers['accept-encoding'], script);
    response.writeHead(200, {
      'Content-Type': 'text/javascript',
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
    });
    response.end(encoding ? script[encoding] : script.code);
    return;
  }
  const name = request.url?.slice(1) as PageName;
  const body = html[name]?.();
  response.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end(body ?? '');
});
await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));

const servers: PageServers = {
  endpoint: endpoint.url,
  site: `http://127.0.0.1:${(site.address() as AddressInfo).port}`,
  litFormGzip: litForm.gzip.length,
};
console.log(JSON.stringify(servers));

process.once('SIGTERM', () => {
  site.close();
  void endpoint.close().then(() => process.exit(0));
});
