import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { FloatingController, prefetchPositioning } from '../../controllers/floating-controller.js';
import { type Country, countries as localizedCountries } from '../../core/countries.js';
import { styles } from './country-combobox.styles.js';

/** Case- and accent-insensitive form for matching: "Côte d’Ivoire" → "cote d’ivoire". */
const fold = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();

/** Names people type, or autofill profiles hold, that are not a region's display name. */
const aliases: Record<string, string> = {
  usa: 'US',
  'united states of america': 'US',
  uk: 'GB',
  'great britain': 'GB',
  uae: 'AE',
};

interface Entry extends Country {
  folded: string;
  english: string;
}

const codeList = {
  fromAttribute: (value: string | null) =>
    value
      ?.split(/[\s,]+/)
      .filter(Boolean)
      .map((code) => code.toUpperCase()) ?? null,
  toAttribute: (value: string[] | null) => value?.join(' ') ?? null,
};

let englishNames: Map<string, string> | undefined;
function englishName(code: string): string {
  englishNames ??= new Map(localizedCountries('en').map((country) => [country.code, country.name]));
  return englishNames.get(code) ?? code;
}

/**
 * A searchable country picker: a text field with a list of matching
 * countries, following the WAI-ARIA 1.2 combobox pattern (list autocomplete).
 * Internal: `<checkout-address>` uses it.
 *
 * Keyboard: typing filters (and activates the first match); Down/Up open the
 * list or move through it, wrapping; Alt+Down opens it as is; Enter selects;
 * Tab selects the active option and moves on; Escape closes, and a second
 * Escape clears; Home/End move the caret. Browser autofill of a country name
 * or code selects that country. The value is the ISO 3166-1 alpha-2 code.
 *
 * @summary A searchable, accessible country list.
 *
 * @event change - The customer chose a different country (or cleared it). Read `value`.
 *
 * @csspart field - The label, field and message group.
 * @csspart label - The visible label.
 * @csspart hint - The hint under the label.
 * @csspart input - The text field.
 * @csspart listbox - The popup list.
 * @csspart option - One country in the list.
 * @csspart error - The error message under the field.
 *
 * @cssprop --checkout-color-primary - Accent: the pay button, links, selected choices, focus ring. Default `#1f4fd1`.
 * @cssprop --checkout-color-on-primary - Text on the accent colour. Default `#fff`.
 * @cssprop --checkout-color-background - Background of the form, inputs and dialogs. Default `#fff`.
 * @cssprop --checkout-color-surface - Filled areas: flat inputs and panels. Default `#f3f4f6`.
 * @cssprop --checkout-color-text - Text. Default `#1a1d24`.
 * @cssprop --checkout-color-muted - Hints and secondary text. Default `#545b69`.
 * @cssprop --checkout-color-border - Borders of inputs and panels; keep 3:1 against the background. Default `#8a909c`.
 * @cssprop --checkout-color-danger - Errors. Default `#b3261e`.
 * @cssprop --checkout-color-success - Success. Default `#176b3a`.
 * @cssprop --checkout-color-focus - Focus ring. Default: the primary colour.
 * @cssprop --checkout-color-scheme - CSS `color-scheme` of the elements (`light` or `dark`), so native controls match. Default `light`.
 * @cssprop --checkout-font-family - Font. Default: the system UI font.
 * @cssprop --checkout-font-size - Base font size; the other sizes scale with it. Default `1rem`: the reader's font-size setting.
 * @cssprop --checkout-radius - Corner radius. Default `6px`.
 * @cssprop --checkout-spacing - Spacing unit; gaps and padding are multiples of it. Default `8px`.
 * @cssprop --checkout-shadow - Shadow of popups and dialogs. Default `0 8px 24px rgb(0 0 0 / 0.16)`.
 * @cssprop --checkout-label-color - Field labels. Default: the text colour.
 * @cssprop --checkout-input-background - Inputs and selects. Default: the background (`flat`: the surface colour).
 * @cssprop --checkout-input-color - Text in inputs and selects. Default: the text colour.
 * @cssprop --checkout-input-border-color - Border of inputs and selects. Default: the border colour.
 * @cssprop --checkout-input-border-width - One to four widths, as `border-width` takes them. Default `1px` (`flat`: `0 0 2px`).
 * @cssprop --checkout-input-radius - Corner radius of inputs and selects. Default: the radius.
 * @cssprop --checkout-input-height - Minimum height of inputs and selects. Default `44px`.
 * @cssprop --checkout-input-padding - Padding of inputs and selects. Default: one spacing unit by one and a half.
 */
