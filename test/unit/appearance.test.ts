import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Appearance, resolveAppearance } from '../../src/elements/shared/appearance.js';

/** `resolveAppearance`: what an `appearance` object stands for, before any DOM. */

const scheme = (appearance: Appearance, prefersDark = false) =>
  resolveAppearance(appearance, prefersDark).scheme;

describe('resolveAppearance', () => {
  test('each theme has its scheme, whatever the operating system prefers', () => {
    for (const prefersDark of [false, true]) {
      assert.equal(scheme({}, prefersDark), 'light');
      assert.equal(scheme({ theme: 'default' }, prefersDark), 'light');
      assert.equal(scheme({ theme: 'flat' }, prefersDark), 'light');
      assert.equal(scheme({ theme: 'night' }, prefersDark), 'dark');
    }
  });

  test('an explicit colorScheme wins over the theme; only auto asks the operating system', () => {
    assert.equal(scheme({ theme: 'night', colorScheme: 'light' }, true), 'light');
    assert.equal(scheme({ theme: 'default', colorScheme: 'dark' }, false), 'dark');
    assert.equal(scheme({ theme: 'night', colorScheme: 'auto' }, false), 'light');
    assert.equal(scheme({ colorScheme: 'auto' }, true), 'dark');
  });

  test('the default light theme sets nothing: its values are the stylesheet defaults', () => {
    assert.deepEqual(resolveAppearance({ theme: 'default' }, false).tokens, {});
  });

  test('night sets dark colours and paints the elements; flat fills inputs and drops shadows', () => {
    const night = resolveAppearance({ theme: 'night' }, false).tokens;
    assert.equal(night.background, '#15181e');
    assert.equal(night.paint, 'var(--_background)');
    const flat = resolveAppearance({ theme: 'flat' }, false).tokens;
    assert.equal(flat.field, 'var(--_surface)');
    assert.equal(flat['input-border'], '0 0 2px');
    assert.equal(flat.shadow, 'none');
    assert.equal(flat.background, undefined);
    const flatDark = resolveAppearance({ theme: 'flat', colorScheme: 'dark' }, false).tokens;
    assert.equal(flatDark.background, '#15181e');
    assert.equal(flatDark.surface, '#262a33');
  });

  test('variables map to their tokens and win over the theme', () => {
    const { tokens, unknown } = resolveAppearance(
      {
        theme: 'night',
        variables: {
          colorPrimary: '#0a7',
          colorOnPrimary: '#000',
          fontFamily: 'Georgia, serif',
          fontSizeBase: '18px',
          borderRadius: '0',
          spacingUnit: '10px',
        },
      },
      false,
    );
    assert.deepEqual(unknown, []);
    assert.equal(tokens.primary, '#0a7');
    assert.equal(tokens['on-primary'], '#000');
    assert.equal(tokens.font, 'Georgia, serif');
    assert.equal(tokens.size, '18px');
    assert.equal(tokens.radius, '0');
    assert.equal(tokens.space, '10px');
  });

  test('unknown themes, schemes and variables, and values that are not strings, are reported and left out', () => {
    const { tokens, unknown, scheme } = resolveAppearance(
      {
        theme: 'neon',
        colorScheme: 'dusk',
        variables: { colourPrimary: 'red', borderRadius: 4 },
      } as unknown as Appearance,
      false,
    );
    assert.deepEqual(unknown, [
      'theme "neon"',
      'colorScheme "dusk"',
      'variables.colourPrimary',
      'variables.borderRadius',
    ]);
    assert.deepEqual(tokens, {});
    assert.equal(scheme, 'light');
  });
});
