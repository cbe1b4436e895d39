import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ItemView } from '@xueli/contracts';
import { csvTemplate, itemSheet, mmluSubject, parseCsvItems, writeCsvItems } from './csv.ts';
import { checkCandidates, placeOf, type ParsedFile } from './plan.ts';
import { choiceLetters, truthOf } from './table.ts';
import { parseXlsxItems, writeXlsxItems, xlsxTemplate } from './xlsx.ts';

const problems = (f: ParsedFile, defaults: string[] = ['KP']) => [
  ...f.errors.map((e) => `${placeOf(e.where)}: ${e.issue.message}`),
  ...checkCandidates(f.items, defaults).flatMap((c) => c.problems.map((p) => `${placeOf(c.where)}: ${p.message}`)),
];
const bodies = (f: ParsedFile, defaults = ['KP']) => checkCandidates(f.items, defaults).map((c) => c.body);

const ZH = [
  '题型,题干,选项A,选项B,选项C,选项D,答案,解析,知识点,难度,标签,关键词,多选规则,填空顺序',
  '单选题,RAG 的含义是？,检索增强生成,随机生成,,,A,RAG 即检索增强生成,B.1；R.1,中,rag;基础,,,',
  '多选,哪些是提示词技巧？,少样本,思维链,关机,,"A,B",,,-0.5,,,少选得部分分,',
  '判断,温度越高输出越随机。,,,,,对,,,,,,,',
  '判断题,以下说法正确吗？,正确,错误,,,B,,,,,,,',
  '填空,1+1=____；上下文____,,,,,2;上下文窗口|context window,,,,,,,无序',
  '简答,简述数据脱敏。,,,,,客户信息不出域,,,,,脱敏|去标识化;权限,,',
  '论述,论述大模型的风险。,,,,,,,,,,,,',
].join('\n');

