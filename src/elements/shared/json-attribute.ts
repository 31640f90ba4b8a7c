import type { ClientSession } from '../../api/client-types.js';

const warned = new Set<string>();

/** Warns once per distinct message, so a re-render does not repeat it. */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`checkout-kit: ${message}`);
}

/**
 * A Lit converter for an attribute that holds a JSON object (`appearance`,
 * `messages`, `initial-session`): the object, or null with a warning when
 * the value is not JSON or not an object `fits` accepts.
 */
export function jsonAttribute<T extends object>(
  name: string,
  fits: (value: object) => boolean = () => true,
) {
  return {
    fromAttribute(value: string | null): T | null {
      if (!value) return null;
      try {
        const parsed: unknown = JSON.parse(value);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && fits(parsed)) {
          return parsed as T;
        }
      } catch {
        // Warned below.
      }
      warnOnce(`the ${name} attribute is not a JSON object of the right shape; it is ignored.`);
      return null;
    },
  };
}

/** The `initial-session` attribute: the client API's JSON for a session (it has an id). */
export const initialSessionAttribute = jsonAttribute<ClientSession>(
  'initial-session',
  (value) => typeof (value as { id?: unknown }).id === 'string',
);
