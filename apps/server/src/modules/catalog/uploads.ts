/**
 * Upload checks and download headers, pure. Image types are decided from the file's first
 * bytes (magic numbers), never from the client's declared Content-Type alone.
 */

/** Image types a browser may show inline; everything else is downloaded as an attachment. */
export const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type InlineImageType = (typeof INLINE_IMAGE_TYPES)[number];

/**
 * The image type the bytes really are, or null. Signatures: PNG (RFC 2083 §3.1),
 * JPEG SOI marker FF D8 FF, WebP = RIFF container with form type "WEBP".
 */
export function sniffImage(bytes: Buffer): InlineImageType | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    return 'image/webp';
  }
  return null;
}

/** A PDF starts with `%PDF-`. */
export const isPdfBytes = (b: Uint8Array) => b.length >= 5 && Buffer.from(b.subarray(0, 5)).toString('latin1') === '%PDF-';
/** A zip archive (and so .docx, .xlsx, .pptx) starts with the local-file header PK\x03\x04. */
export const isZipBytes = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;

/**
 * The MIME type to store for an uploaded file: the sniffed type for real images; a declared
 * image type whose bytes are not that image becomes application/octet-stream, as does any
 * malformed type. Other declared types are kept (they are only ever sent as attachments).
 */
export function storedMimeType(declared: string, bytes: Buffer): string {
  const sniffed = sniffImage(bytes);
  if (sniffed) return sniffed;
  const mime = declared.toLowerCase().split(';')[0]!.trim();
  if (!MIME.test(mime) || mime.startsWith('image/')) return 'application/octet-stream';
  return mime;
}

/** A short lower-case extension from a file name, or '' (used only for the storage key). */
export function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : '';
}

/** A file name safe to store and show: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (base || 'file').slice(0, 200);
}

/**
 * Content-Disposition per RFC 6266 with an RFC 8187 `filename*` for non-ASCII names
 * (Chinese file names survive) and an ASCII fallback for old clients.
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Whether a stored type may be shown inline (verified images only). */
export const isInlineImage = (mimeType: string) => (INLINE_IMAGE_TYPES as readonly string[]).includes(mimeType);