export class CheckoutCountryCombobox extends LitElement {
  static override properties = {
    label: {},
    value: {},
    countries: { converter: codeList },
    locale: {},
    autocomplete: {},
    name: { reflect: true },
    required: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    invalid: { type: Boolean, reflect: true },
    errorMessage: { attribute: 'error-message' },
    hint: {},
    resultsText: { attribute: false },
    expanded: { state: true },
    query: { state: true },
    activeIndex: { state: true },
    text: { state: true },
  };

  static override styles = styles;
  static override shadowRootOptions: ShadowRootInit = {
    ...LitElement.shadowRootOptions,
    delegatesFocus: true,
  };
  static formAssociated = true;

  /** The visible label. */
  label = 'Country or region';

  /** The chosen country's ISO 3166-1 alpha-2 code, or `''`. */
  value = '';

  /** Allow-list of codes, in any order (attribute: space- or comma-separated). Default: every country. */
  countries: string[] | null = null;

  /** Locale of the country names, e.g. `de`. Default: the browser's. */
  locale: string | null = null;

  /** The field's `autocomplete` token; a shipping form passes `shipping country`. */
  autocomplete = 'country';

  /** Name under which a surrounding form submits the code. */
  name = '';

  required = false;
  disabled = false;

  /** Marks the field invalid; `errorMessage` is shown under it and read with it. */
  invalid = false;
  errorMessage = '';

  /** Help text read with the field. */
  hint = '';

  /** What the live region says when the list changes; override to translate. */
  resultsText = (count: number): string =>
    count === 0 ? 'No results' : count === 1 ? '1 result available' : `${count} results available`;

  private expanded = false;
  /** What the customer typed since the list opened; null shows every country. */
  private query: string | null = null;
  private activeIndex = -1;
  private text = '';

