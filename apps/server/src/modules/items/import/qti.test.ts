import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ItemView } from '@xueli/contracts';
import { checkCandidates, placeOf } from './plan.ts';
import { packageItemFiles, parseQti, writeQtiPackage } from './qti.ts';
import { readZip, writeZip, ZipError } from './zip.ts';

const item = (decls: string, body: string, rp = '', extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="i1" title="t" adaptive="false" time-dependent="false">
${decls}
  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
  <qti-item-body>${body}</qti-item-body>
${rp}${extra}
</qti-assessment-item>`;

const parseOne = (xml: string) => {
  const f = parseQti([{ name: null, text: xml }]);
  expect(f.errors).toEqual([]);
  return f.items[0]!;
};

describe('QTI 3.0 parser', () => {
  it('reads a single-choice item with its prompt and modal feedback', () => {
    const i = parseOne(
      item(
        '<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier"><qti-correct-response><qti-value>choiceB</qti-value></qti-correct-response></qti-response-declaration>',
        '<p>Which is &lt;prime&gt;?</p><qti-choice-interaction response-identifier="RESPONSE" max-choices="1"><qti-prompt>Choose one.</qti-prompt><qti-simple-choice identifier="choiceA">4</qti-simple-choice><qti-simple-choice identifier="choiceB"><b>5</b></qti-simple-choice></qti-choice-interaction>',
        '<qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"/>',
        '<qti-modal-feedback outcome-identifier="FEEDBACK" identifier="F" show-hide="show"><qti-content-body><p>5 is prime.</p></qti-content-body></qti-modal-feedback>',
      ),
    );
    expect(i.candidate).toEqual({
      type: 'single',
      stem: 'Which is <prime>?\n\nChoose one.',
      explanation: '5 is prime.',
      options: [
        { id: 'choiceA', text: '4' },
        { id: 'choiceB', text: '5' },
      ],
      answerKey: { correct: 'choiceB' },
    });
    expect(i.where).toEqual({ kind: 'item', file: null, item: 1, line: 2 });
  });

  it('reads multiple choice: all-or-nothing under match_correct, the rule from the mapping under map_response', () => {
    const decl = (mapping: string) =>
      `<qti-response-declaration identifier="RESPONSE" cardinality="multiple" base-type="identifier"><qti-correct-response><qti-value>A</qti-value><qti-value>C</qti-value></qti-correct-response>${mapping}</qti-response-declaration>`;
    const body = '<p>Primes?</p><qti-choice-interaction response-identifier="RESPONSE" max-choices="0"><qti-simple-choice identifier="A">2</qti-simple-choice><qti-simple-choice identifier="B">4</qti-simple-choice><qti-simple-choice identifier="C">5</qti-simple-choice></qti-choice-interaction>';
    const match = '<qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"/>';
    const map = '<qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml"/>';
    expect(parseOne(item(decl(''), body, match)).candidate).toMatchObject({ type: 'multiple', answerKey: { correct: ['A', 'C'], rule: 'all-or-nothing' } });
    const mapping = (wrong: number) => `<qti-mapping lower-bound="0" upper-bound="1" default-value="0"><qti-map-entry map-key="A" mapped-value="0.5"/><qti-map-entry map-key="B" mapped-value="${wrong}"/><qti-map-entry map-key="C" mapped-value="0.5"/></qti-mapping>`;
    expect(parseOne(item(decl(mapping(-0.5)), body, map)).candidate).toMatchObject({ answerKey: { rule: 'partial-with-penalty' } });
    expect(parseOne(item(decl(mapping(-1)), body, map)).candidate).toMatchObject({ answerKey: { rule: 'partial' } });
    const free = parseOne(item(decl(mapping(0)), body, map));
    expect(free.candidate).toMatchObject({ answerKey: { rule: 'partial' } });
    expect(free.warnings[0]!.message).toMatch(/no penalty/);
  });

  it('reads true/false, text entries with numbers, tolerance and case, and extended text', () => {
    const tf = parseOne(
      item(
        '<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier"><qti-correct-response><qti-value>false</qti-value></qti-correct-response></qti-response-declaration>',
        '<p>The sun is cold.</p><qti-choice-interaction response-identifier="RESPONSE" max-choices="1"><qti-simple-choice identifier="true">True</qti-simple-choice><qti-simple-choice identifier="false">False</qti-simple-choice></qti-choice-interaction>',
      ),
    );
    expect(tf.candidate).toEqual({ type: 'true_false', stem: 'The sun is cold.', answerKey: { correct: false } });
    const fill = parseOne(
      item(
        `<qti-response-declaration identifier="R1" cardinality="single" base-type="string"><qti-correct-response><qti-value>Paris</qti-value></qti-correct-response><qti-mapping default-value="0"><qti-map-entry map-key="Paris" mapped-value="1" case-sensitive="true"/><qti-map-entry map-key="PARIS" mapped-value="1" case-sensitive="true"/><qti-map-entry map-key="Lyon" mapped-value="0" case-sensitive="true"/></qti-mapping></qti-response-declaration>
         <qti-response-declaration identifier="R2" cardinality="single" base-type="float"><qti-correct-response><qti-value>3.14</qti-value></qti-correct-response></qti-response-declaration>`,
        '<p>The capital of France is <qti-text-entry-interaction response-identifier="R1"/>; pi is <qti-text-entry-interaction response-identifier="R2"/>.</p>',
        '<qti-response-processing><qti-response-condition><qti-response-if><qti-equal tolerance-mode="absolute" tolerance="0.01 0.01"><qti-variable identifier="R2"/><qti-correct identifier="R2"/></qti-equal><qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">1</qti-base-value></qti-set-outcome-value></qti-response-if></qti-response-condition></qti-response-processing>',
      ),
    );
    expect(fill.candidate).toEqual({
      type: 'fill_blank',
      stem: 'The capital of France is ____; pi is ____.',
      answerKey: {
        order: 'sensitive',
        normalize: { caseFold: false },
        blanks: [{ accepted: [{ kind: 'text', value: 'Paris' }, { kind: 'text', value: 'PARIS' }] }, { accepted: [{ kind: 'number', value: 3.14, tolerance: { abs: 0.01 } }] }],
      },
    });
    const essay = parseOne(item('<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>', '<p>Discuss.</p><qti-extended-text-interaction response-identifier="RESPONSE"/>'));
    expect(essay.candidate).toMatchObject({ type: 'essay', stem: 'Discuss.', rubric: { criteria: [{ id: 'overall' }] } });
    expect(checkCandidates([tf, fill, essay], ['KP']).every((c) => c.body && !c.problems.length)).toBe(true);
  });

  it('reports unsupported and broken items with file, item number and line', () => {
    const f = parseQti([
      { name: 'a.xml', text: item('', '<p>x</p>\n<qti-order-interaction response-identifier="R"/>') },
      { name: 'b.xml', text: '<assessmentItem identifier="x"/>' },
      { name: 'c.xml', text: '<qti-assessment-item>\n<qti-item-body>\n<p></qti-item-body></qti-assessment-item>' },
      { name: 'd.xml', text: item('', '<p>no interaction</p>') },
      { name: 'e.xml', text: '<qti-assessment-test identifier="t"/>' },
      { name: 'f.xml', text: item('<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier"/>', '<qti-choice-interaction response-identifier="RESPONSE"><qti-simple-choice identifier="A">a</qti-simple-choice><qti-simple-choice identifier="B">b</qti-simple-choice></qti-choice-interaction>') },
    ]);
    const messages = [...f.errors.map((e) => `${placeOf(e.where)}: ${e.issue.message}`), ...f.items.flatMap((i) => i.issues.map((p) => `${placeOf(i.where)}: ${p.message}`))];
    expect(messages).toEqual([
      expect.stringMatching(/^b\.xml: line 1: this is QTI 2\.x/),
      expect.stringMatching(/^c\.xml: line 3: not well-formed XML/),
      expect.stringMatching(/^a\.xml: item 1 \(line 2\): <qti-order-interaction> is not supported .*\(line 6\)$/),
      expect.stringMatching(/^d\.xml: item 2 \(line 2\): the item body has no interaction/),
      expect.stringMatching(/^f\.xml: item 3 \(line 2\): the response declaration has no correct response/),
    ]);
    expect(f.warnings[0]!.issue.message).toMatch(/<qti-assessment-test> is not an assessment item/);
  });
});

describe('QTI package writer', () => {
  const base = { explanation: '', difficulty: null, discrimination: null, status: 'draft', version: 1, knowledgePoints: [], createdBy: null, updatedBy: null, createdAt: '', updatedAt: '', rubric: null, tags: [] } as const;
  const mk = (over: Partial<ItemView>): ItemView => ({ ...base, id: 1, type: 'single', stem: 's', options: null, answerKey: null, ...over }) as ItemView;

  it('writes a content package that reads back: manifest order, identifiers, rules, blanks, tolerance', () => {
    const items = [
      mk({ id: 11, stem: '选 <b> & 对的？', options: [{ id: 'A', text: '甲' }, { id: '2', text: '乙' }], answerKey: { type: 'single-choice', options: ['A', '2'], correct: '2' }, explanation: '因为如此' }),
      mk({ id: 12, type: 'multiple', options: [{ id: 'A', text: 'a' }, { id: 'B', text: 'b' }, { id: 'C', text: 'c' }], answerKey: { type: 'multiple-choice', options: ['A', 'B', 'C'], correct: ['A', 'C'], rule: 'all-or-nothing' } }),
      mk({ id: 13, type: 'multiple', options: [{ id: 'A', text: 'a' }, { id: 'B', text: 'b' }, { id: 'C', text: 'c' }], answerKey: { type: 'multiple-choice', options: ['A', 'B', 'C'], correct: ['A', 'B'], rule: 'partial-with-penalty' } }),
      mk({ id: 14, type: 'true_false', stem: '天是蓝的', answerKey: { type: 'true-false', correct: true } }),
      mk({ id: 15, type: 'fill_blank', stem: '1+1=____，圆周率约 ____', answerKey: { type: 'fill-blank', order: 'sensitive', blanks: [{ accepted: [{ kind: 'number', value: 2 }, { kind: 'text', value: '二' }] }, { accepted: [{ kind: 'number', value: 3.14, tolerance: { abs: 0.01 } }] }] } }),
      mk({ id: 16, type: 'essay', stem: 'Discuss', rubric: {} }),
      mk({ id: 17, type: 'short_answer', answerKey: { type: 'short-answer', keywords: [] } }),
    ];
    const w = writeQtiPackage(items);
    expect(w.exported).toBe(6);
    expect(w.skipped.map((s) => s.id)).toEqual([17]);
    const files = packageItemFiles(readZip(w.body, { maxEntries: 100, maxTotalBytes: 1e7 }));
    expect(files.map((f) => f.name)).toEqual([11, 12, 13, 14, 15, 16].map((id) => `items/item-${id}.xml`));
    const back = parseQti(files.map((f) => ({ name: f.name, text: f.data.toString('utf8') })));
    expect(back.errors).toEqual([]);
    const c = back.items.map((i) => i.candidate!);
    expect(c[0]).toMatchObject({ type: 'single', stem: '选 <b> & 对的？', options: [{ id: 'A', text: '甲' }, { id: 'C2', text: '乙' }], answerKey: { correct: 'C2' }, explanation: '因为如此' });
    expect(c[1]).toMatchObject({ type: 'multiple', answerKey: { correct: ['A', 'C'], rule: 'all-or-nothing' } });
    expect(c[2]).toMatchObject({ type: 'multiple', answerKey: { correct: ['A', 'B'], rule: 'partial-with-penalty' } });
    expect(c[3]).toEqual({ type: 'true_false', stem: '天是蓝的', answerKey: { correct: true } });
    expect(c[4]).toEqual({
      type: 'fill_blank',
      stem: '1+1=____，圆周率约 ____',
      answerKey: { order: 'sensitive', blanks: [{ accepted: [{ kind: 'text', value: '2' }, { kind: 'text', value: '二' }] }, { accepted: [{ kind: 'number', value: 3.14, tolerance: { abs: 0.01 } }] }] },
    });
    expect(c[5]).toMatchObject({ type: 'essay', stem: 'Discuss' });
  });
});

describe('zip', () => {
  it('round-trips entries and refuses bombs, damage and non-zips', () => {
    const entries = [
      { name: 'a.txt', data: Buffer.from('hello') },
      { name: '目录/b.xml', data: Buffer.from('x'.repeat(10000)) },
    ];
    const z = writeZip(entries);
    expect(readZip(z, { maxEntries: 10, maxTotalBytes: 1e6 })).toEqual(entries);
    expect(() => readZip(z, { maxEntries: 1, maxTotalBytes: 1e6 })).toThrow(/2 entries/);
    expect(() => readZip(z, { maxEntries: 10, maxTotalBytes: 5000 })).toThrow(/expands to more than/);
    expect(() => readZip(Buffer.from('not a zip at all, just text'), { maxEntries: 10, maxTotalBytes: 1e6 })).toThrow(ZipError);
    const damaged = Buffer.from(z);
    damaged[40] = damaged[40]! ^ 0xff; // inside the first entry's data
    expect(() => readZip(damaged, { maxEntries: 10, maxTotalBytes: 1e6 })).toThrow(ZipError);
    // an entry whose directory understates its size cannot inflate past it
    const big = zlib.deflateRawSync(Buffer.alloc(1e6));
    const lying = writeZip([{ name: 'x', data: Buffer.alloc(1e6) }]);
    const dir = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    lying.writeUInt32LE(10, dir + 24);
    expect(big.length).toBeLessThan(5000);
    expect(() => readZip(lying, { maxEntries: 10, maxTotalBytes: 1e6 })).toThrow(ZipError);
  });
});
