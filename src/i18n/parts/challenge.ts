/**
 * English words of a part that loads lazily: the bank's authentication
 * challenge (`checkout-provider/challenge-dialog.ts`). The dialog's chunk
 * imports nothing, so the provider adds these to the English catalogue
 * (`addEnglish`) when the chunk arrives, before it words the dialog. Locale
 * packs translate them with every other key.
 */
export const challengeMessages = {
  challengeTitle: 'Confirm your payment',
  challengeBody:
    'Your bank asks you to confirm this payment of {amount}. This is a test: choose how the bank answers.',
  challengeApprove: 'Complete authentication',
  challengeFail: 'Fail authentication',
};
