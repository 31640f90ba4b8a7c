import type {
  CardField,
  CardFrameTextKey,
  CardFrameTexts,
  CardProblem,
} from '../../api/card-frame.js';
import {
  brandLabel,
  type CardBrand,
  cvcLengthFor,
  detectBrand,
  formatCardNumber,
  formatExpiryInput,
  normalizeCardNumber,
  validateCardNumber,
  validateCvc,
  validateExpiry,
} from '../../core/card.js';
import { brandMark, prepareBrandMarks } from './brand-marks.js';

/**
 * The card fields inside the frame, built with the DOM API (every text goes
 * in as text): number with its brand, expiry and security code side by side,
 * the security code's help, the name on the card, and the billing postal code
 * when the session asks for it. The same rules as the
 * endpoint (`core/card.ts`): formatting as the customer types or autofills,
 * validation on blur and on submit, errors by each field.
 *
 *   typed text ──format──▶ shown value ──read()──▶ values for the confirm only
 */

/** The fields' raw values; they leave this frame only inside the confirm request. */
export interface CardValues {
  number: string;
  expiry: string;
  cvc: string;
  name: string;
  /** Null when the session does not ask for it. */
  postal: string | null;
}

/** A postal code of any country: letters, digits, spaces and hyphens, 2 to 10 of them. */
const postalPattern = /^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$/;

type Attributes = Record<string, string>;

function node<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

interface Field {
  input: HTMLInputElement;
  label: HTMLLabelElement;
  error: HTMLElement;
  hint?: HTMLElement;
  /**
   * The message shown: a key of the frame's words, or an endpoint's text as
   * it came, with the value it was about (it stays until that changes).
   */
  shown: CardFrameTextKey | { text: string; value: string } | null;
}

