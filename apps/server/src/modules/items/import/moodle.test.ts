import { describe, expect, it } from 'vitest';
import type { ItemView } from '@xueli/contracts';
import { parseMoodleXml, writeMoodleXml } from './moodle.ts';
import { checkCandidates, placeOf } from './plan.ts';

const QUIZ = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Default</text></category></question>
  <question type="multichoice">
    <name><text>Q1</text></name>
    <questiontext format="html"><text><![CDATA[<p>What is <b>RAG</b>&nbsp;for?</p><p>Line two<br>three &amp; four</p>]]></text></questiontext>
    <generalfeedback format="html"><text>&lt;p&gt;Because&lt;/p&gt;</text></generalfeedback>
    <single>false</single>
    <answer fraction="50" format="html"><text>A &amp; B</text></answer>
    <answer fraction="50" format="html"><text><![CDATA[<p>C</p>]]></text></answer>
    <answer fraction="-50" format="html"><text>D</text></answer>
    <tags><tag><text>rag</text></tag><tag><text>llm</text></tag></tags>
  </question>
  <question type="multichoice">
    <questiontext format="plain_text"><text>Pick one</text></questiontext>
    <single>true</single>
    <answer fraction="0"><text>x</text></answer>
    <answer fraction="100"><text>y</text></answer>
  </question>
  <question type="truefalse"><questiontext><text>Sky blue?</text></questiontext>
    <answer fraction="0"><text>true</text></answer><answer fraction="100"><text>false</text></answer></question>
  <question type="shortanswer"><questiontext><text>Capital of France?</text></questiontext><usecase>1</usecase>
    <answer fraction="100"><text>Paris</text></answer><answer fraction="100"><text>Par*s</text></answer><answer fraction="50"><text>paree</text></answer></question>
  <question type="numerical"><questiontext><text>pi?</text></questiontext>
    <answer fraction="100"><text>3.14</text><tolerance>0.01</tolerance></answer><answer fraction="0"><text>*</text></answer></question>
  <question type="description"><questiontext><text>Read this first.</text></questiontext></question>
  <question type="essay"><questiontext><text>Discuss.</text></questiontext><defaultgrade>20</defaultgrade></question>
</quiz>`;

describe('Moodle XML parser', () => {
  it('reads multichoice, truefalse, shortanswer, numerical and essay questions', () => {
    const f = parseMoodleXml(QUIZ);
    expect(f.errors).toEqual([]);
    expect(f.items.map((i) => i.candidate?.type)).toEqual(['multiple', 'single', 'true_false', 'fill_blank', 'fill_blank', 'essay']);
    const [mc, sc, tf, sa, num, essay] = f.items.map((i) => i.candidate!);
    expect(mc).toEqual({
      type: 'multiple',
      stem: 'What is RAG for?\n\nLine two\nthree & four',
      explanation: 'Because',
      tags: ['rag', 'llm'],
      options: [
        { id: 'A', text: 'A & B' },
        { id: 'B', text: 'C' },
        { id: 'C', text: 'D' },
      ],
      answerKey: { correct: ['A', 'B'], rule: 'partial-with-penalty' },
    });
    expect(sc).toMatchObject({ stem: 'Pick one', answerKey: { correct: 'B' } });
    expect(tf).toMatchObject({ answerKey: { correct: false } });
    expect(sa).toMatchObject({ answerKey: { normalize: { caseFold: false }, blanks: [{ accepted: [{ kind: 'text', value: 'Paris' }, { kind: 'regex', pattern: 'Par.*s' }] }] } });
    expect(f.items[3]!.warnings[0]!.message).toMatch(/'paree' \(50%\) is not kept/);
    expect(num).toMatchObject({ answerKey: { blanks: [{ accepted: [{ kind: 'number', value: 3.14, tolerance: { abs: 0.01 } }] }] } });
    expect(essay).toMatchObject({ rubric: { criteria: [{ levels: [{ score: 0 }, { score: 10 }, { score: 20 }] }] } });
    // categories do not count as items; the description is a warning at its line
    expect(f.items.map((i) => i.where.item)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(f.items[0]!.where.line).toBe(4);
    expect(f.warnings.map((w) => `${placeOf(w.where)}: ${w.issue.message}`)).toEqual([expect.stringMatching(/^line 26: a description/)]);
    expect(checkCandidates(f.items, ['KP']).every((c) => c.body && !c.problems.length)).toBe(true);
  });

  it('reports each bad question with its item number and line, and refuses what is not Moodle XML', () => {
    const f = parseMoodleXml(`<quiz>
<question type="matching"><questiontext><text>m</text></questiontext></question>
<question type="multichoice"><questiontext><text>no right answer</text></questiontext>
  <answer fraction="50"><text>a</text></answer><answer fraction="0"><text>b</text></answer></question>
