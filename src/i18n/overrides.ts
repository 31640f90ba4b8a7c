import { jsonAttribute } from '../elements/shared/json-attribute.js';
import type { MessageKey } from './messages.js';

/** The merchant's wording for some messages, by key, in whatever locale is active. */
export type MessageOverrides = Partial<Record<MessageKey, string>>;

/** Lit converter for the `messages` attribute. */
export const messagesConverter = jsonAttribute<MessageOverrides>('messages');
