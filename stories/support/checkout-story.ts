import type { ArgTypes, StoryContext } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { Appearance, AppearanceTheme, CheckoutProvider } from '../../src/index.js';
import {
  createStorySession,
  deep,
  deepOrThrow,
  type EndpointFaults,
  failRequests,
  fill,
  type StorySession,
  type StorySessionOptions,
  storyEndpoint,
} from './in-browser-endpoint.js';

/**
 * What every story shares: rendering `<checkout-embedded>` or a
 * `<checkout-provider>` with the toolbar's theme and locale and the
 * appearance controls, loaders that create the story's session on the
 * in-page endpoint, and play-function steps that act as a customer would.
 *
 * Play functions wait for states by structure (parts, ids, roles), not by
 * English text, so every story also plays in the other locales; the test
 * suite (`test/e2e/storybook.test.ts`) checks the words.
 */

// ---- controls ---------------------------------------------------------------

export const themes: readonly AppearanceTheme[] = ['default', 'night', 'flat'];

/** The locales the kit speaks; the toolbar offers each. */
export const locales = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  es: 'Español',
  it: 'Italiano',
  nl: 'Nederlands',
  pt: 'Português',
  pl: 'Polski',
  sv: 'Svenska',
  ja: '日本語',
  zh: '中文',
  ar: 'العربية',
} as const;
export type Locale = keyof typeof locales;

/** Written right to left; the story's page says so, as the merchant's page would. */
export const rtlLocales: readonly string[] = ['ar'];

/** The story args behind the appearance controls (see `.storybook/preview.ts`). */
export interface AppearanceArgs {
  colorPrimary?: string;
  fontFamily?: string;
  borderRadius?: string;
  spacingUnit?: string;
}

/** The toolbar's theme and the appearance controls, as the elements take them. */
export function appearanceOf(context: Pick<StoryContext, 'args' | 'globals'>): Appearance {
  const args = context.args as AppearanceArgs;
  const theme = themes.includes(context.globals['theme']) ? context.globals['theme'] : 'default';
  const variables: NonNullable<Appearance['variables']> = {};
  // Only what was set: an empty control leaves the theme's own value.
  for (const name of ['colorPrimary', 'fontFamily', 'borderRadius', 'spacingUnit'] as const) {
    const value = args[name];
    if (value) variables[name] = value;
  }
  return { theme, variables };
}

/** The toolbar's locale. */
export function localeOf(context: Pick<StoryContext, 'globals'>): Locale {
  const locale = context.globals['locale'];
  return locale in locales ? locale : 'en';
}

/**
 * Inputs each story sets itself (the session, the endpoint) or takes from the
 * toolbar (locale, theme) and the appearance controls: listed in the docs
 * from the manifest, without a control of their own.
 */
export const storyOwnedInputs: ArgTypes = Object.fromEntries(
  [
    'clientSecret',
    'client-secret',
    'fetchClientSecret',
    'endpoint',
    'locale',
    'appearance',
    'messages',
  ].map((name) => [name, { control: false }]),
);

// ---- rendering --------------------------------------------------------------

/** Stories stay on their page: the test sessions' success and cancel URLs lead nowhere. */
const stayOnPage = (event: Event) => event.preventDefault();

interface Secret {
  clientSecret?: string | undefined;
  fetchClientSecret?: (() => Promise<string>) | undefined;
}

/** `<checkout-embedded>` on the in-page endpoint, with the story's appearance and locale. */
export function embedded(context: StoryContext, secret: Secret = loadedSecret(context)) {
  return html`<checkout-embedded
    endpoint=${storyEndpoint}
    client-secret=${secret.clientSecret ?? nothing}
    .fetchClientSecret=${secret.fetchClientSecret ?? null}
    locale=${localeOf(context)}
    .appearance=${appearanceOf(context)}
    @checkout-success=${stayOnPage}
    @checkout-cancel=${stayOnPage}
  ></checkout-embedded>`;
}

/** `content` inside a `<checkout-provider>` on the loaded session, with the story's appearance and locale. */
export function inProvider(content: TemplateResult) {
  return (_args: unknown, context: StoryContext) =>
    html`<checkout-provider
      endpoint=${storyEndpoint}
      client-secret=${loadedSecret(context).clientSecret ?? nothing}
      locale=${localeOf(context)}
      .appearance=${appearanceOf(context)}
      @checkout-success=${stayOnPage}
      @checkout-cancel=${stayOnPage}
    >${content}</checkout-provider>`;
}

/** Renders `<checkout-embedded>` on the loaded session. */
export const renderEmbedded = (_args: unknown, context: StoryContext) => embedded(context);

function loadedSecret(context: StoryContext): Secret {
  return { clientSecret: context.loaded['clientSecret'] as string | undefined };
}

// ---- loaders ----------------------------------------------------------------

/** Story parameters this module reads. */
export interface CheckoutParameters {
  /** Requests of the story's session that fail on purpose (see `EndpointFaults`). */
  endpointFaults?: EndpointFaults;
}

/**
 * A loader that makes a session with `create` (by default through seed
 * 003's API) and hands its client secret to the render function. The
 * story's `endpointFaults` apply to that session's requests.
 */
