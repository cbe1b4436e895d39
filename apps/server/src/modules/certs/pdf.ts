/**
 * The printable certificate as a PDF (issue 7, ADR 0020): one A4 landscape page in Chinese and
 * English with a QR code to the verification page, and a clear mark when the certificate is not
 * currently valid. Pure: data in, bytes out.
 *
 * No font is embedded, so the file stays small and the server needs no CJK font file. Latin text is in
 * the standard Helvetica (WinAnsi; pdf-lib knows its widths). Everything else is in STSong-Light, the
 * standard Adobe-GB1 CJK font, through the predefined UniGB-UCS2-H CMap (codes are UCS-2, i.e. UTF-16BE
 * code units, two bytes each), as iText's "STSong-Light / UniGB-UCS2-H" does: viewers (Adobe Reader,
 * Chrome's PDFium, pdf.js, Preview, WPS) draw it with a Song/Ming face of their own. Every CJK glyph is
 * one em wide (/DW 1000). A /ToUnicode CMap lists the characters used, so that text can be searched,
 * extracted and copied. Characters outside the BMP (UCS-2 has no code for them) are drawn as '?'.
 */
import type { CertificateItem } from '@xueli/contracts';
import {
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  StandardFonts,
  beginText,
  endText,
  fill,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingRgbColor,
  setFontAndSize,
  setLineWidth,
  setStrokingRgbColor,
  setTextMatrix,
  showText,
  stroke,
  type PDFContext,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
  type PDFRef,
  type RGB,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { LEVEL_NAMES, type Bilingual } from './credentials/openbadges.ts';

export interface CertificatePdfInput {
  /** The certificate as the API presents it (presentCertificate): names, level, dates, status, verifyUrl. */
  certificate: CertificateItem;
  /** The issuing organisation (XUELI_ORG_NAME, as the issuer signs it). */
  issuerName: Bilingual;
}

/** A4 landscape, in points. */
const PAGE = { width: 841.89, height: 595.28 };
const BLUE = rgb(0.114, 0.306, 0.847);
const INK = rgb(0.122, 0.161, 0.216);
const GREY = rgb(0.294, 0.333, 0.388);
const BLACK = rgb(0, 0, 0);

/** The mark across a certificate that is not currently valid. */
const INVALID_MARKS: Record<Exclude<CertificateItem['effectiveStatus'], 'active'>, string> = {
  revoked: '已撤销 REVOKED',
  suspended: '已暂停 SUSPENDED',
  expired: '已过期 EXPIRED',
};

/**
 * The non-embedded STSong-Light font (Type0 over a CIDFontType0, UniGB-UCS2-H). Its objects are written
 * by finish(), once every string has been encoded, because the ToUnicode CMap lists the codes used.
 */
class CjkFont {
  readonly ref: PDFRef;
  private readonly used = new Set<number>();

  constructor(private readonly context: PDFContext) {
    this.ref = context.nextRef();
  }

  /** Two bytes per character (UCS-2 = the BMP code point); callers pass BMP characters only. */
  encode(text: string): PDFHexString {
    let hex = '';
    for (const ch of text) {
      const code = ch.charCodeAt(0);
      this.used.add(code);
      hex += code.toString(16).padStart(4, '0').toUpperCase();
    }
    return PDFHexString.of(hex);
  }

  widthOfTextAtSize(text: string, size: number): number {
    return [...text].length * size;
  }

  finish(): void {
    const ctx = this.context;
    const descriptor = ctx.register(
      ctx.obj({
        Type: 'FontDescriptor',
        FontName: 'STSong-Light',
        Flags: 6,
        FontBBox: [-25, -254, 1000, 880],
        ItalicAngle: 0,
        Ascent: 880,
        Descent: -120,
        CapHeight: 880,
        StemV: 93,
      }),
    );
    const cidFont = ctx.register(
      ctx.obj({
        Type: 'Font',
        Subtype: 'CIDFontType0',
        BaseFont: 'STSong-Light',
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('GB1'), Supplement: 2 },
        FontDescriptor: descriptor,
        DW: 1000,
      }),
    );
    const toUnicode = ctx.register(ctx.flateStream(toUnicodeCMap([...this.used].sort((a, b) => a - b))));
    ctx.assign(
      this.ref,
      ctx.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: 'STSong-Light',
        Encoding: 'UniGB-UCS2-H',
        DescendantFonts: [cidFont],
        ToUnicode: toUnicode,
      }),
    );
  }
}

