/**
 * HTML that escapes by default. Report values come from AWS and from manifests (tag values,
 * resource names, refs) and may hold markup; the only way to put text into a document is through
 * the `html` tag, which escapes every interpolation that is not itself `html`-built.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML element body or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

// Not exported: nothing outside this module can wrap an arbitrary string as trusted markup.
const TRUSTED: unique symbol = Symbol('trusted-html');

/** Markup built by `html`: inserted as is when interpolated into another `html` template. */
export class SafeHtml {
  readonly #markup: string;

  constructor(token: typeof TRUSTED, markup: string) {
    if (token !== TRUSTED) throw new TypeError('SafeHtml is built only by the html template tag');
    this.#markup = markup;
  }

  /** The markup. */
  toString(): string {
    return this.#markup;
  }
}

/**
 * What a template may interpolate: markup, text or a number (escaped), a list of those, or
 * `false`/`null`/`undefined` for nothing (so `${cond && html`...`}` reads naturally).
 */
export type HtmlValue =
  | SafeHtml
  | string
  | number
  | false
  | null
  | undefined
  | readonly HtmlValue[];

/**
 * Template tag that escapes every interpolated value unless it is `SafeHtml`. The literal parts are
 * trusted markup; attribute values must be quoted in them (`class="${x}"`) so escaping quotes is
 * enough to keep a value inside its attribute.
 *
 * @example html`<td title="${path}">${value}</td>`
 */
export function html(literals: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = literals[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (literals[i + 1] ?? '');
  });
  return new SafeHtml(TRUSTED, out);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (value === false || value === null || value === undefined) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return escapeHtml(String(value));
  return value.map(render).join('');
}

/**
 * A URL that may stand in an `href`: http(s) or a relative reference. Anything with another scheme
 * (`javascript:`, `data:`) is refused, so a link cannot run code even where scripts were allowed.
 */
export function safeHref(url: string): string | undefined {
  // Browsers drop ASCII whitespace and control characters before reading the scheme.
  const cleaned = [...url].filter((c) => c.charCodeAt(0) > 0x20).join('');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' ? url : undefined;
}
