/** Plain text → blocks: paragraphs are separated by blank lines; a paragraph's hard-wrapped lines are joined. */
import { tidy, type TextBlock } from './types.ts';

const CJK_END = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]$/;
const CJK_START = /^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/** Joins wrapped lines: no space between two CJK characters, a space otherwise. */
export function joinLines(lines: string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    out += out && !(CJK_END.test(out) && CJK_START.test(line)) ? ` ${line}` : line;
  }
  return out;
}

export function readText(source: string, headingPath: string[] = []): TextBlock[] {
  return source
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u3000]*\n/)
    .map((p) => tidy(joinLines(p.split('\n'))))
    .filter((t) => t !== '')
    .map((text) => ({ headingPath: [...headingPath], text }));
}
