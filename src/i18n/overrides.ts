import type { MessageKey } from './messages.js';

/** The merchant's wording for some messages, by key, in whatever locale is active. */
export type MessageOverrides = Partial<Record<MessageKey, string>>;

/** Lit converter for a `messages` attribute holding JSON; a malformed one is ignored with a warning. */
export const messagesConverter = {
  fromAttribute(value: string | null): MessageOverrides | null {
    if (!value) return null;
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return parsed as MessageOverrides;
      }
    } catch {
      // Reported below.
    }
    console.warn('checkout-kit: the messages attribute is not a JSON object; it is ignored.');
    return null;
  },
  toAttribute: (value: MessageOverrides | null) => (value ? JSON.stringify(value) : null),
};