describe('spreadsheet rows (CSV)', () => {
  it('reads Chinese headers and values into items of every type', () => {
    const f = parseCsvItems(Buffer.from(`\uFEFF${ZH}`, 'utf8'));
    expect(f.layout).toBe('header');
    expect(problems(f)).toEqual([]);
    const [single, multiple, tf, tfByLetter, fill, short, essay] = bodies(f);
    expect(single).toEqual({
      type: 'single',
      stem: 'RAG 的含义是？',
      options: [
        { id: 'A', text: '检索增强生成' },
        { id: 'B', text: '随机生成' },
      ],
      answerKey: { correct: 'A' },
      explanation: 'RAG 即检索增强生成',
      difficulty: 0,
      tags: ['rag', '基础'],
      knowledgePoints: ['B.1', 'R.1'],
    });
    expect(multiple).toMatchObject({ type: 'multiple', answerKey: { correct: ['A', 'B'], rule: 'partial' }, difficulty: -0.5, knowledgePoints: ['KP'] });
    expect(tf).toMatchObject({ type: 'true_false', answerKey: { correct: true } });
    expect(tfByLetter).toMatchObject({ type: 'true_false', answerKey: { correct: false } });
    expect(tfByLetter).not.toHaveProperty('options');
    expect(fill).toMatchObject({
      type: 'fill_blank',
      answerKey: { order: 'free', blanks: [{ accepted: [{ kind: 'number', value: 2 }] }, { accepted: [{ kind: 'text', value: '上下文窗口' }, { kind: 'text', value: 'context window' }] }] },
    });
    expect(short).toMatchObject({ type: 'short_answer', answerKey: { keywords: [{ id: 'k1', terms: ['脱敏', '去标识化'] }, { id: 'k2', terms: ['权限'] }] }, explanation: '参考答案：客户信息不出域' });
    expect(essay).toMatchObject({ type: 'essay', rubric: { criteria: [{ id: 'overall' }] } });
  });

  it('decodes GBK files and English headers', () => {
    const f = parseCsvItems(iconv.encode(ZH, 'gbk'));
    expect(f.encoding).toBe('gb18030');
    expect(bodies(f)[0]).toMatchObject({ stem: 'RAG 的含义是？' });
    const en = parseCsvItems(Buffer.from('Type,Stem,A,B,Answer,Knowledge Points\nsingle,Pick,x,y,b,K1\ntrue_false,Sure?,,,False,K1\n'));
    expect(problems(en)).toEqual([]);
    expect(bodies(en).map((b) => (b && 'answerKey' in b ? b.answerKey : null))).toEqual([{ correct: 'B' }, { correct: false }]);
  });

  it('reads fill-in-the-blank answers: tolerances, patterns, escapes and JSON', () => {
    const f = parseCsvItems(Buffer.from(['type,stem,answer', 'fill_blank,a,3.14±0.01|100±5%|/^RAG$/i', 'fill_blank,b,\\2|a\\|b|x\\;y', 'fill_blank,c,"{""order"":""free"",""blanks"":[{""accepted"":[{""kind"":""text"",""value"":""z"",""concept"":""c1""}]}]}"'].join('\n')));
    expect(problems(f)).toEqual([]);
    const keys = bodies(f).map((b) => (b as { answerKey: unknown }).answerKey);
    expect(keys[0]).toEqual({ order: 'sensitive', blanks: [{ accepted: [{ kind: 'number', value: 3.14, tolerance: { abs: 0.01 } }, { kind: 'number', value: 100, tolerance: { rel: 0.05 } }, { kind: 'regex', pattern: '^RAG$', flags: 'i' }] }] });
    expect(keys[1]).toEqual({ order: 'sensitive', blanks: [{ accepted: [{ kind: 'text', value: '2' }, { kind: 'text', value: 'a|b' }, { kind: 'text', value: 'x;y' }] }] });
    expect(keys[2]).toEqual({ order: 'free', blanks: [{ accepted: [{ kind: 'text', value: 'z', concept: 'c1' }] }] });
  });

  it('reports every bad row with its line and column, and nothing else', () => {
    const csv = [
      '题型,题干,选项A,选项B,选项C,答案,知识点,难度,多选规则,评分标准', // 1
      '单选,ok,a,b,,A,,,,', // 2 fine
      '怪题,?,,,,,,,,', // 3 unknown type
      '单选,two answers,a,b,,AB,,,,', // 4
      '单选,bad letter,a,b,,E,,,,', // 5 (E is not an option: the item check says so)
      '多选,bad rule,a,b,,AB,,,sometimes,', // 6
      '判断,?,,,,maybe,,,,', // 7
      '单选,,a,b,,A,,,,', // 8 empty stem
      '单选,gap,a,,c,A,,,,', // 9 option gap
      '单选,diff,a,b,,A,,very,,', // 10
      '论述,essay,,,,,,,,{not json', // 11
      '"单选","multi', // 12 a quoted stem with a line break …
      'line stem",a,b,,C,,,,', // … the record starts on line 12 (answer C is not an option)
      '编程,code,,,,,,,,', // 14
      '填空,blank,,,,2||3,,,,', // 15
    ].join('\r\n');
    const f = parseCsvItems(Buffer.from(csv));
    expect(problems(f)).toEqual([
      expect.stringMatching(/^line 3: unknown item type '怪题'/),
      expect.stringMatching(/^line 4: a single-choice item has one answer, not 'AB'/),
      expect.stringMatching(/^line 6: unknown rule 'sometimes'/),
      expect.stringMatching(/^line 7: the answer 'maybe' is not true or false/),
      expect.stringMatching(/^line 8: stem: /),
      expect.stringMatching(/^line 9: option B is blank but option C is not/),
      expect.stringMatching(/^line 10: difficulty 'very' is not a number/),
      expect.stringMatching(/^line 11: the rubric is not valid JSON/),
      expect.stringMatching(/^line 14: programming items cannot be imported from a spreadsheet/),
      'line 15: blank 1 has an empty accepted answer',
    ]);
    // The item checks of POST /items (run by the service) catch the letters that name no option.
    const valid = checkCandidates(f.items, ['KP']).filter((c) => c.body);
    expect(valid.map((c) => c.where.line)).toEqual([2, 5, 12]);
  });

  it('refuses a file without the required columns, with an unknown column, or empty', () => {
    expect(problems(parseCsvItems(Buffer.from('题干,答案\nx,A\n')))).toEqual([expect.stringMatching(/^line 1: required column missing: type/)]);
    expect(problems(parseCsvItems(Buffer.from('题型,题干,难度系数\n单选,x,0.3\n')))).toEqual([expect.stringMatching(/^line 1: unknown column '难度系数'/)]);
    expect(problems(parseCsvItems(Buffer.from('')))).toEqual([expect.stringMatching(/^line 1: the file is empty/)]);
    expect(problems(parseCsvItems(Buffer.from('type,stem\nsingle,"never closed\n')))).toEqual([expect.stringMatching(/^line 2: a quoted cell is never closed/)]);
  });

  it('recognises the headerless MMLU layout and tags items with the subject', () => {
    const f = parseCsvItems(Buffer.from('What is 2+2?,3,4,5,6,B\n"Quoted, with comma",a,b,c,d,a\nshort row,a,b\n'), 'elementary_mathematics_dev.csv');
    expect(f.layout).toBe('mmlu');
    expect(problems(f)).toEqual(['line 3: an MMLU row has 6 cells (question,A,B,C,D,answer), this one has 3']);
    expect(bodies(f)[0]).toEqual({
      type: 'single',
      stem: 'What is 2+2?',
      options: ['3', '4', '5', '6'].map((text, i) => ({ id: 'ABCD'[i], text })),
      answerKey: { correct: 'B' },
      tags: ['elementary_mathematics'],
      knowledgePoints: ['KP'],
    });
    expect(mmluSubject('/x/high_school_physics_val.csv')).toBe('high_school_physics');
  });

  it('reads answers as banks write them', () => {
    expect(['对', '√', 'TRUE', 'Ｔ', '正确', 'yes'].map(truthOf)).toEqual([true, true, true, true, true, true]);
    expect(['错', '×', 'false', 'F', '错误', 'N'].map(truthOf)).toEqual([false, false, false, false, false, false]);
    expect(truthOf('也许')).toBeUndefined();
    expect(choiceLetters('a、b，D')).toEqual(['A', 'B', 'D']);
    expect(choiceLetters('ＡＢ')).toEqual(['A', 'B']);
    expect(choiceLetters('A1')).toBeNull();
  });
});