/** A ToUnicode CMap mapping each two-byte code to the same Unicode value (at most 100 per bfchar block). */
function toUnicodeCMap(codes: number[]): string {
  const hex = (c: number) => `<${c.toString(16).padStart(4, '0').toUpperCase()}>`;
  const blocks: string[] = [];
  for (let i = 0; i < codes.length; i += 100) {
    const chunk = codes.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.map((c) => `${hex(c)} ${hex(c)}`).join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

interface TextStyle {
  size: number;
  bold?: boolean;
  color?: RGB;
  /** Centred on this x (default: the page's centre), or starting at `left`. */
  centreX?: number;
  left?: number;
  /** Shrinks the size so that the line fits. */
  maxWidth?: number;
  /** Degrees, counter-clockwise, about the line's centre (or its start, with `left`). */
  angle?: number;
}

/** Mixed Chinese / Latin lines on one page: each string split into Helvetica and STSong-Light runs. */
class Writer {
  private readonly latinChars: Set<number>;

  constructor(
    private readonly page: PDFPage,
    private readonly fonts: { regular: PDFFont; bold: PDFFont; cjk: CjkFont },
    private readonly keys: { regular: PDFName; bold: PDFName; cjk: PDFName },
  ) {
    this.latinChars = new Set(fonts.regular.getCharacterSet());
  }

  /**
   * Runs of one font each: what Helvetica (WinAnsi) can encode, and the rest in STSong-Light. A character
   * outside the BMP has no UCS-2 code: it becomes '?' (drawn in Helvetica); a control character, a space.
   */
  private runs(text: string): { cjk: boolean; text: string }[] {
    const out: { cjk: boolean; text: string }[] = [];
    for (const raw of text) {
      const cp = raw.codePointAt(0)!;
      const ch = cp > 0xffff ? '?' : cp < 0x20 ? ' ' : raw;
      const cjk = !this.latinChars.has(ch.codePointAt(0)!);
      const last = out[out.length - 1];
      if (last && last.cjk === cjk) last.text += ch;
      else out.push({ cjk, text: ch });
    }
    return out;
  }

  /** Draws one line (measured, then centred or left-aligned at baseline y); returns where it went. */
  line(text: string, y: number, style: TextStyle): { x: number; width: number; size: number } {
    const latin = style.bold ? this.fonts.bold : this.fonts.regular;
    const runs = this.runs(text);
    const widthAt = (size: number) =>
      runs.reduce(
        (w, r) => w + (r.cjk ? this.fonts.cjk.widthOfTextAtSize(r.text, size) : latin.widthOfTextAtSize(r.text, size)),
        0,
      );
    let size = style.size;
    if (style.maxWidth && widthAt(size) > style.maxWidth) size = (size * style.maxWidth) / widthAt(size);
    const width = widthAt(size);
    const rad = ((style.angle ?? 0) * Math.PI) / 180;
    const [cos, sin] = [Math.cos(rad), Math.sin(rad)];
    const centred = style.left === undefined;
    const cx = style.centreX ?? PAGE.width / 2;
    const x = centred ? cx - (width / 2) * cos : style.left!;
    const ys = centred ? y - (width / 2) * sin : y;
    const ops: PDFOperator[] = [
      setFillingRgbColor(...rgbOf(style.color ?? INK)),
      beginText(),
      setTextMatrix(cos, sin, -sin, cos, x, ys),
    ];
    for (const r of runs) {
      ops.push(
        setFontAndSize(r.cjk ? this.keys.cjk : style.bold ? this.keys.bold : this.keys.regular, size),
        showText(r.cjk ? this.fonts.cjk.encode(r.text) : latin.encodeText(r.text)),
      );
    }
    ops.push(endText());
    this.page.pushOperators(...ops);
    return { x: centred ? cx - width / 2 : x, width, size };
  }
}

const rgbOf = (c: RGB): [number, number, number] => [c.red, c.green, c.blue];
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

/** A URI link annotation over a rectangle of the page. */
function link(doc: PDFDocument, page: PDFPage, rect: [number, number, number, number], url: string) {
  const annot = doc.context.register(
    doc.context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: rect,
      Border: [0, 0, 0],
      A: { Type: 'Action', S: 'URI', URI: PDFString.of(url) },
    }),
  );
  page.node.addAnnot(annot);
}

/**
 * The QR code (error correction M) of `url` as filled black squares, one per dark module, inside a
 * white quiet zone; `x`, `y` is the lower-left corner of the code without the quiet zone.
 */
function qrCode(page: PDFPage, url: string, x: number, y: number, size: number) {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const m = size / n;
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingRgbColor(...rgbOf(BLACK))];
  for (let row = 0; row < n; row++)
    for (let col = 0; col < n; col++)
      if (qr.modules.get(row, col)) ops.push(rectangle(x + col * m, y + size - (row + 1) * m, m, m));
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}

