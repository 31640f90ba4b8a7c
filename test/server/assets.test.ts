/**
 * /assets/*: the script-tag build as a CDN serves it. The brotli or gzip copy
 * the build made, chosen by Accept-Encoding; the same bytes once decoded; an
 * ETag answered with 304; nothing outside the folder.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { assetsApp, findBrowserBuild } from '../../src/server/assets.js';
import { acceptedEncodings } from '../../src/server/content-negotiation.js';

describe('/assets/*', () => {
  let root = '';
  const script = Buffer.from(`export const answer = ${'42 + '.repeat(200)}0;\n`);
  const modulePart = 'checkout-kit-address-form.Ab12Cd34.js';
  const classicPart = 'checkout-kit-address-form.classic.Ef56Gh78.js';
  let app: ReturnType<typeof assetsApp>;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'checkout-kit-assets-'));
    await writeFile(join(root, 'checkout-kit.js'), script);
    await writeFile(join(root, 'checkout-kit.js.br'), brotliCompressSync(script));
    await writeFile(join(root, 'checkout-kit.js.gz'), gzipSync(script));
    await writeFile(join(root, 'plain.css'), 'p { color: red }');
    await writeFile(join(root, 'secret.txt'), 'not an asset');
    for (const file of [modulePart, `${modulePart}.map`, classicPart]) {
      await writeFile(join(root, file), script);
    }
    await writeFile(join(root, 'checkout-kit-unlisted.Zz99Yy88.js'), script);
    await writeFile(
      join(root, 'parts.json'),
      JSON.stringify({
        module: { 'address-form': modulePart },
        classic: { 'address-form': classicPart },
      }),
    );
    app = assetsApp(root);
  });

  after(() => rm(root, { recursive: true, force: true }));

  const get = (file: string, headers: Record<string, string> = {}) =>
    app.request(`/assets/${file}`, { headers });

  test('brotli when accepted, gzip when only that is, the file itself otherwise', async () => {
    const br = await get('checkout-kit.js', { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.deepEqual(brotliDecompressSync(Buffer.from(await br.arrayBuffer())), script);

    const gzip = await get('checkout-kit.js', { 'Accept-Encoding': 'gzip;q=1, br;q=0' });
    assert.equal(gzip.headers.get('content-encoding'), 'gzip');
    assert.deepEqual(gunzipSync(Buffer.from(await gzip.arrayBuffer())), script);

    const plain = await get('checkout-kit.js');
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.deepEqual(Buffer.from(await plain.arrayBuffer()), script);

    // No compressed copy: the file itself, whatever is accepted.
    const css = await get('plain.css', { 'Accept-Encoding': 'br, gzip' });
    assert.equal(css.headers.get('content-encoding'), null);
    assert.equal(await css.text(), 'p { color: red }');
    assert.match(css.headers.get('content-type')!, /^text\/css/);
  });

  test('caches share by encoding, revalidate by ETag, and other origins may load it', async () => {
    const first = await get('checkout-kit.js', { 'Accept-Encoding': 'br' });
    assert.equal(first.headers.get('vary'), 'Accept-Encoding');
    assert.equal(first.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(first.headers.get('access-control-allow-origin'), '*');
    assert.match(first.headers.get('content-type')!, /^text\/javascript/);
    const etag = first.headers.get('etag')!;
    assert.match(etag, /^"[\w-]+"$/);
    const again = await get('checkout-kit.js', { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    const changed = await get('checkout-kit.js', { 'If-None-Match': '"something-else"' });
    assert.equal(changed.status, 200);
  });

  test('the parts parts.json lists, named by their contents, are immutable; the rest is short-lived', async () => {
    for (const file of [modulePart, `${modulePart}.map`, classicPart]) {
      const response = await get(file);
      assert.equal(response.status, 200, file);
      assert.equal(
        response.headers.get('cache-control'),
        'public, max-age=31536000, immutable',
        file,
      );
    }
    // Entries keep their names; a file the build does not list is not taken for a part.
    for (const file of ['checkout-kit.js', 'parts.json', 'checkout-kit-unlisted.Zz99Yy88.js']) {
      assert.equal((await get(file)).headers.get('cache-control'), 'public, max-age=300', file);
    }
  });

  test('only the build folder’s scripts, styles and JSON are reachable', async () => {
    for (const file of ['secret.txt', 'missing.js', '..%2Fpackage.json', '.hidden.js']) {
      assert.equal((await get(file)).status, 404, file);
    }
    assert.equal((await app.request('/assets/../package.json')).status, 404);
  });

  test('Accept-Encoding is read with its weights', () => {
    assert.deepEqual([...acceptedEncodings('gzip, br;q=0.5, zstd;q=0')], ['gzip', 'br']);
    assert.deepEqual([...acceptedEncodings(undefined)], []);
    assert.deepEqual([...acceptedEncodings(' BR ;q=1 ')], ['br']);
  });

  test('the real build ships a brotli and a gzip copy of its entry, served decoded to the same bytes', async () => {
    const build = findBrowserBuild();
    assert.ok(build, 'run `npm run build:browser` first');
    const entry = await readFile(join(build, 'checkout-kit.js'));
    for (const copy of ['checkout-kit.js.br', 'checkout-kit.js.gz', 'checkout-kit.classic.js.br']) {
      assert.ok(existsSync(join(build, copy)), copy);
    }
    const served = await assetsApp(build).request('/assets/checkout-kit.js', {
      headers: { 'Accept-Encoding': 'br' },
    });
    const body = Buffer.from(await served.arrayBuffer());
    assert.deepEqual(brotliDecompressSync(body), entry);
    assert.ok(body.length < entry.length / 3, `${body.length} of ${entry.length} bytes`);
  });
});
