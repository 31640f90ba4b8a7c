import { aTimeout, expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { CheckoutCountryCombobox } from '../../src/elements/internal/country-combobox.js';
import { expectAccessible, waitUntil } from './helpers.js';
import '../../src/elements/internal/define-country-combobox.js';
import { cssAnchoring } from '../../src/controllers/floating-controller.js';
import { probeAutoUpdate } from './auto-update-probe.js';
import { requireVisiblePage } from './visible-page.js';

/**
 * `<checkout-country-combobox>`: the WAI-ARIA combobox pattern with a listbox
 * popup, driven by the real keyboard and mouse in Chromium.
 */

type Combobox = CheckoutCountryCombobox;

const nativeAnchoring = cssAnchoring.supported;

async function mount(
  template = html`<checkout-country-combobox label="Country or region"></checkout-country-combobox>`,
): Promise<Combobox> {
  const el = await fixture<Combobox>(template);
  await el.updateComplete;
  return el;
}

const input = (el: Combobox) => el.shadowRoot!.querySelector('input')!;
const listbox = (el: Combobox) => el.shadowRoot!.querySelector<HTMLElement>('[role="listbox"]')!;
const optionNames = (el: Combobox) =>
  [...el.shadowRoot!.querySelectorAll('[role="option"]')].map((o) => o.textContent!.trim());
const status = (el: Combobox) => el.shadowRoot!.querySelector('[role="status"]')!.textContent!;
const expanded = (el: Combobox) => input(el).getAttribute('aria-expanded') === 'true';
/** The option aria-activedescendant points at, looked up in the input's own shadow root. */
const active = (el: Combobox) => {
  const id = input(el).getAttribute('aria-activedescendant');
  return id ? el.shadowRoot!.getElementById(id) : null;
};
const activeName = (el: Combobox) => active(el)?.textContent?.trim() ?? null;

async function settle(el: Combobox) {
  await el.updateComplete;
  await nextFrame();
}

/** Counts the element's `change` events. */
function changes(el: Combobox) {
  const values: string[] = [];
  el.addEventListener('change', () => values.push(el.value));
  return values;
}

async function typeInto(el: Combobox, text: string) {
  el.focus();
  await sendKeys({ type: text });
  await settle(el);
}

async function press(el: Combobox, key: string) {
  await sendKeys({ press: key });
  await settle(el);
}

/** An allow-list keeps keyboard tests short: France, Germany, Italy, in name order. */
const three = () =>
  mount(
    html`<checkout-country-combobox .countries=${['IT', 'DE', 'FR']}></checkout-country-combobox>`,
  );

describe('<checkout-country-combobox>', () => {
  requireVisiblePage();

  afterEach(async () => {
    await resetMouse();
  });

  describe('accessibility', () => {
    it('is an ARIA 1.2 combobox with a visible label in the same shadow root', async () => {
      const el = await mount();
      const field = input(el);
      const label = el.shadowRoot!.querySelector('label')!;
      expect(label.textContent).to.equal('Country or region');
      expect(label.htmlFor).to.equal(field.id);
      expect(field.labels![0]).to.equal(label);
      expect(field.getAttribute('role')).to.equal('combobox');
      expect(field.getAttribute('aria-autocomplete')).to.equal('list');
      expect(field.getAttribute('aria-expanded')).to.equal('false');
      expect(el.shadowRoot!.getElementById(field.getAttribute('aria-controls')!)).to.equal(
        listbox(el),
      );
      expect(field.autocomplete).to.equal('country');
      expect(field.hasAttribute('aria-activedescendant')).to.equal(false);
    });

    it('takes the autocomplete token from its property, for shipping forms', async () => {
      const el = await mount(
        html`<checkout-country-combobox autocomplete="shipping country"></checkout-country-combobox>`,
      );
      expect(input(el).getAttribute('autocomplete')).to.equal('shipping country');
    });

    it('has no axe violations closed, open, and with an error', async () => {
      const el = await mount();
      await expectAccessible(el);
      await typeInto(el, 'uni');
      expect(expanded(el)).to.equal(true);
      await expectAccessible(el);
      await press(el, 'Escape');
      el.invalid = true;
      el.errorMessage = 'Choose your country or region';
      await settle(el);
      await expectAccessible(el);
    });

    it('shows an error beside the field and reads it with the field', async () => {
      const el = await mount(html`<checkout-country-combobox
        required invalid error-message="Choose your country or region"></checkout-country-combobox>`);
      const error = el.shadowRoot!.querySelector('[part="error"]')!;
      expect(error.textContent).to.equal('Choose your country or region');
      expect(input(el).getAttribute('aria-invalid')).to.equal('true');
      const ids = input(el).getAttribute('aria-describedby')!.split(' ');
      expect(ids.map((id) => el.shadowRoot!.getElementById(id))).to.include(error);
      el.invalid = false;
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
      expect(input(el).hasAttribute('aria-describedby')).to.equal(false);
    });

    it('focus() moves focus to the input', async () => {
      const el = await mount();
      el.focus();
      expect(el.shadowRoot!.activeElement).to.equal(input(el));
    });

    it('announces the number of results in a live region', async () => {
      const el = await mount();
      await typeInto(el, 'united');
      const count = optionNames(el).length;
      expect(count).to.be.greaterThan(1);
      expect(status(el)).to.equal(`${count} results available`);
      await typeInto(el, ' kingdom');
      expect(status(el)).to.equal('1 result available');
      await typeInto(el, 'x');
      expect(status(el)).to.equal('No results');
      expect(expanded(el), 'an empty list is not shown').to.equal(false);
    });

    it('lets the announcement be translated', async () => {
      const el = await mount();
      el.resultsText = (count) => `${count} Ergebnisse`;
      await typeInto(el, 'united');
      expect(status(el)).to.equal(`${optionNames(el).length} Ergebnisse`);
    });
  });

  describe('keyboard', () => {
    it('typing filters: names starting with the text first, then codes, then names containing it', async () => {
      const el = await mount();
      await typeInto(el, 'ger');
      expect(expanded(el)).to.equal(true);
      expect(optionNames(el)[0]).to.equal('Germany');
      expect(optionNames(el)).to.include('Algeria');
      expect(optionNames(el).indexOf('Germany')).to.be.lessThan(optionNames(el).indexOf('Algeria'));
      expect(activeName(el), 'the first match is active').to.equal('Germany');

      await press(el, 'Escape');
      input(el).select();
      await typeInto(el, 'de');
      const names = optionNames(el);
      expect(names[0]).to.equal('Denmark');
      expect(names.indexOf('Germany'), 'matched by code DE').to.be.greaterThan(0);
      expect(names.indexOf('Germany')).to.be.lessThan(names.indexOf('Bangladesh'));

      input(el).select();
      await typeInto(el, 'us');
      expect(optionNames(el)[0]).to.equal('United States');
    });

    it('Down and Up move the active option and wrap; aria-activedescendant follows', async () => {
      const el = await three();
      el.focus();
      await press(el, 'ArrowDown');
      expect(expanded(el)).to.equal(true);
      expect(optionNames(el)).to.deep.equal(['France', 'Germany', 'Italy']);
      expect(activeName(el)).to.equal('France');
      expect(active(el)!.getAttribute('aria-selected')).to.equal('true');
      await press(el, 'ArrowDown');
      expect(activeName(el)).to.equal('Germany');
      await press(el, 'ArrowDown');
      expect(activeName(el)).to.equal('Italy');
      await press(el, 'ArrowDown');
      expect(activeName(el), 'wraps to the first').to.equal('France');
      await press(el, 'ArrowUp');
      expect(activeName(el), 'wraps to the last').to.equal('Italy');
      expect(
        el.shadowRoot!.querySelectorAll('[aria-selected="true"]'),
        'one active option',
      ).to.have.length(1);
      expect(el.shadowRoot!.activeElement, 'focus stays in the input').to.equal(input(el));
    });

    it('Up on a closed list opens it on the last option', async () => {
      const el = await three();
      el.focus();
      await press(el, 'ArrowUp');
      expect(activeName(el)).to.equal('Italy');
    });

    it('Enter selects the active option, closes and fires change', async () => {
      const el = await three();
      const values = changes(el);
      el.focus();
      await press(el, 'ArrowDown');
      await press(el, 'ArrowDown');
      const changed = oneEvent(el, 'change');
      await press(el, 'Enter');
      const event = await changed;
      expect(event.bubbles).to.equal(true);
      expect(event.composed).to.equal(true);
      expect(el.value).to.equal('DE');
      expect(values).to.deep.equal(['DE']);
      expect(input(el).value).to.equal('Germany');
      expect(expanded(el)).to.equal(false);
      expect(input(el).hasAttribute('aria-activedescendant')).to.equal(false);
    });

    it('Enter on an open list does not submit the surrounding form', async () => {
      const form = await fixture<HTMLFormElement>(html`<form>
        <checkout-country-combobox .countries=${['FR', 'DE']}></checkout-country-combobox>
        <button>Submit</button>
      </form>`);
      let submitted = 0;
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        submitted++;
      });
      const el = form.querySelector('checkout-country-combobox')!;
      await el.updateComplete;
      el.focus();
      await press(el, 'ArrowDown');
      await press(el, 'Enter');
      expect(el.value).to.equal('FR');
      expect(submitted).to.equal(0);
    });

    it('reopening shows every country with the selected one active', async () => {
      const el = await three();
      el.value = 'IT';
      await settle(el);
      expect(input(el).value).to.equal('Italy');
      el.focus();
      await press(el, 'ArrowDown');
      expect(optionNames(el)).to.have.length(3);
      expect(activeName(el)).to.equal('Italy');
      expect(
        el.shadowRoot!.querySelector('#option-IT')!.classList.contains('current'),
        'the current value is marked',
      ).to.equal(true);
    });

    it('Escape closes the list; a second Escape clears the field', async () => {
      const el = await three();
      el.value = 'FR';
      await settle(el);
      const values = changes(el);
      el.focus();
      await press(el, 'ArrowDown');
      await press(el, 'ArrowDown');
      await press(el, 'Escape');
      expect(expanded(el)).to.equal(false);
      expect(el.value, 'closing keeps the value').to.equal('FR');
      expect(values).to.deep.equal([]);
      await press(el, 'Escape');
      expect(input(el).value).to.equal('');
      expect(el.value).to.equal('');
      expect(values).to.deep.equal(['']);
    });

    it('Escape inside a dialog closes only the list', async () => {
      const dialog = await fixture<HTMLDialogElement>(html`<dialog>
        <checkout-country-combobox .countries=${['FR', 'DE']}></checkout-country-combobox>
      </dialog>`);
      dialog.showModal();
      const el = dialog.querySelector('checkout-country-combobox')!;
      await el.updateComplete;
      el.focus();
      await press(el, 'ArrowDown');
      await press(el, 'Escape');
      expect(expanded(el)).to.equal(false);
      expect(dialog.open).to.equal(true);
      dialog.close();
    });

    it('Tab selects the active option and moves on', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div>
        <checkout-country-combobox .countries=${['IT', 'DE', 'FR']}></checkout-country-combobox>
        <button>Next</button>
      </div>`);
      const el = wrapper.querySelector('checkout-country-combobox')!;
      await el.updateComplete;
      const values = changes(el);
      await typeInto(el, 'ita');
      expect(activeName(el)).to.equal('Italy');
      await press(el, 'Tab');
      expect(el.value).to.equal('IT');
      expect(values).to.deep.equal(['IT']);
      expect(document.activeElement).to.equal(wrapper.querySelector('button'));
      expect(expanded(el)).to.equal(false);
    });

    it('Tab with the list closed changes nothing', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div>
        <checkout-country-combobox value="DE"></checkout-country-combobox><button>Next</button>
      </div>`);
      const el = wrapper.querySelector('checkout-country-combobox')!;
      await el.updateComplete;
      const values = changes(el);
      el.focus();
      await press(el, 'Tab');
      expect(el.value).to.equal('DE');
      expect(values).to.deep.equal([]);
    });

    it('Alt+Down opens the list without moving the active option', async () => {
      const el = await three();
      el.focus();
      await sendKeys({ down: 'Alt' });
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ up: 'Alt' });
      await settle(el);
      expect(expanded(el)).to.equal(true);
      expect(input(el).hasAttribute('aria-activedescendant')).to.equal(false);
      expect(optionNames(el)).to.have.length(3);
      await press(el, 'ArrowDown');
      expect(activeName(el)).to.equal('France');
    });

    it('Home and End move the caret in the input', async () => {
      const el = await mount();
      await typeInto(el, 'Germ');
      await press(el, 'Home');
      expect(input(el).selectionStart).to.equal(0);
      expect(expanded(el)).to.equal(true);
      expect(optionNames(el)[0], 'the list is unchanged').to.equal('Germany');
      await press(el, 'End');
      expect(input(el).selectionStart).to.equal(4);
    });
  });

  describe('mouse', () => {
    async function clickCenter(target: Element) {
      const rect = target.getBoundingClientRect();
      await sendMouse({
        type: 'click',
        position: [Math.round(rect.x + rect.width / 2), Math.round(rect.y + rect.height / 2)],
      });
    }

    it('clicking the field opens the list; clicking an option selects it', async () => {
      const el = await three();
      const values = changes(el);
      await clickCenter(input(el));
      await settle(el);
      expect(expanded(el)).to.equal(true);
      await waitUntil(() => listbox(el).dataset['placement'], 'the list was never placed');
      await clickCenter(el.shadowRoot!.querySelector('#option-DE')!);
      await settle(el);
      expect(el.value).to.equal('DE');
      expect(values).to.deep.equal(['DE']);
      expect(expanded(el)).to.equal(false);
      expect(el.shadowRoot!.activeElement, 'focus stays in the field').to.equal(input(el));
    });

    it('the list closes on blur and half-typed text goes back to the chosen country', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div>
        <checkout-country-combobox value="FR"></checkout-country-combobox><button>Next</button>
      </div>`);
      const el = wrapper.querySelector('checkout-country-combobox')!;
      await el.updateComplete;
      input(el).select();
      await typeInto(el, 'Germ');
      expect(expanded(el)).to.equal(true);
      wrapper.querySelector('button')!.focus();
      await settle(el);
      expect(expanded(el)).to.equal(false);
      expect(input(el).value).to.equal('France');
      expect(el.value).to.equal('FR');
    });

    it('clearing the text and leaving clears the value', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div>
        <checkout-country-combobox value="FR"></checkout-country-combobox><button>Next</button>
      </div>`);
      const el = wrapper.querySelector('checkout-country-combobox')!;
      await el.updateComplete;
      const values = changes(el);
      input(el).select();
      await typeInto(el, 'x');
      await press(el, 'Backspace');
      wrapper.querySelector('button')!.focus();
      await settle(el);
      expect(el.value).to.equal('');
      expect(values).to.deep.equal(['']);
    });
  });

  describe('autofill', () => {
    /** What Chromium's autofill does to a text field: replace the value, fire input and change. */
    async function autofill(el: Combobox, value: string) {
      const field = input(el);
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
      await settle(el);
    }

    it('resolves an autofilled country name to its code', async () => {
      const el = await mount();
      const values = changes(el);
      await autofill(el, 'Germany');
      expect(el.value).to.equal('DE');
      expect(input(el).value).to.equal('Germany');
      expect(values).to.deep.equal(['DE']);
      expect(expanded(el), 'autofill does not open the list').to.equal(false);
    });

    it('resolves codes, aliases, other cases and accents', async () => {
      const el = await mount();
      await autofill(el, 'us');
      expect(el.value).to.equal('US');
      await autofill(el, 'United States of America');
      expect(el.value).to.equal('US');
      await autofill(el, 'UNITED KINGDOM');
      expect(el.value).to.equal('GB');
      await autofill(el, 'Cote d’Ivoire');
      expect(el.value).to.equal('CI');
    });

    it('resolves English names in another locale, and shows the local name', async () => {
      const el = await mount(
        html`<checkout-country-combobox locale="de"></checkout-country-combobox>`,
      );
      await autofill(el, 'Germany');
      expect(el.value).to.equal('DE');
      expect(input(el).value).to.equal('Deutschland');
    });

    it('does not select a country outside the allow-list', async () => {
      const el = await three();
      await autofill(el, 'Spain');
      expect(el.value).to.equal('');
    });
  });

  describe('properties', () => {
    it('`countries` limits the list', async () => {
      const el = await three();
      el.focus();
      await press(el, 'ArrowDown');
      expect(optionNames(el)).to.deep.equal(['France', 'Germany', 'Italy']);
      await press(el, 'Escape');
      await typeInto(el, 'spa');
      expect(optionNames(el)).to.deep.equal([]);
      expect(status(el)).to.equal('No results');
    });

    it('`countries` can be set as an attribute', async () => {
      const el = await mount(
        html`<checkout-country-combobox countries="us, ca gb"></checkout-country-combobox>`,
      );
      expect(el.countries).to.deep.equal(['US', 'CA', 'GB']);
      el.focus();
      await press(el, 'ArrowDown');
      expect(optionNames(el)).to.deep.equal(['Canada', 'United Kingdom', 'United States']);
    });

    it('names are localized with Intl.DisplayNames and matched in that language', async () => {
      const el = await mount(
        html`<checkout-country-combobox locale="de" value="DE"></checkout-country-combobox>`,
      );
      expect(input(el).value).to.equal('Deutschland');
      el.locale = 'fr';
      await settle(el);
      expect(input(el).value).to.equal('Allemagne');
      el.locale = 'de';
      await settle(el);
      input(el).select();
      await typeInto(el, 'österr');
      expect(optionNames(el)[0]).to.equal('Österreich');
      input(el).select();
      await typeInto(el, 'oster');
      expect(optionNames(el)[0], 'accents are optional').to.equal('Österreich');
    });

    it('a value set by the page shows its name and fires no change', async () => {
      const el = await mount();
      const values = changes(el);
      el.value = 'JP';
      await settle(el);
      expect(input(el).value).to.equal('Japan');
      expect(values).to.deep.equal([]);
    });

    it('submits its code with a form, and is invalid while required and empty', async () => {
      const form = await fixture<HTMLFormElement>(html`<form>
        <checkout-country-combobox name="country" required></checkout-country-combobox>
      </form>`);
      const el = form.querySelector('checkout-country-combobox')!;
      await el.updateComplete;
      expect(form.checkValidity()).to.equal(false);
      el.value = 'CA';
      await el.updateComplete;
      expect(new FormData(form).get('country')).to.equal('CA');
      expect(form.checkValidity()).to.equal(true);
      form.reset();
      await el.updateComplete;
      expect(el.value).to.equal('');
    });
  });

  // Where the browser has CSS anchor positioning the list's stylesheet places it, and Floating UI
  // is never downloaded; the same tests then run the Floating UI path older browsers take.
  for (const path of ['CSS anchor positioning', 'Floating UI'] as const)
    describe(`placement by ${path}`, () => {
      if (path === 'Floating UI') {
        before(() => {
          cssAnchoring.supported = false;
        });
        after(() => {
          cssAnchoring.supported = nativeAnchoring;
        });
      } else {
        it('this browser has CSS anchor positioning', () => {
          expect(nativeAnchoring).to.equal(true);
        });

        it('places the list by CSS alone, and never fetches Floating UI', async () => {
          const { el } = await openWithFieldAt(100);
          expect(listbox(el).hasAttribute('data-anchored')).to.equal(true);
          expect(listbox(el).style.top, 'no position written').to.equal('');
          expect(rect(listbox(el)).top).to.be.closeTo(rect(input(el)).bottom + 4, 1);
          expect(rect(listbox(el)).width).to.be.closeTo(rect(input(el)).width, 1);
          const fetched = performance
            .getEntriesByType('resource')
            .filter((entry) => entry.name.includes('floating-position'));
          expect(fetched).to.deep.equal([]);
        });
      }

      /**
       * A combobox inside a scrolling container inside another element's shadow
       * root: the situations where offsetParent arithmetic goes wrong.
       */
      async function mountInScroller() {
        const host = await fixture<HTMLElement>(html`<div></div>`);
        const root = host.attachShadow({ mode: 'open' });
        root.innerHTML = `<div id="scroller" style="height: 560px; overflow: auto; border: 1px solid">
        <div style="height: 900px"></div>
        <checkout-country-combobox></checkout-country-combobox>
        <div style="height: 900px"></div>
      </div>`;
        const scroller = root.getElementById('scroller')!;
        const el = root.querySelector('checkout-country-combobox')!;
        await el.updateComplete;
        return { scroller, el };
      }

      const rect = (element: Element) => element.getBoundingClientRect();

      /**
       * Whether the list shows at its place: hit-testing finds it there. A list
       * hidden by `visibility` or by CSS anchor positioning's
       * `position-visibility` is not found.
       */
      function painted(el: Combobox): boolean {
        const box = rect(listbox(el));
        const [x, y] = [box.left + box.width / 2, box.top + Math.min(box.height / 2, 10)];
        if (!box.width || y < 0 || y > window.innerHeight) return false;
        const hit = el.shadowRoot!.elementFromPoint(x, y);
        return hit !== null && listbox(el).contains(hit);
      }

      async function placed(el: Combobox) {
        await waitUntil(() => listbox(el).dataset['placement'], 'the list was never placed');
        await nextFrame();
        await nextFrame();
      }

      /** Mounts the combobox in the scroller, scrolls its field to `top` px from the viewport's top and opens the list. */
      async function openWithFieldAt(top: number) {
        const mounted = await mountInScroller();
        mounted.scroller.scrollTop += rect(input(mounted.el)).top - top;
        mounted.el.focus();
        await press(mounted.el, 'ArrowDown');
        await placed(mounted.el);
        return mounted;
      }

      it('flips above the field near the bottom of the viewport and stays inside it', async () => {
        const { scroller, el } = await mountInScroller();
        // Put the field about 40px from the bottom of the viewport.
        scroller.scrollTop += rect(input(el)).bottom - (window.innerHeight - 40);
        el.focus();
        await press(el, 'ArrowDown');
        await placed(el);
        const list = rect(listbox(el));
        const field = rect(input(el));
        expect(field.bottom).to.be.closeTo(window.innerHeight - 40, 2);
        expect(listbox(el).dataset['placement']).to.match(/^top/);
        expect(list.top).to.be.at.least(0);
        expect(list.bottom).to.be.at.most(window.innerHeight);
        expect(list.bottom).to.be.at.most(field.top);
        expect(list.height).to.be.greaterThan(100);
        expect(list.width, 'as wide as the field').to.be.closeTo(field.width, 1);
        expect(list.left).to.be.closeTo(field.left, 1);
      });

      it('follows the field when its container scrolls, and hides when the field scrolls out', async () => {
        const { scroller, el } = await openWithFieldAt(100);
        expect(painted(el)).to.equal(true);
        expect(listbox(el).dataset['placement']).to.match(/^bottom/);
        const before = rect(listbox(el)).top;
        expect(before).to.be.closeTo(rect(input(el)).bottom + 4, 1);

        scroller.scrollTop += 30;
        await waitUntil(
          () => Math.abs(rect(listbox(el)).top - (before - 30)) < 1,
          'did not follow',
        );
        expect(rect(listbox(el)).top).to.be.closeTo(rect(input(el)).bottom + 4, 1);

        // The field goes just below the container's bottom edge, still inside the viewport,
        // where the list (flipped above it) would cover the container's content.
        scroller.scrollTop -= rect(scroller).bottom + 10 - rect(input(el)).top;
        expect(rect(input(el)).top).to.be.greaterThan(rect(scroller).bottom);
        expect(rect(input(el)).top).to.be.lessThan(window.innerHeight);
        await waitUntil(
          () => !painted(el),
          'the list stayed visible after its field scrolled out of view',
        );
      });

      it('follows the field when the layout moves it, with no scroll', async () => {
        const { scroller, el } = await openWithFieldAt(100);
        expect(rect(listbox(el)).top).to.be.closeTo(rect(input(el)).bottom + 4, 1);

        // Content above the field grows (an error message, say): the field moves down 60px.
        // Without scroll anchoring, which would scroll to keep the field in place.
        scroller.style.overflowAnchor = 'none';
        const fieldTop = rect(input(el)).top;
        const spacer = scroller.firstElementChild as HTMLElement;
        spacer.style.height = `${spacer.offsetHeight + 60}px`;
        expect(rect(input(el)).top, 'the field moved').to.be.closeTo(fieldTop + 60, 1);
        await waitUntil(
          () => Math.abs(rect(listbox(el)).top - (rect(input(el)).bottom + 4)) < 1,
          'the list stayed where the field was',
        );
      });

      it('a list that grows and flips above its field raises no ResizeObserver error on the page', async () => {
        const errors: string[] = [];
        const onError = (event: ErrorEvent) => errors.push(event.message);
        window.addEventListener('error', onError);
        try {
          const { scroller, el } = await mountInScroller();
          // Little room below: the short list fits there, the long one flips above and shrinks.
          scroller.scrollTop += rect(input(el)).bottom - (window.innerHeight - 120);
          el.focus();
          await typeInto(el, 'united k');
          await placed(el);
          input(el).select();
          await typeInto(el, 'u');
          await placed(el);
          await aTimeout(100);
          expect(listbox(el).dataset['placement']).to.match(/^top/);
          expect(errors.filter((message) => /ResizeObserver/.test(message))).to.deep.equal([]);
        } finally {
          window.removeEventListener('error', onError);
        }
      });

      it('limits its height to the room available', async () => {
        // In the middle of the viewport, neither side has room for the list's 320px.
        const { el } = await openWithFieldAt(window.innerHeight / 2 - 22);
        const list = rect(listbox(el));
        expect(list.height).to.be.lessThan(320);
        expect(list.top).to.be.at.least(0);
        expect(list.bottom).to.be.at.most(window.innerHeight);
        const scrollable = listbox(el);
        expect(scrollable.scrollHeight).to.be.greaterThan(scrollable.clientHeight);
        // The active option is scrolled into view inside the list, not the page.
        await press(el, 'ArrowUp');
        const option = rect(active(el)!);
        const visible = rect(listbox(el));
        expect(option.top).to.be.at.least(visible.top - 1);
        expect(option.bottom).to.be.at.most(visible.bottom + 1);
      });

      it('stops following once closed, and when removed while open', async () => {
        const probe = probeAutoUpdate();
        try {
          const { scroller, el } = await openWithFieldAt(100);
          expect(probe.active(), 'the probe sees autoUpdate').to.be.greaterThan(0);
          await press(el, 'Escape');
          expect(probe.active(), 'closing stops autoUpdate').to.equal(0);
          listbox(el).style.top = '12345px';
          scroller.scrollTop += 20;
          await aTimeout(50);
          expect(listbox(el).style.top).to.equal('12345px');

          await press(el, 'ArrowDown');
          await placed(el);
          expect(probe.active()).to.be.greaterThan(0);
          el.remove();
          expect(probe.active(), 'removal stops autoUpdate').to.equal(0);
        } finally {
          probe.restore();
        }
      });
    });
});
