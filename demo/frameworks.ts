/**
 * Serves the React and Vue demo apps, built by `npm run build:demos` into
 * demo/react/dist and demo/vue/dist, at /demo/react/ and /demo/vue/ under the
 * demo's page headers.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';

const demoDir = dirname(fileURLToPath(import.meta.url));

/** The framework apps, by the path they are served at. */
export const frameworkApps = {
  react: join(demoDir, 'react/dist'),
  vue: join(demoDir, 'vue/dist'),
};

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * Vue's runtime makes one Trusted Types policy of its own, named `vue`, for
 * the static HTML its compiler precompiled; the Vue app's page allows that one
 * name beside `lit-html` and keeps everything else of the policy.
 */
const extraPolicies: Record<string, string> = { vue: 'vue' };

export function mountFrameworkDemos(app: Hono, pageHeaders: Record<string, string>): void {
  for (const [name, root] of Object.entries(frameworkApps)) {
    const base = `/demo/${name}`;
    const policy = extraPolicies[name];
    const headers = Object.fromEntries(
      Object.entries(pageHeaders).map(([header, value]) => [
        header,
        policy && header === 'Content-Security-Policy'
          ? value.replace(/(trusted-types [^;]*)/, `$1 ${policy}`)
          : value,
      ]),
    );
    app.get(base, (c) => c.redirect(`${base}/`, 301));
    app.get(`${base}/*`, async (c) => {
      let path: string;
      try {
        path = decodeURIComponent(new URL(c.req.url).pathname.slice(base.length + 1));
      } catch {
        return c.notFound();
      }
      const file = resolve(root, path || 'index.html');
      // Only files inside the build: no `..` out of it.
      if (!file.startsWith(`${root}${sep}`) || !types[extname(file)]) return c.notFound();
      const body = await readFile(file).catch(() => null);
      if (!body) {
        return path
          ? c.notFound()
          : c.text(`The ${name} demo is not built: run npm run build:demos.`, 404);
      }
      c.header('Content-Type', types[extname(file)]!);
      for (const [header, value] of Object.entries(headers)) c.header(header, value);
      return c.body(body);
    });
  }
}
