/**
 * The script-tag build served as a CDN would: every file of the installed
 * `checkout-kit`'s dist/browser under /assets/, in the brotli or gzip copy
 * the build made beside it when the request accepts one, with an ETag (so a
 * revisit costs a 304). The lazy parts' names carry a hash of their contents
 * (parts.json lists them), so they are cached for a year as immutable; the
 * entries, the card frame's script and the lists keep their names, so they
 * get a short lifetime. Nothing outside that folder is reachable. CORS is
 * open so merchant pages on other origins can load them with `integrity`.
 */

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { Hono } from 'hono';
import { type Representation, represent } from './content-negotiation.js';

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  // integrity.json: the build's Subresource Integrity hashes.
  '.json': 'application/json',
};

/** Long enough to spare revisits a request, short enough that a deploy shows within minutes. */
export const assetCacheControl = 'public, max-age=300';

/** A file whose name changes with its contents never changes under that name. */
export const hashedAssetCacheControl = 'public, max-age=31536000, immutable';

/** The build's list of lazy parts: each part's file by name, for the module and classic entries. */
export interface PartFiles {
  module: Record<string, string>;
  classic: Record<string, string>;
}

/** parts.json of a script-tag build folder, or null when it has none. */
export function readPartFiles(root = findBrowserBuild()): PartFiles | null {
  if (!root) return null;
  try {
    return JSON.parse(readFileSync(join(root, 'parts.json'), 'utf8')) as PartFiles;
  } catch {
    return null;
  }
}

/** The card frame's script from a script-tag build folder, to inline in its document; null when absent. */
export function readFrameScript(root = findBrowserBuild()): string | null {
  if (!root) return null;
  try {
    return readFileSync(join(root, 'checkout-kit-card-frame.js'), 'utf8');
  } catch {
    return null;
  }
}

/**
 * The script-tag build: dist/browser of the `checkout-kit` package this
 * server finds (its dependency once installed; in the repository, the
 * repository itself), or null when there is none.
 */
export function findBrowserBuild(): string | null {
  try {
    const manifest = createRequire(import.meta.url).resolve('checkout-kit/package.json');
    const folder = join(dirname(manifest), 'dist/browser');
    return existsSync(join(folder, 'checkout-kit.js')) ? folder : null;
  } catch {
    return null;
  }
}

/** A file of the build: its type, and its bytes in each encoding the build made. */
interface Asset extends Representation {
  type: string;
}

export function assetsApp(root = findBrowserBuild()): Hono {
  const assets = new Hono();
  if (!root) return assets;
  // The build does not change under a running server: each file is read once.
  const cache = new Map<string, Promise<Asset | null>>();
  const parts = readPartFiles(root);
  const hashed = new Set(
    [...Object.values(parts?.module ?? {}), ...Object.values(parts?.classic ?? {})].flatMap(
      (file) => [file, `${file}.map`],
    ),
  );
  const load = async (file: string): Promise<Asset | null> => {
    const type = contentTypes[extname(file)];
    if (!type || file.startsWith('.')) return null;
    const identity = await readFile(join(root, file)).catch(() => null);
    if (!identity) return null;
    const [br, gzip] = await Promise.all(
      ['br', 'gz'].map((suffix) => readFile(join(root, `${file}.${suffix}`)).catch(() => null)),
    );
    const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
    const bytes = (buffer: Buffer) => new Uint8Array(buffer);
    return {
      type,
      etag,
      identity: bytes(identity),
      ...(br ? { br: bytes(br) } : {}),
      ...(gzip ? { gzip: bytes(gzip) } : {}),
    };
  };

  assets.get('/assets/:file{[A-Za-z0-9._-]+}', async (c) => {
    const file = c.req.param('file');
    let entry = cache.get(file);
    if (!entry) {
      entry = load(file);
      cache.set(file, entry);
    }
    const asset = await entry;
    if (!asset) {
      cache.delete(file);
      return c.notFound();
    }
    return represent(c, asset, {
      'Content-Type': asset.type,
      'Cache-Control': hashed.has(file) ? hashedAssetCacheControl : assetCacheControl,
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
  });
  return assets;
}
