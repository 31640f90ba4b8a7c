import type { Preview } from '@storybook/web-components-vite';
// Installs the in-page endpoint (fetch routing to the real handler) before any story renders.
import '../stories/support/in-browser-endpoint.js';

const preview: Preview = {
  parameters: {
    layout: 'padded',
  },
};

export default preview;
