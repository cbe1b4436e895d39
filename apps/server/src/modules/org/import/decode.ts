/**
 * Bytes → text for HR files. Excel on a zh-CN Windows saves "CSV" as GBK (GB18030 is its
 * superset), newer Excel and most HR systems as UTF-8 with or without a BOM, and "Unicode
 * text" as UTF-16LE with a BOM. UTF-8 is tried strictly first: GBK bytes are almost never
 * valid UTF-8, so a decoding failure is a reliable sign of GB18030.
 */
import iconv from 'iconv-lite';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'gb18030';

/** Decodes an uploaded file; the BOM, when present, is not part of the text. */
export function decodeHrFile(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  }
  try {
    // `fatal` throws on any invalid sequence; the UTF-8 BOM is dropped (ignoreBOM: false).
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return {
      text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'),
      encoding: 'gb18030',
    };
  }
}