<question type="truefalse"><questiontext><text>?</text></questiontext><answer fraction="100"><text>maybe</text></answer></question>
<question type="numerical"><questiontext><text>n</text></questiontext><answer fraction="100"><text>lots</text></answer></question>
</quiz>`);
    expect(f.items.flatMap((i) => i.issues.map((p) => `${placeOf(i.where)}: ${p.message}`))).toEqual([
      expect.stringMatching(/^item 1 \(line 2\): Moodle question type 'matching' is not supported/),
      'item 2 (line 3): no answer has fraction 100',
      expect.stringMatching(/^item 3 \(line 5\): the answer with fraction 100 must be "true" or "false"/),
      "item 4 (line 6): the numerical answer 'lots' is not a number",
    ]);
    const bad = parseMoodleXml('<quiz>\n<question type="essay">\n<questiontext></quiz>');
    expect(bad.errors.map((e) => `${placeOf(e.where)}: ${e.issue.message}`)).toEqual([expect.stringMatching(/^line 3: not well-formed XML/)]);
    expect(parseMoodleXml('<qti-assessment-item/>').errors[0]!.issue.message).toMatch(/root element is <qti-assessment-item>/);
    expect(parseMoodleXml('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x "yyyy">]>\n<quiz/>').errors[0]).toMatchObject({ where: { line: 2 }, issue: { message: expect.stringMatching(/entity declarations/) } });
    expect(parseMoodleXml('<quiz></quiz>').errors[0]!.issue.message).toMatch(/no questions/);
  });
});

describe('Moodle XML writer', () => {
  const base = { explanation: '', difficulty: null, discrimination: null, status: 'draft', version: 1, knowledgePoints: [], createdBy: null, updatedBy: null, createdAt: '', updatedAt: '', rubric: null, tags: [] } as const;
  const item = (over: Partial<ItemView>): ItemView => ({ ...base, id: 1, type: 'single', stem: 's', options: null, answerKey: null, ...over }) as ItemView;

  it('writes what the parser reads back (text with markup characters and line breaks, rules, tolerance, wildcards)', () => {
    const items = [
      item({ id: 1, stem: 'Is <b> a tag & so on?\nSecond line\n\nNew paragraph', options: [{ id: 'a', text: 'x < y' }, { id: 'b', text: 'z' }], answerKey: { type: 'single-choice', options: ['a', 'b'], correct: 'b' }, explanation: 'because ]]> breaks CDATA', tags: ['t1', '标签'] }),
      item({ id: 2, type: 'multiple', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }, { id: 'c', text: 'C' }], answerKey: { type: 'multiple-choice', options: ['a', 'b', 'c'], correct: ['a', 'c'], rule: 'partial' } }),
      item({ id: 3, type: 'true_false', answerKey: { type: 'true-false', correct: true } }),
      item({ id: 4, type: 'fill_blank', answerKey: { type: 'fill-blank', order: 'sensitive', blanks: [{ accepted: [{ kind: 'text', value: 'a*b' }, { kind: 'text', value: 'c' }] }] } }),
      item({ id: 5, type: 'fill_blank', answerKey: { type: 'fill-blank', order: 'sensitive', blanks: [{ accepted: [{ kind: 'number', value: -2, tolerance: { abs: 0.5 } }] }] } }),
      item({ id: 6, type: 'essay', rubric: {} }),
      item({ id: 7, type: 'programming', answerKey: {} }),
    ];
    const w = writeMoodleXml(items);
    expect(w.skipped).toEqual([{ id: 7, reason: expect.stringMatching(/programming/) }]);
    const back = parseMoodleXml(w.body.toString('utf8'));
    expect(back.errors).toEqual([]);
    const c = back.items.map((i) => i.candidate!);
    expect(c[0]).toMatchObject({ type: 'single', stem: 'Is <b> a tag & so on?\nSecond line\n\nNew paragraph', options: [{ text: 'x < y' }, { text: 'z' }], answerKey: { correct: 'B' }, explanation: 'because ]]> breaks CDATA', tags: ['t1', '标签'] });
    expect(c[1]).toMatchObject({ type: 'multiple', answerKey: { correct: ['A', 'C'], rule: 'partial' } });
    expect(c[2]).toMatchObject({ type: 'true_false', answerKey: { correct: true } });
    expect(c[3]).toMatchObject({ answerKey: { blanks: [{ accepted: [{ kind: 'text', value: 'a*b' }, { kind: 'text', value: 'c' }] }] } });
    expect(c[4]).toMatchObject({ answerKey: { blanks: [{ accepted: [{ kind: 'number', value: -2, tolerance: { abs: 0.5 } }] }] } });
    expect(c[5]).toMatchObject({ type: 'essay' });
  });
});