export function sessionLoader(
  create: StorySessionOptions | (() => Promise<StorySession>) = {},
): (context: StoryContext) => Promise<{ clientSecret: string }> {
  return async (context) => {
    const session =
      typeof create === 'function' ? await create() : await createStorySession(create);
    const faults = (context.parameters as CheckoutParameters).endpointFaults;
    if (faults) failRequests(session.client_secret, faults);
    return { clientSecret: session.client_secret };
  };
}

/** One line item, for the elements that show an amount. */
export const oneItem: StorySessionOptions = {
  lineItems: [{ product: 'Thing', unit_amount: 1250 }],
};

/** A loader for a custom-mode session (`ui_mode: 'custom'`). */
export const customSessionLoader = (options: StorySessionOptions = {}) =>
  sessionLoader({ ui_mode: 'custom', ...options });

// ---- play steps ---------------------------------------------------------------

/** How long a play function waits for the endpoint's answer to show. */
export const answerTimeout = 5000;

/** Waits until `selector` matches under the story, through shadow roots, and returns the match. */
export const shown = <T extends Element = HTMLInputElement>(
  canvasElement: HTMLElement,
  selector: string,
) =>
  waitFor(
    () => {
      const found = deep<T>(canvasElement, selector);
      expect(found, selector).toBeTruthy();
      return found!;
    },
    { timeout: answerTimeout },
  );

/** Waits until `selector` matches and has text, e.g. a message the endpoint's answer brought. */
export const saying = (canvasElement: HTMLElement, selector: string) =>
  waitFor(
    () => {
      const found = deep<HTMLElement>(canvasElement, selector);
      expect(found?.textContent?.trim(), selector).toBeTruthy();
      return found!;
    },
    { timeout: answerTimeout },
  );

/** Waits until the provider in the story has loaded its session, and returns it. */
export const providerIn = (canvasElement: HTMLElement) =>
  waitFor(
    () => {
      const provider = canvasElement.querySelector<CheckoutProvider>('checkout-provider');
      expect(provider?.session).toBeTruthy();
      return provider!;
    },
    { timeout: answerTimeout },
  );

/** Waits until `selector` no longer matches, e.g. a form replaced by its outcome. */
export const gone = (canvasElement: HTMLElement, selector: string) =>
  waitFor(() => expect(deep(canvasElement, selector), selector).toBeNull(), {
    timeout: answerTimeout,
  });

/** Waits for the form to load and returns its pay button, once it can be pressed. */
export const payButton = (canvasElement: HTMLElement) =>
  waitFor(
    () => {
      const button = deep<HTMLButtonElement>(canvasElement, 'checkout-pay-button >>> button');
      expect(button?.disabled).toBe(false);
      return button!;
    },
    { timeout: answerTimeout },
  );

/** A test card's details, with a future expiry. */
export interface TestCard {
  number: string;
  cvc?: string;
}

/** Fills in the email (when asked) and the card, as a customer types them. */
export const fillCard = async (canvasElement: HTMLElement, card: TestCard) => {
  await payButton(canvasElement);
  const year = String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0');
  const email = deep(canvasElement, 'checkout-email >>> #email');
  if (email && !email.value) fill(email, 'jenny.rosen@example.com');
  // The card's fields are in its frame, which shows them once it has the session.
  fill(await shown(canvasElement, '.checkout-card-frame >>> #number'), card.number);
  fill(deepOrThrow(canvasElement, '.checkout-card-frame >>> #expiry'), `12${year}`);
  fill(deepOrThrow(canvasElement, '.checkout-card-frame >>> #cvc'), card.cvc ?? '123');
  fill(deepOrThrow(canvasElement, '.checkout-card-frame >>> #name'), 'Jenny Rosen');
};

/** Fills in the form with a test card and presses pay. */
export const payWith = async (canvasElement: HTMLElement, card: TestCard | string) => {
  await fillCard(canvasElement, typeof card === 'string' ? { number: card } : card);
  await userEvent.click(await payButton(canvasElement));
};

/** Types a promotion code and presses Apply. */
export const applyCode = async (canvasElement: HTMLElement, code: string) => {
  fill(await shown(canvasElement, 'checkout-promotion-code >>> #promotion-code'), code);
  await userEvent.click(
    deepOrThrow<HTMLButtonElement>(
      canvasElement,
      'checkout-promotion-code >>> [part="apply-button"]',
    ),
  );
};

/** Waits until `<checkout-embedded>` shows its status panel (paid, expired, canceled, failed). */
export const statusPanel = (canvasElement: HTMLElement) =>
  saying(canvasElement, 'checkout-embedded >>> [part="status"] h2');

/** Waits until the authentication challenge dialog is open, and returns it. */
export const challengeDialog = (canvasElement: HTMLElement) =>
  waitFor(
    () => {
      const dialog = deep<HTMLDialogElement>(canvasElement, 'dialog[part="challenge"]');
      expect(dialog?.open).toBe(true);
      return dialog!;
    },
    { timeout: answerTimeout },
  );
