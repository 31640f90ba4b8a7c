import { minifyHTMLLiterals } from 'minify-literals';

/**
 * Minifies the HTML and CSS inside Lit's `html`, `svg` and `css` templates
 * of the kit's own modules: indentation and comments are bytes every customer
 * downloads. Whitespace between inline content collapses to one space, never
 * to none, so rendered text keeps its word breaks.
 */
export function minifyTemplates() {
  return {
    name: 'checkout-kit:minify-templates',
    apply: 'build',
    enforce: 'post',
    async transform(code, id) {
      if (!/\/src\/.*\.[jt]s$/.test(id) || !/\b(html|svg|css)`/.test(code)) return null;
      const result = await minifyHTMLLiterals(code, {
        fileName: id,
        html: { collapseWhitespace: true, conservativeCollapse: true, removeComments: true },
      });
      return result ? { code: result.code, map: result.map } : null;
    },
  };
}
