import { normalizeCardNumber } from '../../core/card.js';
import type { CardAuthorization, Processor } from './processor.js';

/** Declines by test card number, with the endpoint's codes. */
const declines: Record<string, Extract<CardAuthorization, { status: 'declined' }>> = {
  '4000000000000002': {
    status: 'declined',
    code: 'card_declined',
    declineCode: 'generic_decline',
    message: 'Your card was declined.',
  },
  '4000000000009995': {
    status: 'declined',
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  '4000000000000069': {
    status: 'declined',
    code: 'expired_card',
    declineCode: 'expired_card',
    message: 'Your card has expired.',
  },
  '4000000000000127': {
    status: 'declined',
    code: 'incorrect_cvc',
    declineCode: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
  },
  '4000000000000119': {
    status: 'declined',
    code: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
    retryable: true,
  },
};

const approves = new Set(['4242424242424242', '5555555555554444', '378282246310005']);
const authenticates = '4000002500003155';

/**
 * The built-in test-mode processor (livemode false). Card outcomes follow the
 * test card table in the README; every other well-formed number is declined,
 * because test mode must never charge a real card.
 */
export const testProcessor: Processor = {
  async authorize({ card }) {
    const number = normalizeCardNumber(card.number);
    if (approves.has(number)) return { status: 'approved' };
    if (number === authenticates) return { status: 'requires_authentication' };
    return (
      declines[number] ?? {
        status: 'declined',
        code: 'card_declined',
        declineCode: 'test_mode_live_card',
        message: 'Your card was declined. Test mode accepts only the test card numbers.',
      }
    );
  },
  // Test mode holds nothing on any card: there is nothing to release.
  async voidAuthorization() {},
};