export class CardForm {
  readonly element: HTMLFormElement;
  readonly #fields = {} as Record<CardField, Field>;
  // `part` names as the kit's elements use them, for tools that look for them (the frame's CSS uses classes).
  readonly #legend = node('legend', { part: 'legend' });
  readonly #brand = node('span', { class: 'brand', part: 'brand' });
  readonly #help = node('button', {
    id: 'cvc-help',
    part: 'cvc-help',
    type: 'button',
    class: 'help',
    'aria-expanded': 'false',
    'aria-controls': 'cvc-help-text',
    'aria-describedby': 'cvc-help-text',
  });
  readonly #helpText = node('p', {
    id: 'cvc-help-text',
    class: 'help-text',
    part: 'hint',
    hidden: '',
  });
  #detected: CardBrand | null = null;
  readonly #postalField: HTMLElement;

  constructor(
    private texts: CardFrameTexts,
    /** Enter in a field: the customer asks to pay. */
    onSubmit: () => void,
  ) {
    const number = this.#field('number', {
      name: 'cardnumber',
      autocomplete: 'cc-number',
      inputmode: 'numeric',
      spellcheck: 'false',
      maxlength: '23',
      dir: 'ltr',
    });
    const expiry = this.#field('expiry', {
      name: 'exp-date',
      autocomplete: 'cc-exp',
      inputmode: 'numeric',
      maxlength: '9',
      dir: 'ltr',
    });
    const cvc = this.#field('cvc', {
      name: 'cvc',
      autocomplete: 'cc-csc',
      inputmode: 'numeric',
      maxlength: '3',
      dir: 'ltr',
    });
    const name = this.#field('name', { name: 'ccname', autocomplete: 'cc-name' });
    this.#postalField = this.#field('postal', {
      name: 'postal',
      autocomplete: 'billing postal-code',
      maxlength: '10',
    });
    this.#fields.number.input.after(this.#brand);
    this.#fields.number.input.parentElement!.classList.add('with-brand');
    this.#fields.cvc.input.after(this.#help);
    this.#fields.cvc.input.parentElement!.classList.add('with-help');
    this.#help.textContent = '?';
    this.#help.addEventListener('click', () => this.#toggleHelp());
    this.#help.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.#toggleHelp(false);
    });

    // Number, expiry and security code read as one card: one box, aligned rows, the help inside.
    const card = node(
      'div',
      { class: 'card' },
      number,
      node('div', { class: 'pair' }, expiry, cvc),
    );
    this.element = node(
      'form',
      { novalidate: '', autocomplete: 'on' },
      node('fieldset', {}, this.#legend, card, this.#helpText, name),
    );
    this.element.addEventListener('submit', (event) => event.preventDefault());
    this.element.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.isComposing) return;
      if (!(event.target instanceof HTMLInputElement)) return;
      event.preventDefault();
      onSubmit();
    });
    this.#listen();
    this.setTexts(texts);
  }

  /** One labelled field: label, optional hint, a box for the input (and its addon), the error. */
  #field(id: CardField, attributes: Attributes): HTMLElement {
    const input = node('input', {
      id,
      type: 'text',
      required: '',
      part: 'input',
      'aria-invalid': 'false',
      ...attributes,
    });
    const label = node('label', { for: id, part: 'label' });
    const error = node('p', { id: `${id}-error`, class: 'error', part: 'error' });
    const hint =
      id === 'expiry' || id === 'cvc'
        ? node('span', { id: `${id}-hint`, class: 'hint', part: 'hint' })
        : undefined;
    this.#fields[id] = { input, label, error, ...(hint ? { hint } : {}), shown: null };
    input.addEventListener('blur', () => {
      const shown = this.#fields[id].shown;
      // The endpoint's word on this value (a declined security code) outlasts leaving the field.
      if (typeof shown === 'object' && shown?.value === input.value) return;
      // An empty field left alone says nothing yet: "required" waits for a pay attempt.
      if (!input.value.trim() && shown === null) return;
      this.validate([id]);
    });
    return node(
      'div',
      { class: 'field', part: 'field' },
      label,
      ...(hint ? [hint] : []),
      node('div', { class: 'control' }, input),
    );
  }

  #listen(): void {
    const { number, expiry, cvc, name } = this.#fields;
    number.input.addEventListener('input', () => this.#numberTyped());
    expiry.input.addEventListener('input', (event) => {
      const deleting = (event as InputEvent).inputType?.startsWith('delete');
      expiry.input.value = formatExpiryInput(expiry.input.value, deleting);
      this.#revalidate(['expiry']);
    });
    cvc.input.addEventListener('input', () => {
      cvc.input.value = cvc.input.value.replace(/\D/g, '').slice(0, cvcLengthFor(this.#detected));
      this.#revalidate(['cvc']);
    });
    name.input.addEventListener('input', () => this.#revalidate(['name']));
    this.#fields.postal.input.addEventListener('input', () => this.#revalidate(['postal']));
  }

  /** Whether the billing postal code is asked for (the session says): the field is there only then. */
  askPostalCode(ask: boolean): void {
    if (ask) this.element.querySelector('fieldset')!.append(this.#postalField);
    else {
      this.#postalField.remove();
      this.#fields.postal.shown = null;
    }
  }

  get #askingPostalCode(): boolean {
    return this.#postalField.isConnected;
  }

  /** New words (a locale change, the merchant's wording); errors shown are reworded too. */
  setTexts(texts: CardFrameTexts): void {
    this.texts = texts;
    this.#legend.textContent = texts.cardDetails;
    const labels: Record<CardField, string> = {
      number: texts.cardNumber,
      expiry: texts.expiry,
      cvc: texts.cvc,
      name: texts.cardholderName,
      postal: texts.postalCode,
    };
    for (const [id, field] of Object.entries(this.#fields) as Array<[CardField, Field]>) {
      field.label.textContent = labels[id];
      this.#render(id);
    }
    this.#fields.expiry.hint!.textContent = texts.expiryHint;
    this.#fields.expiry.input.placeholder = texts.expiryHint;
    this.#help.setAttribute('aria-label', texts.cvcHelpLabel);
    this.#setCvcTexts();
  }

  /** The security code's hint and help, which name 4 digits for American Express. */
  #setCvcTexts(): void {
    const amex = this.#detected === 'amex';
    this.#fields.cvc.hint!.textContent = amex ? this.texts.cvcHintAmex : this.texts.cvcHint;
    this.#helpText.textContent = amex ? this.texts.cvcHelpAmex : this.texts.cvcHelp;
  }

  /** The values for the confirm; nothing else reads them. */
  read(): CardValues {
    const { number, expiry, cvc, name } = this.#fields;
    return {
      number: number.input.value,
      expiry: expiry.input.value,
      cvc: cvc.input.value,
      name: name.input.value,
      postal: this.#askingPostalCode ? this.#fields.postal.input.value : null,
    };
  }

  /** Checks `names` (every field shown), shows what is wrong by each, returns the problems in order. */
  validate(names: readonly CardField[] = this.#shownFields()): CardProblem[] {
    const problems: CardProblem[] = [];
    for (const id of names) {
      const problem = this.#check(id);
      this.#fields[id].shown = problem;
      this.#render(id);
      if (problem) problems.push({ field: id, message: this.texts[problem] });
    }
    return problems;
  }

  /** Shows an endpoint error (a decline of the security code, say) by its field. */
  showError(id: CardField, message: string): void {
    this.#fields[id].shown = { text: message, value: this.#fields[id].input.value };
    this.#render(id);
  }

  focus(id: CardField): void {
    this.#fields[id].input.focus();
  }

  #shownFields(): CardField[] {
    const all: CardField[] = ['number', 'expiry', 'cvc', 'name', 'postal'];
    return this.#askingPostalCode ? all : all.slice(0, -1);
  }

  /** Errors already shown follow the typing; new ones wait for blur or submit. */
  #revalidate(names: CardField[]): void {
    const stale = names.filter((id) => this.#fields[id].shown);
    if (stale.length) this.validate(stale);
  }

  #check(id: CardField): CardFrameTextKey | null {
    const card = this.read();
    switch (id) {
      case 'number':
        return validateCardNumber(card.number);
      case 'expiry':
        return validateExpiry(card.expiry);
      case 'cvc':
        return validateCvc(card.cvc, detectBrand(normalizeCardNumber(card.number)));
      case 'name':
        return card.name.trim() ? null : 'name_required';
      case 'postal': {
        const postal = card.postal?.trim() ?? '';
        if (!postal) return 'postal_code_required';
        return postalPattern.test(postal) ? null : 'postal_code_invalid';
      }
    }
  }

  #render(id: CardField): void {
    const field = this.#fields[id];
    const shown = field.shown;
    const message =
      shown === null ? '' : typeof shown === 'string' ? this.texts[shown] : shown.text;
    // The message is in the document only while there is one, as it is read with the field.
    field.error.textContent = message;
    if (message) field.input.parentElement!.after(field.error);
    else field.error.remove();
    field.input.setAttribute('aria-invalid', String(Boolean(message)));
    field.input.closest('.field')!.classList.toggle('invalid', Boolean(message));
    const described = [
      id === 'number' && this.#detected ? 'number-brand' : '',
      field.hint ? field.hint.id : '',
      message ? field.error.id : '',
    ].filter(Boolean);
    if (described.length) field.input.setAttribute('aria-describedby', described.join(' '));
    else field.input.removeAttribute('aria-describedby');
  }

  /**
   * Work the first typed digit would otherwise do, done while the frame is
   * idle: the brand marks drawn, and the number's input handling, formatting
   * and brand detection run once (compiled), so a keystroke stays under 1 ms.
   */
  prepareForTyping(): void {
    prepareBrandMarks();
    // On an empty field the handler changes nothing; run once, it is compiled. Not while
    // the field has focus: the shopper may be typing into it this moment.
    const number = this.#fields.number.input;
    if (!number.value && document.activeElement !== number) {
      this.#numberTyped();
      // A brand's first showing too (its mark, name and security-code texts),
      // undone in the same task: nothing is painted or announced in between.
      this.#setBrand('visa');
      this.#setBrand(null);
    }
    for (const sample of ['4242 4242 4242 4242', '3782 822463 10005', '5555 5555 5555 4444']) {
      detectBrand(formatCardNumber(sample));
      validateCardNumber(normalizeCardNumber(sample));
    }
  }

  /** Formats the number as typed, keeps the caret after the same digit, and follows its brand. */
  #numberTyped(): void {
    const input = this.#fields.number.input;
    const digitsBeforeCaret = input.value
      .slice(0, input.selectionStart ?? input.value.length)
      .replace(/\D/g, '').length;
    const formatted = formatCardNumber(input.value);
    // Most keys leave the text as typed; the browser then keeps the caret itself.
    if (formatted !== input.value) {
      input.value = formatted;
      let caret = 0;
      for (let seen = 0; caret < formatted.length && seen < digitsBeforeCaret; caret++) {
        if (/\d/.test(formatted[caret]!)) seen++;
      }
      if (document.activeElement === input) input.setSelectionRange(caret, caret);
    }
    this.#setBrand(detectBrand(formatted));
    this.#revalidate(['number', 'cvc']);
  }

  #setBrand(brand: CardBrand | null): void {
    if (brand === this.#detected) return;
    this.#detected = brand;
    // The mark is seen, the name beside it is read (the number's description).
    this.#brand.replaceChildren(
      ...(brand
        ? [brandMark(brand), node('span', { id: 'number-brand', class: 'name' }, brandLabel(brand))]
        : []),
    );
    this.#brand.dataset.brand = brand ?? 'unknown';
    this.#fields.cvc.input.maxLength = cvcLengthFor(brand);
    // Only what the brand changes: the number's description and the code's texts.
    this.#setCvcTexts();
    this.#render('number');
  }

  #toggleHelp(open = this.#helpText.hidden): void {
    this.#helpText.hidden = !open;
    this.#help.setAttribute('aria-expanded', String(open));
  }
}
