/** Each reader on a generated fixture: headings become heading paths, text arrives whole; bad files are refused clearly. */
import { chunkBlocks } from '@xueli/engine';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../lib/errors.ts';
import { formatOfName, parseDocument, parsePastedText } from './index.ts';

async function docxFixture(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '员工手册', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: '休假制度', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ children: [new TextRun('年假每年十天，'), new TextRun({ text: '需提前三天申请。', bold: true })] }),
          new Paragraph({ text: '报销', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: '差旅费用凭发票报销。' }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

async function pdfFixture(pages: string[][]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([600, 800]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 750 - i * 20, size: 12, font }));
  }
  return Buffer.from(await pdf.save());
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

describe('parseDocument', () => {
  it('reads Markdown along its headings, without markup', async () => {
    const md = '# 员工手册\n\n前言段落。\n\n## 休假\n\n年假**十天**，见[制度](http://x)。\n\n- 病假需证明\n- 事假扣薪\n\n### 婚假\n\n婚假三天。\n\n## 报销\n\n| 项目 | 上限 |\n| --- | --- |\n| 住宿 | 500 |\n';
    const doc = await parseDocument('handbook.md', Buffer.from(md));
    expect(doc.format).toBe('markdown');
    expect(doc.title).toBe('员工手册');
    expect(doc.blocks).toEqual([
      { headingPath: ['员工手册'], text: '前言段落。' },
      { headingPath: ['员工手册', '休假'], text: '年假十天，见制度。' },
      { headingPath: ['员工手册', '休假'], text: '病假需证明' },
      { headingPath: ['员工手册', '休假'], text: '事假扣薪' },
      { headingPath: ['员工手册', '休假', '婚假'], text: '婚假三天。' },
      { headingPath: ['员工手册', '报销'], text: '项目 | 上限\n住宿 | 500' },
    ]);
    const chunks = chunkBlocks(doc.blocks);
    expect(chunks.map((c) => c.headingPath)).toEqual([['员工手册'], ['员工手册', '休假'], ['员工手册', '休假', '婚假'], ['员工手册', '报销']]);
  });

  it('reads HTML, dropping script, style and nav, with entities decoded', async () => {
    const html = `<!doctype html><html><head><title>制度汇编</title><style>p{color:red}</style></head><body>
      <nav><a href="/">首页</a></nav><script>alert('x')</script>
      <h1>安全规定</h1><p>密码至少&nbsp;12&nbsp;位 &amp; 定期更换。</p>
      <h2>设备</h2><ul><li>笔记本须加密</li><li>U 盘<b>禁止</b>使用</li></ul>
      <table><tr><th>级别</th><th>说明</th></tr><tr><td>L1</td><td>公开</td></tr></table></body></html>`;
    const doc = await parseDocument('rules.HTML', Buffer.from(html));
    expect(doc.title).toBe('制度汇编');
    const texts = doc.blocks.map((b) => b.text).join('\n');
    expect(texts).not.toMatch(/首页|alert|color/);
    expect(doc.blocks).toContainEqual({ headingPath: ['安全规定'], text: '密码至少 12 位 & 定期更换。' });
    expect(doc.blocks).toContainEqual({ headingPath: ['安全规定', '设备'], text: 'U 盘禁止使用' });
    expect(doc.blocks).toContainEqual({ headingPath: ['安全规定', '设备'], text: 'L1 | 公开' });
  });

  it('reads plain text in UTF-8 and GB18030, joining wrapped lines', async () => {
    const doc = await parseDocument('a.txt', Buffer.from('第一段第一行\n第一段第二行。\n\nSecond paragraph\nwrapped here.'));
    expect(doc.blocks.map((b) => b.text)).toEqual(['第一段第一行第一段第二行。', 'Second paragraph wrapped here.']);
    // 中文 in GBK
    const gbk = Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0xa1, 0xa3]);
    expect((await parseDocument('b.txt', gbk)).blocks[0]!.text).toBe('中文。');
  });

  it('reads Word (.docx) with its heading styles as the path', async () => {
    const doc = await parseDocument('手册.docx', await docxFixture());
    expect(doc.format).toBe('docx');
    expect(doc.blocks).toEqual([
      { headingPath: ['员工手册', '休假制度'], text: '年假每年十天，需提前三天申请。' },
      { headingPath: ['员工手册', '报销'], text: '差旅费用凭发票报销。' },
    ]);
  });

  it('reads a PDF page by page', async () => {
    const bytes = await pdfFixture([['Travel policy', 'Economy class for trips under six hours.'], ['Hotels up to 500 yuan a night.']]);
    const doc = await parseDocument('policy.pdf', bytes);
    expect(doc.format).toBe('pdf');
    const byPage = (p: string) => doc.blocks.filter((b) => b.headingPath[0] === p).map((b) => b.text).join(' ');
    expect(byPage('p. 1')).toContain('Economy class for trips under six hours.');
    expect(byPage('p. 2')).toContain('Hotels up to 500 yuan a night.');
  });

  it('refuses unsupported extensions with 415 and a list of what is accepted', async () => {
    const e = await refusal(parseDocument('sheet.xlsx', Buffer.from('PK')));
    expect(e.code).toBe('unsupported-media');
    expect(e.message).toMatch(/\.xlsx files are not supported.*\.docx/);
    expect(() => formatOfName('README')).toThrow(/without an extension/);
  });

  it('refuses corrupt and disguised files with a clear 400', async () => {
    expect((await refusal(parseDocument('x.pdf', Buffer.from('hello, not a pdf')))).message).toMatch(/not a PDF/);
    const broken = await refusal(parseDocument('x.pdf', Buffer.from('%PDF-1.7\n1 0 obj garbage garbage\n%%EOF')));
    expect(broken.code).toBe('validation');
    expect(broken.message).toMatch(/PDF could not be read|No text/);
    expect((await refusal(parseDocument('x.docx', Buffer.from('just text')))).message).toMatch(/not a Word \.docx/);
    const zipNoWord = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]);
    expect((await refusal(parseDocument('x.docx', zipNoWord))).message).toMatch(/not a Word/);
    // a .docx signature but a damaged archive: mammoth fails, and we say so
    const fake = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml'), Buffer.alloc(40)]);
    expect((await refusal(parseDocument('x.docx', fake))).message).toMatch(/Word file could not be read/);
    expect((await refusal(parseDocument('x.md', await pdfFixture([['a']])))).message).toMatch(/really a PDF/);
    expect((await refusal(parseDocument('x.txt', Buffer.from([0, 1, 2, 3, 0, 0, 5, 6, 7, 0])))).message).toMatch(/does not contain text/);
  });

  it('refuses files with no text', async () => {
    expect((await refusal(parseDocument('empty.md', Buffer.from('# \n\n   \n')))).message).toMatch(/No text/);
    expect((await refusal(parseDocument('blank.pdf', await pdfFixture([[]])))).message).toMatch(/No text was found in this PDF/);
  });
});

describe('parsePastedText', () => {
  it('treats text with Markdown headings as Markdown, else as plain text', () => {
    expect(parsePastedText('## 标题\n\n正文。').blocks).toEqual([{ headingPath: ['标题'], text: '正文。' }]);
    const plain = parsePastedText('只是一段话。\n\n第二段。');
    expect(plain.format).toBe('text');
    expect(plain.blocks).toHaveLength(2);
    expect(() => parsePastedText('   ')).toThrow(/No text/);
  });
});
