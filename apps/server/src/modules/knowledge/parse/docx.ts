/** Word (.docx) → HTML with mammoth (headings from the Heading styles) → blocks with the HTML reader. */
import mammoth from 'mammoth';
import { readHtml } from './html.ts';
import { unreadable, type TextBlock } from './types.ts';

export async function readDocx(bytes: Buffer): Promise<{ blocks: TextBlock[]; title: string | null }> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch (e) {
    throw unreadable(`The Word file could not be read; it may be damaged (${e instanceof Error ? e.message : String(e)})`);
  }
  return readHtml(html);
}
