/**
 * Markup shared by the XML formats (Moodle XML, QTI 3.0) and HTML question text:
 *  - `parseXml`: a well-formedness check with the line of the first error, then a small tree
 *    (elements with attributes, text, the character offset where each element starts). DOCTYPE
 *    entity declarations are refused (no entity expansion); entities are decoded here, once.
 *  - `htmlToText` / `textToHtml`: question text between HTML and the item bank's plain text
 *    (paragraphs and line breaks survive a round trip).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlEl {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Character offset of the element's `<` in the text. */
  start: number;
}
export type XmlNode = XmlEl | string;

export const isEl = (n: XmlNode | undefined): n is XmlEl => typeof n === 'object' && n !== null;

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const HTML_ENTITIES: Record<string, string> = {
  ...XML_ENTITIES,
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  middot: '·',
  bull: '•',
  times: '×',
  divide: '÷',
  deg: '°',
  plusmn: '±',
  le: '≤',
  ge: '≥',
  ne: '≠',
  minus: '−',
  laquo: '«',
  raquo: '»',
  para: '¶',
  sect: '§',
  micro: 'µ',
};

const codePoint = (n: number) => (Number.isInteger(n) && n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\uFFFD');

function decodeWith(table: Record<string, string>, s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g, (m, e: string) => {
    if (e[0] === '#') return codePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return table[e] ?? m;
  });
}

/** XML's five entities and character references. */
export const decodeXmlEntities = (s: string) => decodeWith(XML_ENTITIES, s);
/** XML's entities, character references and the common HTML named entities. */
export const decodeHtmlEntities = (s: string) => decodeWith(HTML_ENTITIES, s);

/** Text for XML content and attribute values. */
export const escapeXml = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!).replace(
    // Characters XML 1.0 cannot carry at all.
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g,
    '',
  );

/** 1-based line of a character offset. */
export function lineAtOffset(text: string): (offset: number) => number {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
type Raw = Record<string, unknown> & { ':@'?: Record<string, string> };

function convert(nodes: Raw[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const n of nodes) {
    if (typeof n['#text'] === 'string' || typeof n['#text'] === 'number') out.push(decodeXmlEntities(String(n['#text'])));
    else if (Array.isArray(n['#cdata'])) out.push((n['#cdata'] as Raw[]).map((c) => (typeof c['#text'] === 'string' ? c['#text'] : '')).join(''));
    else {
      const name = Object.keys(n).find((k) => k !== ':@');
      if (!name || !Array.isArray(n[name])) continue;
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(n[':@'] ?? {})) attrs[k] = decodeXmlEntities(String(v));
      const meta = (n as Record<symbol, { startIndex?: number } | undefined>)[META];
      out.push({ name, attrs, children: convert(n[name] as Raw[]), start: meta?.startIndex ?? 0 });
    }
  }
  return out;
}

/** Parses an XML document; the error names the line where the document stops being XML. */
export function parseXml(text: string): { root: XmlEl } | { error: { line: number; message: string } } {
  const entity = /<!ENTITY/i.exec(text);
  if (entity) return { error: { line: lineAtOffset(text)(entity.index), message: 'entity declarations (<!ENTITY …>) are not accepted' } };
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) return { error: { line: valid.err.line, message: `not well-formed XML: ${valid.err.msg}` } };
  let raw: Raw[];
  try {
    raw = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '',
      allowBooleanAttributes: true,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      processEntities: false,
      cdataPropName: '#cdata',
      removeNSPrefix: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      captureMetaData: true,
      maxNestedTags: 200,
    }).parse(text) as Raw[];
  } catch (err) {
    return { error: { line: 1, message: `the XML cannot be read: ${err instanceof Error ? err.message : String(err)}` } };
  }
  const root = convert(raw).find(isEl);
  if (!root) return { error: { line: 1, message: 'the file has no XML element' } };
  return { root };
}

export const childEls = (el: XmlEl, name?: string): XmlEl[] => el.children.filter((c): c is XmlEl => isEl(c) && (name === undefined || c.name === name));
export const childEl = (el: XmlEl, name: string): XmlEl | undefined => childEls(el, name)[0];

/** Every descendant element with that name, in document order. */
export function descendants(el: XmlEl, name: string): XmlEl[] {
  const out: XmlEl[] = [];
  const walk = (e: XmlEl) => {
    for (const c of e.children) {
      if (!isEl(c)) continue;
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

/** All text inside an element (markup removed, entities already decoded). */
export const textOf = (el: XmlEl | undefined): string => (el ? el.children.map((c) => (isEl(c) ? textOf(c) : c)).join('') : '');

/**
 * Re-serialises element content as HTML, letting `replace` substitute some elements
 * (interactions) with text of its choosing. Text is escaped, unless `textIsHtml` (Moodle's
 * `<text>`, whose content is HTML source written in CDATA or escaped).
 */
export function toHtml(nodes: XmlNode[], replace: (el: XmlEl) => string | undefined = () => undefined, textIsHtml = false): string {
  return nodes
    .map((n) => {
      if (!isEl(n)) return textIsHtml ? n : escapeXml(n);
      const r = replace(n);
      if (r !== undefined) return r;
      const attrs = Object.entries(n.attrs)
        .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
        .join('');
      return `<${n.name}${attrs}>${toHtml(n.children, replace, textIsHtml)}</${n.name}>`;
    })
    .join('');
}

/** Whether HTML shows images (which an import cannot bring along). */
export const hasImages = (html: string) => /<img\b/i.test(html);

/**
 * HTML → plain text as a browser would lay it out: source whitespace collapses, `<br>` is a
 * line break, paragraphs and blocks are separated by a blank line, list items and table rows
 * by a line break; tags go, entities are decoded.
 */
export function htmlToText(html: string): string {
  // Tag patterns stop at the next `<` as well as at `>`, so that text full of unclosed `<` is
  // read in linear time (no pattern rescans the rest of the text from every `<`).
  const s = cutBetween(cutBetween(cutBetween(html, '<!--', '-->'), '<script', '</script>'), '<style', '</style>')
    .replace(/[ \t\r\n]+/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(?:p|div|h[1-6]|ul|ol|table|blockquote|pre|section|article|figure)\b[^<>]*>/gi, '\n\n')
    .replace(/<\/?(?:li|tr|dt|dd)\b[^<>]*>/gi, '\n')
    .replace(/<\/t[dh]\s*>/gi, ' ')
    .replace(/<img\b[^<>]*>/gi, (tag) => ` ${/\balt\s*=\s*"([^"]*)"/i.exec(tag)?.[1] ?? ''} `)
    .replace(/<[^<>]*>/g, '');
  return tidyText(decodeHtmlEntities(s));
}

/** Removes every `open … close` span (case-insensitive; an unclosed one runs to the end), in one pass. */
function cutBetween(s: string, open: string, close: string): string {
  const lower = s.toLowerCase();
  let out = '';
  let from = 0;
  for (;;) {
    const a = lower.indexOf(open, from);
    if (a === -1) return out + s.slice(from);
    out += s.slice(from, a);
    const b = lower.indexOf(close, a + open.length);
    if (b === -1) return out;
    from = b + close.length;
  }
}

/** Trims every line, collapses runs of blank lines to one, trims the whole. */
export const tidyText = (s: string): string =>
  s
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/** Plain text → HTML (XHTML, for QTI too): paragraphs at blank lines, `<br/>` for single line breaks. */
export const textToHtml = (text: string): string =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${p.split('\n').map(escapeXml).join('<br/>')}</p>`)
    .join('');
