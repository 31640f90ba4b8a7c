/**
 * The Custom Elements Manifest (`custom-elements.json`, which package.json
 * points tools at) is built from the class doc comments by
 * `custom-elements-manifest.config.mjs` on every build, and Storybook's docs
 * pages from the same config. What it makes of the source must describe every
 * public element, with its inputs, events, parts and tokens, and nothing
 * internal.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cli } from '@custom-elements-manifest/analyzer/cli.js';
import type { ClassDeclaration, CustomElement, Package } from 'custom-elements-manifest/schema.js';
import { publicTags } from '../support/public-tags.js';

/** A class with a tag (the schema's own `CustomElementDeclaration` lacks the element's fields). */
type ElementDeclaration = ClassDeclaration & CustomElement;

const root = fileURLToPath(new URL('../..', import.meta.url));

const events = [
  'checkout-ready',
  'checkout-change',
  'checkout-success',
  'checkout-cancel',
  'checkout-error',
  'checkout-expired',
];

const generated = cli({
  argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'],
  cwd: root,
  noWrite: true,
});

function elements(manifest: Package): Map<string, ElementDeclaration> {
  const found = new Map<string, ElementDeclaration>();
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      const element = declaration as ElementDeclaration;
      if (declaration.kind === 'class' && element.tagName) found.set(element.tagName, element);
    }
  }
  return found;
}

const names = (items: Array<{ name: string }> | undefined) =>
  (items ?? []).map((item) => item.name);

test('every public element, and only those, has a tag', async () => {
  assert.deepEqual([...elements(await generated).keys()].sort(), [...publicTags].sort());
});

test('every element documents its parts and the design tokens', async () => {
  for (const [tag, element] of elements(await generated)) {
    assert.ok(names(element.cssParts).length > 0, `${tag} has no documented part`);
    assert.ok(
      names(element.cssProperties).includes('--checkout-color-primary'),
      `${tag} lists no design tokens`,
    );
  }
});

test('<checkout-embedded> and <checkout-provider> list their inputs and every event', async () => {
  const found = elements(await generated);
  for (const tag of ['checkout-embedded', 'checkout-provider']) {
    const element = found.get(tag)!;
    assert.deepEqual(names(element.events), events, `${tag} events`);
    for (const attribute of ['client-secret', 'endpoint', 'locale'])
      assert.ok(names(element.attributes).includes(attribute), `${tag} attribute ${attribute}`);
    for (const property of ['clientSecret', 'fetchClientSecret', 'appearance'])
      assert.ok(names(element.members).includes(property), `${tag} property ${property}`);
  }
  assert.deepEqual(names(found.get('checkout-provider')!.slots), ['']);
  assert.ok(names(found.get('checkout-provider')!.members).includes('confirm'));
  assert.deepEqual(names(found.get('checkout-address')!.attributes), ['type', 'fields']);
});

test('nothing private is listed', async () => {
  for (const [tag, element] of elements(await generated)) {
    for (const member of element.members ?? []) {
      assert.ok(
        !('privacy' in member) || !member.privacy || member.privacy === 'public',
        `${tag}.${member.name} is ${'privacy' in member ? member.privacy : ''}`,
      );
      assert.ok(!('static' in member && member.static), `${tag}.${member.name} is static`);
    }
    for (const internal of ['registerField', 'registerCard', 'focusProblem'])
      assert.ok(!names(element.members).includes(internal), `${tag}.${internal} is internal`);
  }
});
