import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';
import type { Plugin } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/**/*.stories.ts'],
  // Docs pages, their args tables filled from the Custom Elements Manifest (see preview.ts).
  addons: ['@storybook/addon-docs'],
  // Seed 004's product image, served with the stories so they need no network; and the
  // service worker that relays the card frame's requests to the in-page endpoint.
  staticDirs: [{ from: '../demo/public/images', to: '/images' }, './public'],
  core: {
    // Builds and runs offline: no telemetry, no release notes fetched.
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
  },
  async viteFinal(config) {
    // The root vite.config.ts is the script-tag library build. Storybook reuses
    // its TypeScript settings (Lit's legacy decorators come from tsconfig.json),
    // but must not build a library or copy the hosted page's assets.
    if (config.build) delete config.build.lib;
    config.publicDir = false;
    // Storybook's web-components renderer imports `lit/directive-helpers.js`,
    // which the dev server's dependency scan misses; served unbundled it would
    // load a second copy of lit-html next to the pre-bundled one.
    config.optimizeDeps = {
      ...config.optimizeDeps,
      include: [...(config.optimizeDeps?.include ?? []), 'lit/directive-helpers.js'],
    };
    config.plugins = [...(config.plugins ?? []), customElementsManifest()];
    return config;
  },
};

export default config;

/**
 * `virtual:custom-elements-manifest`: the manifest analysed from the source
 * when Storybook builds (and again in `storybook dev` when an element
 * changes), with the same config as `custom-elements.json`, so the docs
 * pages always describe the code they render.
 */
function customElementsManifest(): Plugin {
  const id = 'virtual:custom-elements-manifest';
  const resolved = `\0${id}`;
  return {
    name: 'checkout-kit:custom-elements-manifest',
    resolveId: (source) => (source === id ? resolved : undefined),
    async load(source) {
      if (source !== resolved) return undefined;
      const { cli } = await import('@custom-elements-manifest/analyzer/cli.js');
      const manifest = await cli({
        argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'],
        cwd: root,
        noWrite: true,
      });
      return `export default ${JSON.stringify(manifest)};`;
    },
    handleHotUpdate({ file, server }) {
      if (!file.startsWith(`${root}src/elements/`)) return;
      const module = server.moduleGraph.getModuleById(resolved);
      if (module) server.moduleGraph.invalidateModule(module);
    },
  };
}
