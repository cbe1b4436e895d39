/** Markdown → blocks, with marked's lexer: headings set the path; paragraphs, list items, quotes, tables and code are blocks. */
import { Lexer, type Token, type Tokens } from 'marked';
import { HeadingTrail, tidy, type TextBlock } from './types.ts';

/** The plain text of inline tokens (emphasis, links, code spans… without their markup). */
function inlineText(tokens: readonly Token[] | undefined, fallback = ''): string {
  if (!tokens) return fallback;
  let out = '';
  for (const t of tokens) {
    if (t.type === 'br') out += '\n';
    else if (t.type === 'html' || t.type === 'tag') out += (t as Tokens.HTML).text.replace(/<[^>]*>/g, '');
    else if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length) out += inlineText(t.tokens);
    else if ('text' in t && typeof t.text === 'string') out += t.text;
  }
  return out;
}

export function readMarkdown(source: string): { blocks: TextBlock[]; title: string | null } {
  const trail = new HeadingTrail();
  const blocks: TextBlock[] = [];
  let title: string | null = null;
  const push = (text: string) => {
    const t = tidy(text);
    if (t) blocks.push({ headingPath: trail.path, text: t });
  };
  const walk = (tokens: readonly Token[]) => {
    for (const t of tokens) {
      switch (t.type) {
        case 'heading': {
          const h = t as Tokens.Heading;
          const text = tidy(inlineText(h.tokens, h.text));
          if (h.depth === 1 && title === null) title = text;
          trail.heading(h.depth, text);
          break;
        }
        case 'paragraph':
        case 'text':
          push(inlineText((t as Tokens.Paragraph).tokens, (t as Tokens.Paragraph).text));
          break;
        case 'code':
          push((t as Tokens.Code).text);
          break;
        case 'blockquote':
          walk((t as Tokens.Blockquote).tokens);
          break;
        case 'list':
          for (const item of (t as Tokens.List).items) {
            // an item's own text is one block; nested lists inside it become their own blocks
            const own = item.tokens.filter((x) => x.type !== 'list');
            push(own.map((x) => ('tokens' in x && Array.isArray(x.tokens) ? inlineText(x.tokens) : 'text' in x ? String(x.text) : '')).join('\n'));
            walk(item.tokens.filter((x) => x.type === 'list'));
          }
          break;
        case 'table': {
          const tb = t as Tokens.Table;
          const row = (cells: Tokens.TableCell[]) => cells.map((c) => tidy(inlineText(c.tokens, c.text))).join(' | ');
          const header = row(tb.header);
          for (const r of tb.rows) push(`${header}\n${row(r)}`);
          break;
        }
        case 'html':
          push((t as Tokens.HTML).text.replace(/<[^>]*>/g, ' '));
          break;
        default:
          break; // space, hr, def
      }
    }
  };
  walk(new Lexer().lex(source));
  return { blocks, title };
}
