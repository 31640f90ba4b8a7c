/**
 * The bank's authentication challenge (3-D Secure in test mode): a modal
 * dialog in the provider's shadow root, styled by the provider's stylesheet.
 * A lazy chunk that imports nothing but its own English words, so both
 * script-tag builds can share it: it builds its few nodes with the DOM API,
 * and every text goes in as text.
 */

// Its English words travel with it; the provider adds them to the catalogue.
export { challengeMessages } from '../../i18n/parts/challenge.js';

export interface ChallengeTexts {
  title: string;
  body: string;
  approve: string;
  fail: string;
}

export interface ChallengeDialog {
  /** Shows the dialog as a modal, unless it already is. */
  open(): void;
  close(): void;
  /** New words (a locale change) and whether an answer is on its way. */
  update(texts: ChallengeTexts, busy: boolean): void;
}

/** Adds the (closed) dialog to `root`; `answer` gets the customer's choice, Escape being `fail`. */
export function createChallenge(
  root: ShadowRoot,
  answer: (outcome: 'approve' | 'fail') => void,
): ChallengeDialog {
  const node = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attributes: Record<string, string>,
    ...children: Node[]
  ) => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.append(...children);
    return element;
  };
  const button = (outcome: 'approve' | 'fail', attributes: { part: string; class: string }) => {
    const element = node('button', { ...attributes, type: 'button' });
    element.addEventListener('click', () => answer(outcome));
    return element;
  };
  const title = node('h2', { part: 'heading', id: 'challenge-title' });
  const body = node('p', { id: 'challenge-body' });
  const approve = button('approve', { part: 'approve-button', class: 'primary' });
  const fail = button('fail', { part: 'fail-button', class: 'secondary' });
  const dialog = node(
    'dialog',
    {
      part: 'challenge',
      class: 'challenge',
      'aria-labelledby': 'challenge-title',
      'aria-describedby': 'challenge-body',
    },
    title,
    body,
    node('div', { class: 'challenge-actions' }, approve, fail),
  );
  // Escape counts as failing the challenge, so the customer is never left waiting.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    answer('fail');
  });
  root.append(dialog);
  return {
    open() {
      if (!dialog.open) dialog.showModal();
    },
    close() {
      if (dialog.open) dialog.close();
    },
    update(texts, busy) {
      title.textContent = texts.title;
      body.textContent = texts.body;
      approve.textContent = texts.approve;
      fail.textContent = texts.fail;
      approve.disabled = fail.disabled = busy;
    },
  };
}
