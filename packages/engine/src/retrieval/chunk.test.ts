import { describe, expect, it } from 'vitest';
import { chunkBlocks, splitSentences } from './chunk.ts';

describe('splitSentences', () => {
  it('splits Chinese and English sentences, keeping terminators, closing quotes and spacing', () => {
    expect(splitSentences('第一句。第二句！“第三句？”第四句')).toEqual(['第一句。', '第二句！', '“第三句？”', '第四句']);
    expect(splitSentences('It costs 3.5 yuan. Really?! Yes')).toEqual(['It costs 3.5 yuan. ', 'Really?! ', 'Yes']);
  });

  it('does not split inside numbers or abbreviations without a following space', () => {
    expect(splitSentences('版本1.2.3已发布。')).toEqual(['版本1.2.3已发布。']);
  });
});

describe('chunkBlocks', () => {
  it('never crosses a heading and keeps each heading path', () => {
    const chunks = chunkBlocks([
      { headingPath: ['A'], text: '甲。' },
      { headingPath: ['A'], text: '乙。' },
      { headingPath: ['A', 'B'], text: '丙。' },
      { headingPath: ['C'], text: '丁。' },
    ]);
    expect(chunks).toEqual([
      { headingPath: ['A'], text: '甲。\n乙。' },
      { headingPath: ['A', 'B'], text: '丙。' },
      { headingPath: ['C'], text: '丁。' },
    ]);
  });

  it('merges short paragraphs up to the target size and no further', () => {
    const para = '这是一个短段落。'.repeat(3); // 24 characters
    const chunks = chunkBlocks(Array.from({ length: 10 }, () => ({ headingPath: [], text: para })), { targetChars: 60 });
    expect(chunks).toHaveLength(5);
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(60);
    expect(chunks[0]!.text).toBe(`${para}\n${para}`);
  });

  it('splits a long paragraph at sentence ends without cutting a sentence', () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `第${i}句讲的是一件事情，内容完整。`);
    const chunks = chunkBlocks([{ headingPath: ['H'], text: sentences.join('') }], { targetChars: 50 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(50);
      expect(c.text.endsWith('。')).toBe(true);
    }
    expect(chunks.map((c) => c.text).join('')).toBe(sentences.join(''));
  });

  it('keeps a sentence over the target whole while it is within the hard maximum', () => {
    const long = '甲'.repeat(80) + '。';
    const chunks = chunkBlocks([{ headingPath: [], text: `短句。${long}短句二。` }], { targetChars: 40, maxChars: 200 });
    expect(chunks.map((c) => c.text)).toEqual(['短句。', long, '短句二。']);
  });

  it('cuts a sentence over the hard maximum at clause marks, then by length', () => {
    const clauses = Array.from({ length: 10 }, () => '乙'.repeat(15) + '，').join('') + '完。';
    const chunks = chunkBlocks([{ headingPath: [], text: clauses }], { targetChars: 40, maxChars: 60 });
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(60);
    expect(chunks.every((c) => c.text.endsWith('，') || c.text.endsWith('。'))).toBe(true);
    const noMarks = '丙'.repeat(130);
    const cut = chunkBlocks([{ headingPath: [], text: noMarks }], { targetChars: 40, maxChars: 60 });
    expect(cut.map((c) => c.text.length)).toEqual([60, 60, 10]);
  });

  it('drops empty blocks and trims', () => {
    expect(chunkBlocks([{ headingPath: ['A'], text: '  \n ' }, { headingPath: ['A'], text: '  正文  ' }])).toEqual([{ headingPath: ['A'], text: '正文' }]);
    expect(chunkBlocks([])).toEqual([]);
  });
});
