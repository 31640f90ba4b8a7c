import manifest from 'virtual:custom-elements-manifest';
import { type Preview, setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import { withActions } from 'storybook/actions/decorator';
import { localeOf, locales, rtlLocales, themes } from '../stories/support/checkout-story.js';
// Installs the in-page endpoint (fetch routing to the real handler) before any story renders.
import { endpointReady } from '../stories/support/in-browser-endpoint.js';

// Docs pages and args tables read each element's API from the manifest.
setCustomElementsManifest(manifest);

const preview: Preview = {
  // The card frame's requests reach the in-page endpoint through a service worker: wait for it.
  loaders: [
    async () => {
      await endpointReady();
      return {};
    },
  ],
  parameters: {
    layout: 'padded',
    // Every checkout event shows in the Actions panel.
    actions: {
      handles: [
        'checkout-ready',
        'checkout-change',
        'checkout-success',
        'checkout-cancel',
        'checkout-error',
        'checkout-expired',
      ],
    },
    controls: { sort: 'requiredFirst' },
    options: {
      storySort: {
        order: [
          'Elements',
          ['checkout-embedded', 'checkout-provider'],
          'Customer states',
          ['Payment outcomes', 'Promotion codes', 'Sessions from each merchant API'],
        ],
      },
    },
  },
  globalTypes: {
    theme: {
      description: 'appearance.theme of the checkout',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: themes.map((theme) => ({ value: theme, title: theme })),
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'locale of the checkout',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: Object.entries(locales).map(([value, title]) => ({ value, title, right: value })),
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'default', locale: 'en' },
  // The appearance variables, passed with the toolbar's theme as the elements' `appearance`.
  argTypes: {
    colorPrimary: {
      name: 'colorPrimary',
      description: '`appearance.variables.colorPrimary`: buttons, links and focus rings.',
      control: 'color',
      table: { category: 'appearance' },
    },
    fontFamily: {
      description: '`appearance.variables.fontFamily`',
      control: 'select',
      options: [
        '',
        'system-ui, sans-serif',
        'Georgia, serif',
        '"Courier New", monospace',
        '"Trebuchet MS", sans-serif',
      ],
      table: { category: 'appearance' },
    },
    borderRadius: {
      description: '`appearance.variables.borderRadius`, e.g. `0px`, `12px`.',
      control: 'text',
      table: { category: 'appearance' },
    },
    spacingUnit: {
      description: '`appearance.variables.spacingUnit`, e.g. `4px`, `12px`.',
      control: 'text',
      table: { category: 'appearance' },
    },
  },
  decorators: [
    withActions,
    // A right-to-left locale on a page written that way, as a merchant's page would be.
    (story, context) =>
      rtlLocales.includes(localeOf(context)) ? html`<div dir="rtl">${story()}</div>` : story(),
  ],
};

export default preview;
