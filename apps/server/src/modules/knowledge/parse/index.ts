/**
 * Reading an uploaded file: the format from its extension, confirmed by its content (a PDF must
 * start with %PDF-, a .docx must be a zip holding word/document.xml, text formats must decode as
 * UTF-8, UTF-16 or GB18030 and not look binary), then the format's reader. Unsupported files are a
 * 415, unreadable or empty ones a 400, each with a message naming the problem.
 */
import type { KbFormat } from '../../../db/schema/index.ts';
import { decodeTextFile } from '../../../lib/csv.ts';
import { DomainError } from '../../../lib/errors.ts';
import { isPdfBytes, isZipBytes } from '../../catalog/uploads.ts';
import { readDocx } from './docx.ts';
import { readHtml } from './html.ts';
import { readMarkdown } from './markdown.ts';
import { readPdf } from './pdf.ts';
import { readText } from './text.ts';
import { unreadable, type ParsedDocument } from './types.ts';

export type { ParsedDocument, TextBlock } from './types.ts';

/** File extensions read, by format. */
export const KB_EXTENSIONS: Record<KbFormat, readonly string[]> = {
  markdown: ['md', 'markdown'],
  html: ['html', 'htm'],
  text: ['txt', 'text'],
  pdf: ['pdf'],
  docx: ['docx'],
};
export const ACCEPTED_EXTENSIONS = Object.values(KB_EXTENSIONS).flat();

/** The format a file name says, or a 415. */
export function formatOfName(fileName: string): KbFormat {
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  for (const [format, exts] of Object.entries(KB_EXTENSIONS) as [KbFormat, readonly string[]][]) if (exts.includes(ext)) return format;
  throw new DomainError(
    'unsupported-media',
    `${ext ? `.${ext} files are` : 'A file without an extension is'} not supported: upload Markdown, HTML, plain text, PDF or Word (.docx) (${ACCEPTED_EXTENSIONS.map((e) => `.${e}`).join(', ')})`,
    { fileName, accepted: ACCEPTED_EXTENSIONS },
  );
}

/** A zip's entry names are stored uncompressed in its headers. */
const isDocx = (b: Uint8Array) => isZipBytes(b) && Buffer.from(b).includes('word/document.xml', 0, 'latin1');

/** Text from bytes, or a 400 when they are not text. */
function decodeText(bytes: Uint8Array, what: string): string {
  if (isPdfBytes(bytes) || isZipBytes(bytes)) throw unreadable(`This ${what} file is really a ${isPdfBytes(bytes) ? 'PDF' : 'zip archive (e.g. a Word or Excel file)'}: upload it with its own extension`);
  const { text } = decodeTextFile(bytes);
  // eslint-disable-next-line no-control-regex
  const control = (text.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g) ?? []).length;
  if (control > 0 && control > text.length / 100) throw unreadable(`This ${what} file does not contain text (it looks binary or uses an unknown encoding)`);
  return text;
}

/**
 * The cheap checks of `parseDocument` (format by name, content signature, text decoding) without
 * reading a PDF or Word file through: for large uploads, read in the background job.
 */
export function checkUpload(fileName: string, bytes: Buffer): KbFormat {
  const format = formatOfName(fileName);
  if (format === 'pdf' && !isPdfBytes(bytes)) throw notPdf();
  if (format === 'docx' && !isDocx(bytes)) throw notDocx();
  if (format === 'markdown' || format === 'html' || format === 'text') decodeText(bytes, format === 'markdown' ? 'Markdown' : format === 'html' ? 'HTML' : 'text');
  return format;
}

const notPdf = () => unreadable('This is not a PDF file: its content does not start with %PDF-');
const notDocx = () => unreadable('This is not a Word .docx file (old .doc files are not supported: save it as .docx)');

/** Reads a file into blocks; throws a DomainError (4xx) for anything it cannot read. */
export async function parseDocument(fileName: string, bytes: Buffer): Promise<ParsedDocument> {
  const format = formatOfName(fileName);
  let out: { blocks: ParsedDocument['blocks']; title: string | null };
  switch (format) {
    case 'pdf':
      if (!isPdfBytes(bytes)) throw notPdf();
      out = { blocks: await readPdf(bytes), title: null };
      break;
    case 'docx':
      if (!isDocx(bytes)) throw notDocx();
      out = await readDocx(bytes);
      break;
    case 'markdown':
      out = readMarkdown(decodeText(bytes, 'Markdown'));
      break;
    case 'html':
      out = readHtml(decodeText(bytes, 'HTML'));
      break;
    case 'text':
      out = { blocks: readText(decodeText(bytes, 'text')), title: null };
      break;
  }
  return checked({ format, ...out });
}

/** Pasted text: Markdown when it looks like Markdown (headings), else plain text. */
export function parsePastedText(text: string): ParsedDocument {
  const markdown = /^#{1,6}\s+\S/m.test(text);
  const out = markdown ? readMarkdown(text) : { blocks: readText(text), title: null };
  return checked({ format: markdown ? 'markdown' : 'text', ...out });
}

function checked(doc: ParsedDocument): ParsedDocument {
  if (!doc.blocks.some((b) => b.text.trim() !== ''))
    throw unreadable(
      doc.format === 'pdf' ? 'No text was found in this PDF (a scanned PDF needs text recognition first)' : 'No text was found in this file',
    );
  return doc;
}