/** The certificate PDF. */
export async function certificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const c = input.certificate;
  const level = LEVEL_NAMES[c.level];
  const doc = await PDFDocument.create();
  doc.setTitle(`证书 / Certificate ${c.publicId}`);
  doc.setSubject(`${c.programmeName} · ${level.zh}${c.programmeNameEn ? ` / ${c.programmeNameEn} · ${level.en}` : ''}`);
  doc.setAuthor(input.issuerName.en ? `${input.issuerName.zh} / ${input.issuerName.en}` : input.issuerName.zh);
  doc.setCreator('Xueli');
  doc.setLanguage('zh-CN');
  const page = doc.addPage([PAGE.width, PAGE.height]);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const cjk = new CjkFont(doc.context);
  const keys = { regular: PDFName.of('F_Helv'), bold: PDFName.of('F_HelvB'), cjk: PDFName.of('F_CJK') };
  page.node.setFontDictionary(keys.regular, regular.ref);
  page.node.setFontDictionary(keys.bold, bold.ref);
  page.node.setFontDictionary(keys.cjk, cjk.ref);
  const w = new Writer(page, { regular, bold, cjk }, keys);
  const { width: W, height: H } = PAGE;
  const cx = W / 2;

  // the mark first, so that the text lies over it
  if (c.effectiveStatus !== 'active') {
    w.line(INVALID_MARKS[c.effectiveStatus], H / 2 - 20, {
      size: 76,
      bold: true,
      color: rgb(0.98, 0.76, 0.76),
      angle: 18,
      maxWidth: W - 160,
    });
  }

  // the frame
  page.pushOperators(
    pushGraphicsState(),
    setStrokingRgbColor(...rgbOf(BLUE)),
    setLineWidth(3),
    rectangle(24, 24, W - 48, H - 48),
    stroke(),
    setLineWidth(0.8),
    rectangle(31, 31, W - 62, H - 62),
    stroke(),
    popGraphicsState(),
  );

  const body = W - 160;
  w.line(input.issuerName.zh, 520, { size: 15, maxWidth: body });
  if (input.issuerName.en) w.line(input.issuerName.en, 502, { size: 11, color: GREY, maxWidth: body });
  w.line('认证证书', 448, { size: 34 });
  w.line('CERTIFICATE', 424, { size: 15, bold: true, color: GREY });
  w.line('兹证明 This is to certify that', 388, { size: 11, color: GREY });
  const holder = w.line(c.holderName, 344, { size: 28, maxWidth: body });
  const half = Math.max(holder.width / 2 + 30, 120);
  page.pushOperators(
    pushGraphicsState(),
    setStrokingRgbColor(...rgbOf(GREY)),
    setLineWidth(0.6),
    moveTo(cx - half, 334),
    lineTo(cx + half, 334),
    stroke(),
    popGraphicsState(),
  );
  w.line('经考核，符合以下认证的全部要求，特发此证。', 304, { size: 14 });
  w.line('has met every requirement of the following certification.', 286, { size: 11, color: GREY });
  w.line(c.programmeName, 250, { size: 20, maxWidth: body });
  if (c.programmeNameEn) w.line(c.programmeNameEn, 230, { size: 13, color: GREY, maxWidth: body });
  w.line(`等级 Level: ${level.zh} / ${level.en}`, 204, { size: 13 });

  // the details, bottom left; the QR code, bottom right
  const qrSize = 104;
  const qrX = W - 72 - qrSize;
  const qrY = 70;
  const left = 72;
  const detailWidth = qrX - left - 24;
  const validUntil = day(c.validUntil);
  w.line(`颁发日期 Issued: ${day(c.issuedAt)}`, 150, { size: 10.5, left, maxWidth: detailWidth });
  w.line(`有效期至 Valid until: ${validUntil ?? '长期有效 / No expiry'}`, 132, {
    size: 10.5,
    left,
    maxWidth: detailWidth,
  });
  w.line(`证书编号 Certificate ID: ${c.publicId}`, 114, { size: 10.5, left, maxWidth: detailWidth });
  w.line('验证网址 Verify at:', 96, { size: 10.5, left });
  const url = w.line(c.verifyUrl, 80, { size: 9.5, left, color: BLUE, maxWidth: detailWidth });
  link(doc, page, [url.x, 76, url.x + url.width, 80 + url.size], c.verifyUrl);

  qrCode(page, c.verifyUrl, qrX, qrY, qrSize);
  link(doc, page, [qrX, qrY, qrX + qrSize, qrY + qrSize], c.verifyUrl);
  w.line('扫码验证 Scan to verify', qrY - 16, { size: 8.5, centreX: qrX + qrSize / 2, color: GREY });

  cjk.finish();
  return doc.save();
}
