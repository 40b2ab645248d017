/**
 * XML writing for the query and EC2 protocols: escaping, and a small schema-driven writer that
 * turns an SDK-output-shaped object into AWS's elements, with the element and list-item names each
 * service uses.
 *
 * A shape only lists the members whose wire names differ from the protocol's default rule; every
 * other member is written under its default name, so shapes stay short.
 */

/** How one member of a structure is written. */
export interface XmlMember {
  /** Element name. @default - the protocol's naming rule applied to the member name */
  readonly name?: string;
  /**
   * For lists: the element wrapping each item (`member`, `item`, `DBInstance`, ...). @default - the
   * protocol's list item name
   */
  readonly item?: string;
  /**
   * For structures, and lists of structures: how their own members are written. @default - all
   * default names
   */
  readonly shape?: XmlShape;
  /** The member is a map, written as `<entry><key/><value/></entry>`. @default false */
  readonly map?: boolean;
}

/** The members of one structure that need more than the default naming. */
export type XmlShape = Readonly<Record<string, XmlMember>>;

/** The naming rules of one protocol or service. */
export interface XmlStyle {
  /** Turns a member name into its element name (identity for awsQuery, lowerCamel for EC2). */
  readonly elementName: (member: string) => string;
  /** Element wrapping each list item when the shape says nothing. */
  readonly listItem: string;
  /**
   * Member names renamed wherever they appear, unless a shape says otherwise (EC2's `Tags` →
   * `tagSet`).
   */
  readonly renames?: Readonly<Record<string, string>>;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#13;',
};

/** Escapes text for XML content and attribute values (a carriage return survives as `&#13;`). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"\r]/g, (c) => ESCAPES[c] ?? c);
}

/** Writes `<name>text</name>` with the text escaped. */
export function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** awsQuery services: element names are the member names, list items are `<member>`. */
export const QUERY_STYLE: XmlStyle = { elementName: (member) => member, listItem: 'member' };

/**
 * Renders the members of `value` as a sequence of XML elements, following `shape` and `style`.
 * `undefined` and `null` members are left out, as AWS leaves out absent members.
 */
export function renderStruct(value: unknown, shape: XmlShape, style: XmlStyle): string {
  if (value === null || typeof value !== 'object') {
    return '';
  }
  let xml = '';
  for (const [member, memberValue] of Object.entries(value)) {
    if (memberValue === undefined || memberValue === null) {
      continue;
    }
    const spec = shape[member] ?? {};
    const name = spec.name ?? style.renames?.[member] ?? style.elementName(member);
    xml += renderMember(name, memberValue, spec, style);
  }
  return xml;
}

function renderMember(name: string, value: unknown, spec: XmlMember, style: XmlStyle): string {
  if (Array.isArray(value)) {
    const item = spec.item ?? style.listItem;
    const items = value
      .filter((v) => v !== undefined && v !== null)
      .map((v) => renderMember(item, v, { shape: spec.shape ?? {} }, style))
      .join('');
    return `<${name}>${items}</${name}>`;
  }
  if (value instanceof Date) {
    return element(name, value.toISOString());
  }
  if (typeof value === 'object' && value !== null) {
    if (spec.map) {
      const entries = Object.entries(value)
        .map(([k, v]) => `<entry>${element('key', k)}${element('value', scalarText(v))}</entry>`)
        .join('');
      return `<${name}>${entries}</${name}>`;
    }
    return `<${name}>${renderStruct(value, spec.shape ?? {}, style)}</${name}>`;
  }
  return element(name, scalarText(value));
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  return JSON.stringify(value) ?? '';
}
