import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listedPieces, packWithoutKeys } from '../../build/keyless-packs.mjs';
import { addEnglish, type PackedMessages, unpack } from '../../src/i18n/messages.js';
import { errorMessages } from '../../src/i18n/parts/errors.js';
import { shippingRatesMessages } from '../../src/i18n/parts/shipping-rates.js';
import { partWords } from '../support/english-parts.js';

/**
 * The browser build writes locale packs without their keys
 * (build/keyless-packs.mjs); `unpack` and `addEnglish` put them back, for the
 * words of parts loaded before the pack and after it alike.
 */

const pieces = await listedPieces();
const source = async (tag: string) =>
  (await import(`../../src/i18n/locales/${tag}.js`)).default as Record<string, string>;
/** What the build writes, read back as the browser reads it. */
const built = (pack: Record<string, string>, tag: string) =>
  JSON.parse(JSON.stringify(packWithoutKeys(pack, pieces, tag))) as PackedMessages;

describe('locale packs without keys', () => {
  it('lists every key but the endpoint errors’ in the English order of its piece', async () => {
    const french = await source('fr');
    const [keyed, lists] = packWithoutKeys(french, pieces, 'fr');
    assert.deepEqual(Object.keys(keyed).sort(), Object.keys(errorMessages).sort());
    assert.equal(lists.fullName?.[1], french.addressLine1);
    assert.equal(lists.loading?.[0], french.loading);
    const listed = Object.values(lists).reduce((sum, words) => sum + words.length, 0);
    assert.equal(listed + Object.keys(keyed).length, Object.keys(french).length);
  });

  it('refuses a pack that misses a key, naming it', async () => {
    const { addressLine2: _, ...partial } = await source('de');
    assert.throws(() => packWithoutKeys(partial, pieces, 'de'), /"de" pack has no "addressLine2"/);
  });

  it('gives back every word, whether its part loaded before the pack or after', async () => {
    // Before any pack: the shipping rates' part (their words come at unpack).
    addEnglish(shippingRatesMessages);
    const german = await source('de');
    const unpacked = unpack(built(german, 'de'));
    assert.equal(unpacked.loading, german.loading);
    assert.equal(unpacked.shippingMethod, german.shippingMethod);
    assert.equal(unpacked.card_declined, german.card_declined);
    // Not loaded yet: the address form's words are not there until it is.
    assert.equal(unpacked.addressLine1, undefined);
    // Then every other part (adding one twice changes nothing).
    for (const words of partWords) addEnglish(words);
    assert.deepEqual(unpacked, german);
    // A pack read once every part is here has every word at once.
    const japanese = await source('ja');
    assert.deepEqual(unpack(built(japanese, 'ja')), japanese);
  });

  it('leaves a pack from the sources as it is', async () => {
    const italian = await source('it');
    assert.equal(unpack(italian as never), italian);
  });
});
