/**
 * HTML → blocks, with htmlparser2: h1–h6 set the heading path; block elements (p, li, td, pre,
 * div, …) end a block; script, style, nav, noscript, template and the head (except its <title>)
 * are dropped. Entities are decoded by the parser.
 */
import { Parser } from 'htmlparser2';
import { HeadingTrail, tidy, type TextBlock } from './types.ts';

const SKIP = new Set(['script', 'style', 'nav', 'noscript', 'template', 'head', 'svg', 'iframe', 'object', 'button', 'select']);
const BLOCK = new Set([
  'p', 'div', 'li', 'dt', 'dd', 'pre', 'blockquote', 'section', 'article', 'main', 'aside', 'header', 'footer', 'figure',
  'figcaption', 'table', 'tr', 'caption', 'ul', 'ol', 'dl', 'form', 'fieldset', 'address', 'hr', 'body', 'html',
]);
const HEADING = /^h([1-6])$/;

export function readHtml(source: string): { blocks: TextBlock[]; title: string | null } {
  const trail = new HeadingTrail();
  const blocks: TextBlock[] = [];
  let title: string | null = null;
  let firstH1: string | null = null;
  let skip = 0;
  let inTitle = false;
  let titleText = '';
  let pre = 0;
  let heading: { level: number; text: string } | null = null;
  let buf = '';
  const flush = () => {
    const t = tidy(buf);
    buf = '';
    if (t) blocks.push({ headingPath: trail.path, text: t });
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'title') {
          inTitle = true;
          return;
        }
        if (SKIP.has(name)) {
          skip++;
          return;
        }
        if (skip) return;
        const h = HEADING.exec(name);
        if (h) {
          flush();
          heading = { level: Number(h[1]), text: '' };
        } else if (BLOCK.has(name)) flush();
        else if (name === 'br') {
          if (heading) heading.text += ' ';
          else buf += '\n';
        } else if (name === 'td' || name === 'th') buf += ' | ';
        if (name === 'pre') pre++;
      },
      ontext(text) {
        if (inTitle) titleText += text;
        else if (skip) return;
        else if (heading) heading.text += text;
        else buf += pre ? text : text.replace(/\s+/g, ' ');
      },
      onclosetag(name) {
        if (name === 'title') {
          inTitle = false;
          title = tidy(titleText) || null;
          return;
        }
        if (SKIP.has(name)) {
          skip = Math.max(0, skip - 1);
          return;
        }
        if (skip) return;
        const h = HEADING.exec(name);
        if (h && heading) {
          const text = tidy(heading.text.replace(/\s+/g, ' '));
          if (text) {
            if (heading.level === 1 && firstH1 === null) firstH1 = text;
            trail.heading(heading.level, text);
          }
          heading = null;
        } else if (BLOCK.has(name)) flush();
        if (name === 'pre') pre = Math.max(0, pre - 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(source);
  parser.end();
  flush();
  // table rows start with the cell separator
  for (const b of blocks) b.text = b.text.replace(/^\|\s*/, '').replace(/\n\|\s*/g, '\n');
  return { blocks, title: title ?? firstH1 };
}
