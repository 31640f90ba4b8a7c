/**
 * Message templates, DOM-free:
 *
 *   template ── parse ──▶ parts ── format(params, locale) ──▶ text
 *
 * A template holds `{name}` placeholders and, for counts, a subset of ICU
 * plural syntax: `{count, plural, =0 {none} one {# day} other {# days}}`. The
 * branch is picked by an exact `=n` match, then by the `Intl.PluralRules`
 * category of the locale, then `other`; `#` is the count formatted for the
 * locale. Numbers given as params are formatted for the locale too.
 * Apostrophes are plain text (no ICU quoting), as French and Italian need.
 */

export type MessageParams = Record<string, string | number>;

type Part =
  | { type: 'text'; value: string }
  | { type: 'arg'; name: string }
  | { type: 'count' }
  | { type: 'plural'; name: string; branches: Map<string, Part[]> };

/** What a template asks for: its placeholders and the branches of each plural. */
export interface TemplateShape {
  names: Set<string>;
  plurals: { name: string; selectors: string[] }[];
}

const parsed = new Map<string, Part[]>();

/** Parses a template; throws a `SyntaxError` saying where it is malformed. */
export function parseMessage(template: string): Part[] {
  let cached = parsed.get(template);
  if (!cached) {
    const reader = { text: template, at: 0 };
    cached = readParts(reader, false);
    if (reader.at < template.length) fail(reader, 'unexpected "}"');
    parsed.set(template, cached);
  }
  return cached;
}

/**
 * Plain text up to the next brace or `#` (or a `#` that is text, outside a
 * plural), read as one run rather than a character at a time.
 */
const plainText = /[^{}#]+|#/y;

/** The placeholders and plural branches of a template (for checking translations). */
export function templateShape(template: string): TemplateShape {
  const shape: TemplateShape = { names: new Set(), plurals: [] };
  const walk = (parts: Part[]) => {
    for (const part of parts) {
      if (part.type === 'arg') shape.names.add(part.name);
      if (part.type === 'plural') {
        shape.names.add(part.name);
        shape.plurals.push({ name: part.name, selectors: [...part.branches.keys()] });
        for (const branch of part.branches.values()) walk(branch);
      }
    }
  };
  walk(parseMessage(template));
  return shape;
}

/**
 * Fills a template. Never throws: a malformed template (a merchant's
 * override, say) is shown with its plain `{name}` placeholders filled.
 */
export function formatMessage(
  template: string,
  params: MessageParams,
  locale: string,
  numbers: () => { format(value: number): string } = () => new Intl.NumberFormat(locale),
): string {
  const show = (value: string | number | undefined) =>
    value === undefined ? '' : typeof value === 'number' ? numbers().format(value) : value;
  let parts: Part[];
  try {
    parts = parseMessage(template);
  } catch {
    return template.replace(/\{(\w+)\}/g, (_, name: string) => show(params[name]));
  }
  let plurals: Intl.PluralRules | undefined;
  const renderPart = (part: Part, count: number | undefined): string => {
    if (part.type === 'text') return part.value;
    if (part.type === 'arg') return show(params[part.name]);
    if (part.type === 'count') return count === undefined ? '#' : numbers().format(count);
    const value = Number(params[part.name] ?? 0);
    plurals ??= new Intl.PluralRules(locale);
    const branch =
      part.branches.get(`=${value}`) ??
      part.branches.get(plurals.select(value)) ??
      part.branches.get('other')!;
    return render(branch, value);
  };
  const render = (list: Part[], count: number | undefined): string =>
    list.map((part) => renderPart(part, count)).join('');
  return render(parts, undefined);
}

interface Reader {
  text: string;
  at: number;
}

function fail(reader: Reader, problem: string): never {
  throw new SyntaxError(`${problem} at ${reader.at} in "${reader.text}"`);
}

/** Text and placeholders up to an unmatched `}` (a branch's end) or the end. */
function readParts(reader: Reader, inBranch: boolean): Part[] {
  const parts: Part[] = [];
  let text = '';
  const flush = () => {
    if (text) parts.push({ type: 'text', value: text });
    text = '';
  };
  while (reader.at < reader.text.length) {
    const char = reader.text[reader.at]!;
    if (char === '}') break;
    if (char === '#' && inBranch) {
      flush();
      parts.push({ type: 'count' });
      reader.at++;
    } else if (char === '{') {
      flush();
      parts.push(readPlaceholder(reader));
    } else {
      // The first render parses every message it shows, before the JIT has
      // warmed: a run per match, not a character per loop, is most of that cost.
      text += readMatch(reader, plainText)![0];
    }
  }
  flush();
  return parts;
}

/** `{name}` or `{name, plural, selector {…} …}`, from its opening brace. */
function readPlaceholder(reader: Reader): Part {
  reader.at++;
  const name = readMatch(reader, /\s*(\w+)\s*/y)?.[1] ?? fail(reader, 'placeholder without a name');
  if (reader.text[reader.at] === '}') {
    reader.at++;
    return { type: 'arg', name };
  }
  if (!readMatch(reader, /,\s*plural\s*,\s*/y))
    fail(reader, `"{${name}" is not "{${name}}" or a plural`);
  const branches = new Map<string, Part[]>();
  for (;;) {
    const selector = readMatch(reader, /\s*(=\d+|zero|one|two|few|many|other)\s*\{/y)?.[1];
    if (!selector) break;
    if (branches.has(selector)) fail(reader, `plural branch "${selector}" twice`);
    branches.set(selector, readParts(reader, true));
    if (reader.text[reader.at] !== '}') fail(reader, `plural branch "${selector}" not closed`);
    reader.at++;
  }
  if (!readMatch(reader, /\s*\}/y)) fail(reader, `plural "${name}" not closed`);
  if (!branches.has('other')) fail(reader, `plural "${name}" has no "other" branch`);
  return { type: 'plural', name, branches };
}

function readMatch(reader: Reader, pattern: RegExp): RegExpExecArray | null {
  pattern.lastIndex = reader.at;
  const match = pattern.exec(reader.text);
  if (match) reader.at = pattern.lastIndex;
  return match;
}
