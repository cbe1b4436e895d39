/** PDF → blocks with unpdf (PDF.js), page by page; each page's paragraphs carry the heading "p. N". */
import { extractText, getDocumentProxy } from 'unpdf';
import { readText } from './text.ts';
import { unreadable, type TextBlock } from './types.ts';

export async function readPdf(bytes: Uint8Array): Promise<TextBlock[]> {
  let pages: string[];
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy
    const doc = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: true });
    try {
      pages = (await extractText(doc, { mergePages: false })).text;
    } finally {
      await doc.destroy().catch(() => undefined);
    }
  } catch (e) {
    if (e instanceof Error && e.name === 'PasswordException') throw unreadable('The PDF is password-protected: remove the password and upload it again');
    throw unreadable(`The PDF could not be read; it may be damaged (${e instanceof Error ? e.message : String(e)})`);
  }
  return pages.flatMap((text, i) => readText(text, [`p. ${i + 1}`]));
}
