import { messages as english, type Messages, type PackedMessages, unpack } from './messages.js';

/**
 * The bundled locale packs. English is part of the entry; every other pack is
 * its own chunk, fetched the first time a checkout needs it. One literal
 * `import()` per pack, so bundlers emit one chunk each.
 */
const packs: Record<string, () => Promise<{ default: Messages | PackedMessages }>> = {
  ar: () => import('./locales/ar.js'),
  de: () => import('./locales/de.js'),
  es: () => import('./locales/es.js'),
  fr: () => import('./locales/fr.js'),
  it: () => import('./locales/it.js'),
  ja: () => import('./locales/ja.js'),
  nl: () => import('./locales/nl.js'),
  pl: () => import('./locales/pl.js'),
  pt: () => import('./locales/pt.js'),
  sv: () => import('./locales/sv.js'),
  zh: () => import('./locales/zh.js'),
};

/** Every language the kit speaks without help, English first. */
export const bundledLocales: readonly string[] = ['en', ...Object.keys(packs)];

const loaded = new Map<string, Messages>([['en', english]]);
const loading = new Map<string, Promise<Messages | null>>();

/** The pack for `language` if it is already here. */
export function loadedPack(language: string): Messages | undefined {
  return loaded.get(language);
}

/**
 * Fetches the pack for `language` once, however many checkouts ask. Never
 * rejects: null when it cannot be had (offline, unknown), and a failure is
 * forgotten so that a later call tries again.
 */
export function loadPack(language: string): Promise<Messages | null> {
  const ready = loaded.get(language);
  if (ready) return Promise.resolve(ready);
  const load = packs[language];
  if (!load) return Promise.resolve(null);
  let pending = loading.get(language);
  if (!pending) {
    pending = load().then(
      (module) => {
        const pack = unpack(module.default);
        loaded.set(language, pack);
        return pack;
      },
      (error: unknown) => {
        console.warn(
          `checkout-kit: the "${language}" messages could not load; showing English.`,
          error,
        );
        return null;
      },
    );
    pending.finally(() => loading.delete(language));
    loading.set(language, pending);
  }
  return pending;
}
