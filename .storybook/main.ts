import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/**/*.stories.ts'],
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
    return config;
  },
};

export default config;