describe('spreadsheet export and templates', () => {
  const base = { explanation: '', difficulty: null, discrimination: null, status: 'draft', version: 1, createdBy: null, updatedBy: null, createdAt: '', updatedAt: '', rubric: null, tags: [] } as const;
  const kps = [{ id: 1, code: 'K1', name: 'k', frameworkId: 1 }];
  const mk = (over: Partial<ItemView>): ItemView => ({ ...base, id: 1, type: 'single', stem: 's', options: null, answerKey: null, knowledgePoints: kps, ...over }) as ItemView;
  const items = [
    mk({ id: 1, stem: '=cmd|evil', options: [{ id: 'a', text: '-1' }, { id: 'b', text: 'x,y' }], answerKey: { type: 'single-choice', options: ['a', 'b'], correct: 'b' }, difficulty: -1.25, discrimination: 1.1, tags: ['t1', 't2'], explanation: 'line1\nline2' }),
    mk({ id: 2, type: 'multiple', options: 'ABCDEFGHIJ'.split('').map((l) => ({ id: l, text: l.toLowerCase() })), answerKey: { type: 'multiple-choice', options: 'ABCDEFGHIJ'.split(''), correct: ['A', 'J'], rule: 'per-option' } }),
    mk({ id: 3, type: 'true_false', answerKey: { type: 'true-false', correct: false } }),
    mk({ id: 4, type: 'fill_blank', answerKey: { type: 'fill-blank', order: 'free', blanks: [{ accepted: [{ kind: 'text', value: '2' }, { kind: 'text', value: 'a|b;c' }, { kind: 'number', value: -3, tolerance: { rel: 0.05 } }] }, { accepted: [{ kind: 'regex', pattern: '^x+$', flags: 'i' }, { kind: 'text', value: '/not/' }] }] } }),
    mk({ id: 5, type: 'fill_blank', answerKey: { type: 'fill-blank', order: 'sensitive', blanks: [{ weight: 2, accepted: [{ kind: 'text', value: 'w' }] }], normalize: { caseFold: false } } }),
    mk({ id: 6, type: 'short_answer', answerKey: { type: 'short-answer', keywords: [{ id: 'k1', terms: ['检索', 'retrieval'] }, { id: 'k2', terms: ['{生成}'] }] } }),
    mk({ id: 7, type: 'short_answer', answerKey: { type: 'short-answer', keywords: [{ id: 'x', terms: ['a'], required: true }], passScore: 0.5 }, rubric: { criteria: [{ id: 'c', name: 'n', levels: [{ label: 'a', score: 0 }, { label: 'b', score: 1 }] }] } }),
    mk({ id: 8, type: 'essay', rubric: { criteria: [{ id: 'c', name: 'n', levels: [{ label: 'a', score: 0 }, { label: 'b', score: 3 }] }] } }),
    mk({ id: 9, type: 'programming', answerKey: {} }),
  ];
  const expectSameKeys = (f: ParsedFile) => {
    const b = bodies(f, []);
    expect(problems(f, [])).toEqual([]);
    const strip = ({ type: _t, options: _o, ...rest }: Record<string, unknown>) => rest;
    const kept = items.filter((i) => i.type !== 'programming');
    expect(b.map((x) => x!.type)).toEqual(kept.map((i) => i.type));
    expect(b.map((x) => x!.stem)).toEqual(kept.map((i) => i.stem));
    expect(b.map((x) => ('options' in x! ? x.options.map((o) => o.text) : null))).toEqual(kept.map((i) => i.options?.map((o) => o.text) ?? null));
    expect(b.map((x) => ('answerKey' in x! ? x.answerKey : undefined))).toEqual(
      kept.map((i) => {
        if (!i.answerKey) return undefined;
        const k = strip(i.answerKey);
        // choice ids become column letters
        if (i.type === 'single') return { correct: 'B' };
        if (i.type === 'multiple') return { correct: ['A', 'J'], rule: 'per-option' };
        return k;
      }),
    );
    expect(b[0]).toMatchObject({ difficulty: -1.25, discrimination: 1.1, tags: ['t1', 't2'], explanation: 'line1\nline2', knowledgePoints: ['K1'] });
    expect(b[7]).toMatchObject({ rubric: items[7]!.rubric });
  };

  it('writes CSV that reads back to the same items (formula-like cells guarded, JSON where the simple form cannot say it)', () => {
    const sheet = itemSheet(items, 'zh', (k) => k.code);
    expect(sheet.skipped).toEqual([{ id: 9, reason: expect.stringMatching(/programming/) }]);
    expect(sheet.headers.slice(0, 12)).toEqual(['题型', '题干', ...'ABCDEFGHIJ'.split('').map((l) => `选项${l}`)]);
    const csv = writeCsvItems(sheet);
    expect(csv.toString('utf8')).toContain(`,'=cmd|evil,'-1,`);
    expectSameKeys(parseCsvItems(csv));
  });

  it('writes xlsx that reads back to the same items, problems at their spreadsheet rows', async () => {
    const x = await writeXlsxItems(itemSheet(items, 'en', (k) => k.code), 'en');
    expectSameKeys(await parseXlsxItems(x));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['题型', '题干', '选项A', '选项B', '答案']);
    ws.addRow(['单选', 'ok', 'a', 'b', 'A']);
    ws.addRow([]);
    ws.addRow(['单选', 'bad', 'a', 'b', 'Z?']);
    ws.addRow(['判断', { richText: [{ text: '富' }, { text: '文本' }] }, '', '', true]);
    const f = await parseXlsxItems(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(problems(f)).toEqual([expect.stringMatching(/^row 4: the answer 'Z\?' is not option letters/)]);
    expect(bodies(f)[2]).toMatchObject({ stem: '富文本', answerKey: { correct: true } });
    expect(problems(await parseXlsxItems(Buffer.from('type,stem\n')))).toEqual([expect.stringMatching(/^row 1: not an xlsx file/)]);
  });

  it('templates parse, and their examples are valid items given a default knowledge point', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const csv = parseCsvItems(csvTemplate(lang));
      expect(problems(csv)).toEqual([]);
      expect(bodies(csv).map((b) => b!.type)).toEqual(['single', 'multiple', 'true_false', 'fill_blank', 'short_answer', 'essay']);
      const x = await parseXlsxItems(await xlsxTemplate(lang));
      expect(problems(x)).toEqual([]);
      expect(x.items).toHaveLength(6);
      expect(problems(csv, [])).toHaveLength(6); // no knowledge points of their own
    }
  });
});
