import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition, sniffImage, storedMimeType } from './uploads.ts';
import { pngBytes } from './test/fixtures.ts';

describe('image sniffing', () => {
  it('recognises PNG, JPEG and WebP by their first bytes', () => {
    expect(sniffImage(pngBytes())).toBe('image/png');
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(sniffImage(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
  });

  it('does not take HTML for an image whatever the declared type', () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    expect(sniffImage(html)).toBeNull();
    expect(storedMimeType('image/png', html)).toBe('application/octet-stream');
  });

  it('keeps a plausible declared type for other files and drops malformed ones', () => {
    expect(storedMimeType('application/pdf', Buffer.from('%PDF-1.7'))).toBe('application/pdf');
    expect(storedMimeType('text/html; charset=utf-8', Buffer.from('<p>'))).toBe('text/html');
    expect(storedMimeType('not a type', Buffer.from('x'))).toBe('application/octet-stream');
  });
});

describe('file names', () => {
  it('strips paths, quotes and control characters', () => {
    expect(cleanFileName('../../etc/pass"wd\n')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\a\\报告.pdf')).toBe('报告.pdf');
    expect(cleanFileName('')).toBe('file');
  });

  it('writes an RFC 8187 filename* for non-ASCII names with an ASCII fallback', () => {
    expect(contentDisposition('attachment', '培训 手册.pdf')).toBe(
      `attachment; filename="__ __.pdf"; filename*=UTF-8''%E5%9F%B9%E8%AE%AD%20%E6%89%8B%E5%86%8C.pdf`,
    );
    expect(contentDisposition('inline', "it's.png")).toBe(`inline; filename="it's.png"; filename*=UTF-8''it%27s.png`);
  });
});
