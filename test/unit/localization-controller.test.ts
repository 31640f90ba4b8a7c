import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalizationController } from '../../src/controllers/localization-controller.js';
import { loadedPack } from '../../src/i18n/loader.js';

/** A host with nothing rendered: only what the controller calls. */
function host() {
  return Object.assign(new EventTarget(), {
    addController() {},
    removeController() {},
    requestUpdate() {},
    updateComplete: Promise.resolve(true),
  });
}

describe('LocalizationController', () => {
  it('formats in the asked locale while its words load, keeping the words on screen', () => {
    const inputs = { locale: null as string | null, sessionLocale: null, messages: null };
    // Unconnected: the pack is never fetched, so the words stay "still loading".
    const localization = new LocalizationController(host(), () => inputs);
    // A provider's first context is made before its `locale` property is set.
    assert.equal(localization.translator.locale, 'en');
    assert.equal(loadedPack('nl'), undefined, 'the Dutch pack is not loaded yet');
    inputs.locale = 'nl-BE';
    const loading = localization.translator;
    assert.equal(loading.locale, 'nl-BE', 'money, numbers and the likeliest country as asked');
    assert.equal(loading.t('pay', { amount: 'x' }), 'Pay x', 'English words until Dutch arrives');
  });
});
