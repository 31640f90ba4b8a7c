import { posix } from 'node:path';

/**
 * The Custom Elements Manifest (`custom-elements.json`): the public API of
 * every element, read from the class doc comments and Lit's decorators.
 * Storybook's docs pages and args tables are built from it, and editors and
 * framework tooling find it through package.json's `customElements`.
 *
 * Covered: the element classes, the base class whose `@cssprop` tokens every
 * custom-mode element inherits, and the define modules, whose
 * `defineElement(tag, Class)` calls give each class its tag. Left out: the
 * internal country combobox and tooltip (implementation details of
 * `<checkout-address>`, `<checkout-card>` and `<checkout-totals>`, neither
 * exported nor reachable from outside their hosts' shadow roots), styles,
 * the provider's context and the lazily loaded QR encoder.
 */
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: [
    'src/elements/internal/**',
    'src/elements/**/*.styles.ts',
    'src/elements/shared/field.ts',
    'src/elements/checkout-provider/checkout-context.ts',
    'src/elements/checkout-crypto/qr-code.ts',
    'src/elements/checkout-provider/challenge-dialog.ts',
  ],
  outdir: '.',
  litelement: true,
  // The package.json field is kept by hand; the analyzer would rewrite the whole file.
  packagejson: false,
  plugins: [defineElementCalls(), publicApiOnly()],
};

/**
 * `defineElement('checkout-card', CheckoutCard)` is the kit's guarded
 * `customElements.define`; record it as the custom element definition the
 * analyzer records for the native call, so each class gets its tag.
 */
function defineElementCalls() {
  return {
    name: 'checkout-kit: defineElement calls',
    analyzePhase({ ts, node, moduleDoc, context }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'defineElement') return;
      const [tag, klass] = node.arguments;
      if (!tag || !klass || !ts.isStringLiteral(tag) || !ts.isIdentifier(klass)) return;
      const imported = context.imports?.find((entry) => entry.name === klass.text);
      const module = imported
        ? posix.join(posix.dirname(moduleDoc.path), imported.importPath).replace(/\.js$/, '.ts')
        : moduleDoc.path;
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        {
          kind: 'custom-element-definition',
          name: tag.text,
          declaration: { name: klass.text, module },
        },
      ];
    },
  };
}

/**
 * Private and protected members, static fields (`styles`, `shadowRootOptions`)
 * and Lit's internal state are implementation, not API: keep them out, so
 * the docs' args tables show only what a page can set. So are the attributes
 * the analyzer gives a private field: it reads `static properties` without
 * their `state: true`, which in Lit means no attribute.
 */
function publicApiOnly() {
  const isPublic = (member) =>
    !member.static &&
    (member.privacy ?? 'public') === 'public' &&
    !member.name.startsWith('_') &&
    !member.name.startsWith('#');
  return {
    name: 'checkout-kit: public API only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules ?? []) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.kind !== 'class' || !declaration.members) continue;
          const hidden = new Set(
            declaration.members.filter((member) => !isPublic(member)).map(({ name }) => name),
          );
          declaration.members = declaration.members.filter(isPublic);
          declaration.attributes = declaration.attributes?.filter(
            (attribute) => !hidden.has(attribute.fieldName),
          );
        }
      }
    },
  };
}