  /** Drawn by the first render, before anything reads them. */
  get #input(): HTMLInputElement {
    return this.renderRoot.querySelector('input')!;
  }

  get #listbox(): HTMLElement {
    return this.renderRoot.querySelector<HTMLElement>('[role="listbox"]')!;
  }

  readonly #internals = this.attachInternals();
  // The list's stylesheet places it by CSS anchor positioning where the browser can
  // (country-combobox.styles.ts), with the same numbers; Floating UI elsewhere.
  readonly #floating = new FloatingController(this, {
    placement: 'bottom-start',
    maxHeight: 320,
    matchWidth: true,
    anchored: true,
  });

  #entries: Entry[] = [];
  #filtered: { query: string | null; entries: Entry[]; result: Entry[] } | null = null;

  override focus(options?: FocusOptions): void {
    // Before the first render there is no field to focus.
    if (this.hasUpdated) this.#input.focus(options);
  }

  formResetCallback(): void {
    this.value = '';
  }

  /** The countries the list shows now, best match first. */
  get #options(): Entry[] {
    if (this.#filtered?.query === this.query && this.#filtered.entries === this.#entries)
      return this.#filtered.result;
    const result = this.query === null ? this.#entries : this.#match(this.query);
    this.#filtered = { query: this.query, entries: this.#entries, result };
    return result;
  }

  get #showing(): boolean {
    return this.expanded && this.#options.length > 0;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('locale') || changed.has('countries') || !this.#entries.length) {
      const allowed = this.countries ? new Set(this.countries) : null;
      this.#entries = localizedCountries(this.locale ?? undefined)
        .filter((country) => !allowed || allowed.has(country.code))
        .map((country) => ({
          ...country,
          folded: fold(country.name),
          english: fold(englishName(country.code)),
        }));
    }
    if ((changed.has('value') || changed.has('locale')) && this.query === null) {
      this.text = this.#nameOf(this.value);
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('value') || changed.has('required') || changed.has('errorMessage')) {
      this.#internals.setFormValue(this.value || null);
      if (this.required && !this.value)
        this.#internals.setValidity(
          { valueMissing: true },
          this.errorMessage || this.label,
          this.#input,
        );
      else this.#internals.setValidity({});
    }
    if (this.#showing) {
      this.#floating.open(this.#input, this.#listbox);
      if (changed.has('activeIndex') || changed.has('expanded')) this.#scrollToActive();
    } else {
      this.#floating.close();
    }
  }

  override render(): TemplateResult {
    const options = this.#options;
    const showing = this.#showing;
    const active = showing ? options[this.activeIndex] : undefined;
    const error = this.invalid && this.errorMessage;
    const describedBy = [this.hint && 'hint', error && 'error'].filter(Boolean).join(' ');
    return html`<div class="field" part="field">
      <label id="label" for="input" part="label">${this.label}</label>
      ${this.hint ? html`<span id="hint" class="hint" part="hint">${this.hint}</span>` : nothing}
      <div class="control">
        <input
          id="input" part="input" type="text" role="combobox"
          aria-autocomplete="list" aria-controls="listbox"
          aria-expanded=${showing ? 'true' : 'false'}
          aria-activedescendant=${active ? `option-${active.code}` : nothing}
          aria-invalid=${this.invalid ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          autocomplete=${this.autocomplete} name=${this.name || nothing}
          spellcheck="false" autocapitalize="off"
          ?required=${this.required} ?disabled=${this.disabled}
          .value=${live(this.text)}
          @input=${this.#onInput} @change=${this.#onChange} @keydown=${this.#onKeydown}
          @click=${this.#onClick} @blur=${this.#onBlur} @focus=${() => prefetchPositioning(true)}
        /><span class="chevron" aria-hidden="true"></span>
      </div>
      ${error ? html`<p id="error" class="error" part="error">${this.errorMessage}</p>` : nothing}
    </div>
    <ul
      id="listbox" role="listbox" part="listbox" aria-labelledby="label" tabindex="-1"
      popover="manual" class="listbox ${showing ? 'open' : ''}"
      @mousedown=${(event: MouseEvent) => event.preventDefault()}
    >
      ${
        showing
          ? options.map(
              (country, index) =>
                html`<li
                  id="option-${country.code}" role="option" part="option"
                  class=${country.code === this.value ? 'current' : ''}
                  aria-selected=${index === this.activeIndex ? 'true' : 'false'}
                  @click=${() => this.#select(country.code)}
                >${country.name}</li>`,
            )
          : nothing
      }
    </ul>
    <div class="visually-hidden" role="status">${showing || (this.expanded && this.query) ? this.resultsText(options.length) : ''}</div>`;
  }

  #nameOf(code: string): string {
    if (!code) return '';
    return (
      this.#entries.find((entry) => entry.code === code)?.name ??
      localizedCountries(this.locale ?? undefined).find((country) => country.code === code)?.name ??
      code
    );
  }

  /** Names starting with the query first, then codes and aliases, English names, then names containing it. */
  #match(text: string): Entry[] {
    const q = fold(text);
    if (!q) return this.#entries;
    const tiers: Entry[][] = [[], [], [], []];
    for (const entry of this.#entries) {
      if (entry.folded.startsWith(q)) tiers[0]!.push(entry);
      else if (entry.code.toLowerCase() === q || aliases[q] === entry.code) tiers[1]!.push(entry);
      else if (entry.english.startsWith(q)) tiers[2]!.push(entry);
      else if (entry.folded.includes(q)) tiers[3]!.push(entry);
    }
    return tiers.flat();
  }

  /** The code for an exact name (in the list's locale or English), code or alias, if allowed. */
  #resolve(text: string): string | null {
    const q = fold(text);
    if (!q) return null;
    const code = aliases[q] ?? q.toUpperCase();
    return (
      this.#entries.find(
        (entry) => entry.code === code || entry.folded === q || entry.english === q,
      )?.code ?? null
    );
  }

  #select(code: string): void {
    const changed = code !== this.value;
    this.value = code;
    this.query = null;
    this.text = this.#nameOf(code);
    this.expanded = false;
    this.activeIndex = -1;
    if (changed) this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }

  #openList(activeIndex = this.activeIndex): void {
    this.expanded = true;
    this.activeIndex = activeIndex;
  }

  #close(): void {
    this.expanded = false;
    this.activeIndex = -1;
  }

  #move(delta: 1 | -1): void {
    const count = this.#options.length;
    if (!count) return;
    this.activeIndex =
      this.activeIndex < 0
        ? delta > 0
          ? 0
          : count - 1
        : (this.activeIndex + delta + count) % count;
  }

  #onInput = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    this.text = input.value;
    // Autofill replaces the whole value rather than typing it.
    const autofilled =
      !(event instanceof InputEvent) ||
      event.inputType === 'insertReplacementText' ||
      input.matches(':-webkit-autofill');
    if (autofilled) {
      const code = this.#resolve(input.value);
      if (code) {
        this.#select(code);
        return;
      }
    }
    this.query = input.value;
    this.expanded = true;
    this.activeIndex = fold(input.value) && this.#options.length ? 0 : -1;
  };

  /** Autofill also ends with a native `change` (which stays inside the shadow root). */
  #onChange = (): void => {
    const code = this.#resolve(this.#input.value);
    if (code && this.#input.value !== this.#nameOf(this.value)) this.#select(code);
  };

  #onClick = (): void => {
    if (!this.disabled && !this.expanded)
      this.#openList(this.#options.findIndex((entry) => entry.code === this.value));
  };

  #onBlur = (): void => {
    this.#close();
    const text = this.#input.value.trim();
    if (!text) {
      if (this.value) this.#select('');
      this.query = null;
      return;
    }
    const code = this.#resolve(text);
    if (code) this.#select(code);
    else {
      // Leaving half-typed text would suggest a choice that was never made.
      this.query = null;
      this.text = this.#nameOf(this.value);
    }
  };

  #onKeydown = (event: KeyboardEvent): void => {
    const expanded = this.#showing;
    const selectedIndex = () => this.#options.findIndex((entry) => entry.code === this.value);
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (event.altKey) this.#openList();
        else if (!expanded) this.#openList(Math.max(0, selectedIndex()));
        else this.#move(1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (event.altKey) {
          const active = expanded ? this.#options[this.activeIndex] : undefined;
          if (active) this.#select(active.code);
          else this.#close();
        } else if (!expanded) {
          const index = selectedIndex();
          this.#openList(index >= 0 ? index : this.#options.length - 1);
        } else this.#move(-1);
        break;
      case 'Enter': {
        if (!expanded) break;
        // Choosing from the list must not submit the form around it.
        event.preventDefault();
        const active = this.#options[this.activeIndex];
        if (active) this.#select(active.code);
        else this.#close();
        break;
      }
      case 'Escape':
        if (expanded || this.expanded) {
          event.preventDefault();
          this.#close();
        } else if (this.#input.value || this.value) {
          event.preventDefault();
          this.query = null;
          this.text = '';
          this.#input.value = '';
          this.#select('');
        }
        break;
      case 'Tab': {
        const active = expanded ? this.#options[this.activeIndex] : undefined;
        if (active) this.#select(active.code);
        else this.#close();
        break;
      }
      case 'Home':
      case 'End':
      case 'ArrowLeft':
      case 'ArrowRight':
        // The caret moves in the field; the list loses its active option.
        this.activeIndex = -1;
        break;
    }
  };

  #scrollToActive(): void {
    const option = this.#listbox.querySelector<HTMLElement>('[aria-selected="true"]');
    if (!option) return;
    const list = this.#listbox;
    // Not scrollIntoView: that would also scroll the page and the field's containers.
    if (option.offsetTop < list.scrollTop) list.scrollTop = option.offsetTop;
    else if (option.offsetTop + option.offsetHeight > list.scrollTop + list.clientHeight)
      list.scrollTop = option.offsetTop + option.offsetHeight - list.clientHeight;
  }
}
