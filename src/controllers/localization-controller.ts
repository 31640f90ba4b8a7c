import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { bundledLocales, loadedPack, loadPack } from '../i18n/loader.js';
import { type ResolvedLocale, resolveLocale } from '../i18n/locale.js';
import { messages as englishMessages, type MessageKey } from '../i18n/messages.js';
import { Translator } from '../i18n/translator.js';

export interface LocalizationInputs {
  /** The element's `locale` property. */
  locale: string | null | undefined;
  /** The session's locale (null or `auto` when it has none). */
  sessionLocale: string | null | undefined;
  /** The merchant's overrides, by message key. */
  messages: Partial<Record<MessageKey, string>> | null | undefined;
}

/**
 * Picks the locale of one checkout and keeps its translator. `translator` is
 * read at each render: it resolves the locale from the inputs (attribute,
 * session, browser), starts loading a pack that is not here yet, and until it
 * arrives keeps the previous language's words (English at first) in the
 * asked locale's formats; the host updates once it does. A pack that fails to load leaves English in place and is
 * tried again when the locale changes.
 *
 * On connect it listens for the browser's `languagechange`; on disconnect it
 * stops.
 */
export class LocalizationController implements ReactiveController {
  #resolved: ResolvedLocale | null = null;
  /** The wanted locale whose pack failed to load. */
  #failed: ResolvedLocale | null = null;
  #current: Translator | null = null;
  /** Whether the pack for `resolved` was asked for (only once connected: a detached host wants none). */
  #requested = false;
  #connected = false;

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    private readonly inputs: () => LocalizationInputs,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    globalThis.addEventListener?.('languagechange', this.#onLanguageChange);
  }

  hostDisconnected(): void {
    this.#connected = false;
    globalThis.removeEventListener?.('languagechange', this.#onLanguageChange);
  }

  get translator(): Translator {
    const { locale, sessionLocale, messages } = this.inputs();
    const wanted = resolveLocale([locale, sessionLocale, ...browserLanguages()], bundledLocales);
    if (wanted.locale !== this.#resolved?.locale || wanted.language !== this.#resolved.language) {
      this.#resolved = wanted;
      this.#requested = false;
    }
    if (this.#connected && !this.#requested && !loadedPack(wanted.language)) {
      this.#requested = true;
      void this.#load(this.#resolved);
    }
    const pack = loadedPack(wanted.language);
    const english = { locale: wanted.locale, language: 'en' };
    const shown: ResolvedLocale = pack
      ? wanted
      : this.#failed === this.#resolved
        ? english
        : // Still loading: keep the words on screen (English at first), but format
          // as asked already: a translator made before `locale` was set (the
          // provider's first context) must not preselect its region's country.
          { locale: wanted.locale, language: this.#current?.language ?? 'en' };
    const words = pack ?? loadedPack(shown.language) ?? englishMessages;
    const current = this.#current;
    if (
      !current ||
      current.locale !== shown.locale ||
      current.language !== shown.language ||
      current.messages !== words ||
      current.overrides !== (messages ?? null)
    ) {
      const { locale: tag, language } = shown;
      this.#current = new Translator({
        locale: tag,
        language,
        messages: words,
        overrides: messages,
      });
    }
    return this.#current!;
  }

  async #load(wanted: ResolvedLocale): Promise<void> {
    const pack = await loadPack(wanted.language);
    if (this.#resolved !== wanted) return;
    if (!pack) this.#failed = wanted;
    this.host.requestUpdate();
  }

  #onLanguageChange = (): void => this.host.requestUpdate();
}

/** The browser's preferred languages, in order; none outside a browser. */
function browserLanguages(): readonly string[] {
  const navigator = globalThis.navigator;
  return navigator?.languages?.length
    ? navigator.languages
    : navigator?.language
      ? [navigator.language]
      : [];
}
