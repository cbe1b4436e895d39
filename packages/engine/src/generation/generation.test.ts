import { describe, expect, it } from 'vitest';
import { gradeObjective } from '../grading/objective.ts';
import { buildOutline, detectGenLanguage, extractTerms, GEN_BLANK, generateQuizItems, rankKeySentences, relatedTerms, splitGenSentences, type GenPassage } from '../index.ts';
import { sentencesOf } from './text.ts';

/** A short Chinese policy document: four chapters (headings), eleven articles. */
const POLICY: [string, string][] = [
  ['第一章 总则', '第一条 为规范本行客户信息保护工作，保障客户合法权益，根据《个人信息保护法》制定本办法。\n第二条 客户信息是指本行在提供金融服务过程中获取的客户身份信息、账户信息和交易信息。'],
  ['第一章 总则', '第三条 客户信息保护遵循最小必要原则，员工只能在业务需要的范围内访问客户信息。敏感个人信息包括客户身份证号码、银行账号、生物识别信息等。'],
  ['第二章 信息收集与使用', '第四条 收集客户信息应当取得客户的书面授权，并告知客户信息的使用目的。员工不得向第三方提供客户信息。\n第五条 对外提供客户信息必须经过合规部门审批，并签订保密协议。'],
  ['第二章 信息收集与使用', '第六条 使用客户信息开展营销活动，应当事先取得客户同意。敏感个人信息的处理必须进行个人信息保护影响评估。'],
  ['第三章 信息存储与销毁', '第七条 客户信息应当加密存储，访问日志保存期限不少于五年。纸质档案应当存放在带锁的档案柜中。\n第八条 超过保存期限的客户信息应当及时销毁，销毁过程须由两名员工共同完成并登记。'],
  ['第三章 信息存储与销毁', '第九条 数据脱敏是指对敏感个人信息进行变形处理，使其无法识别特定客户。测试环境不得使用未经数据脱敏的生产数据。'],
  ['第四章 监督与责任', '第十条 合规部门负责监督客户信息保护工作，每年开展一次专项检查。发生信息泄露事件时，应当在两小时内向合规部门报告。\n第十一条 违反本办法泄露客户信息的员工，将按照《员工违规行为处理办法》追究责任。'],
];
const zh: GenPassage[] = POLICY.map(([h, text], i) => ({ chunkId: 100 + i, documentId: 1, documentTitle: '客户信息保护办法', headingPath: ['客户信息保护办法', h], ord: i, text }));

const EN = [
  'Retrieval Augmented Generation (RAG) is a technique that grounds a large language model in retrieved documents. RAG reduces hallucination because the model answers from the retrieved passages.',
  'A vector database stores embeddings of document chunks. The retriever must return the passages most similar to the question.',
  'Prompt injection is an attack in which text inside a document tries to change the instructions of the model. Staff must treat retrieved passages as data, never as instructions.',
  'The embedding model maps text to vectors. A vector database answers nearest-neighbour queries over the embeddings quickly.',
  'Hallucination means that the model states something the documents do not support. Reviewers must check every citation against the retrieved passages.',
  'Large language model (LLM) output must be reviewed before it is published. The LLM may be wrong even when it sounds confident.',
];
const en: GenPassage[] = EN.map((text, i) => ({ chunkId: 200 + i, documentId: 2, documentTitle: 'RAG handbook', headingPath: [], ord: i, text }));

const textOf = (ps: GenPassage[]) => ps.map((p) => p.text).join('\n');

describe('text', () => {
  it('splits Chinese and English sentences and drops list markers', () => {
    expect(splitGenSentences('第一句。第二句！\n- 第三句；English one. Another one? x')).toEqual(['第一句。', '第二句！', '第三句；', 'English one.', 'Another one?', 'x']);
    expect(detectGenLanguage(textOf(zh))).toBe('zh');
    expect(detectGenLanguage(textOf(en))).toBe('en');
  });
});

describe('extractTerms', () => {
  it('merges words that co-occur as a unit, keeps marked terms, drops stop words and weak words', () => {
    const terms = extractTerms(zh);
    const keys = terms.map((t) => t.key);
    expect(keys[0]).toBe('客户信息'); // 客户 + 信息, the most frequent and widest spread
    expect(keys).toEqual(expect.arrayContaining(['敏感个人信息', '合规部门', '数据脱敏', '个人信息保护法', '员工违规行为处理办法']));
    for (const stop of ['应当', '不得', '客户', '信息', '使用', '第三条', '取得客户']) expect(keys).not.toContain(stop);
    const law = terms.find((t) => t.key === '个人信息保护法')!;
    expect(law.marked).toBe(true);
    const ci = terms.find((t) => t.key === '客户信息')!;
    expect(ci.spread).toBeGreaterThanOrEqual(5);
    expect(ci.score).toBe(ci.count * ci.spread); // frequency × spread
    // scores are in order
    for (let i = 1; i < terms.length; i++) expect(terms[i - 1]!.score).toBeGreaterThanOrEqual(terms[i]!.score);
  });

  it('finds acronyms, capitalised phrases and aliases in English', () => {
    const terms = extractTerms(en);
    const by = new Map(terms.map((t) => [t.key, t]));
    expect(by.get('rag')?.kind).toBe('acronym');
    expect(by.get('rag')?.aliases).toContain('retrieval augmented generation');
    expect(by.get('llm')?.aliases).toContain('large language model');
    expect(by.get('vector database')?.count).toBe(2);
    expect(by.get('retrieved passages')?.spread).toBe(3);
    expect(by.has('the')).toBe(false);
    expect(by.has('must')).toBe(false);
  });

  it('is deterministic', () => {
    expect(extractTerms(zh)).toEqual(extractTerms([...zh]));
  });
});

describe('rankKeySentences', () => {
  it('prefers definitional sentences dense in terms', () => {
    const terms = extractTerms(zh);
    const ranked = rankKeySentences(sentencesOf(zh), terms);
    expect(ranked.length).toBeGreaterThan(5);
    const def = ranked.find((s) => s.text.startsWith('第二条'))!;
    expect(def.definitional).toBe(true);
    const top = ranked.slice(0, 5);
    expect(top.every((s) => s.definitional)).toBe(true);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(ranked[i]!.score);
  });
});

describe('generateQuizItems', () => {
  const terms = extractTerms(zh);
  const termKeys = new Set(terms.map((t) => t.key));
  const byChunk = new Map(zh.map((p) => [p.chunkId, p.text]));
  const { items, shortfall } = generateQuizItems(zh, { count: 12 });

  it('makes the number asked, all three types in turn, each from a source passage', () => {
    expect(items).toHaveLength(12);
    expect(shortfall).toBe(0);
    expect(new Set(items.map((i) => i.type))).toEqual(new Set(['fill_blank', 'single', 'true_false']));
    for (const it of items) {
      expect(it.sourceChunkIds).toHaveLength(1);
      expect(byChunk.get(it.sourceChunkIds[0]!)).toContain(it.basis.sentence);
      expect(it.tags).toContain('generated');
      expect(it.explanation).toContain(it.basis.sentence);
    }
    // one item per sentence
    expect(new Set(items.map((i) => i.basis.sentence)).size).toBe(items.length);
  });

  it('cloze: one blank whose answer is in the source sentence and is graded correct', () => {
    const cloze = items.filter((i) => i.type === 'fill_blank');
    expect(cloze.length).toBeGreaterThanOrEqual(3);
    for (const it of cloze) {
      if (it.type !== 'fill_blank') continue;
      expect(it.stem.split(GEN_BLANK)).toHaveLength(2);
      const accepted = it.answerKey.blanks[0]!.accepted;
      const first = accepted[0]!;
      expect(first.kind).toBe('text');
      const answer = first.kind === 'text' ? first.value : '';
      expect(it.basis.sentence).toContain(answer);
      expect(it.stem.replace(GEN_BLANK, answer)).toBe(it.basis.sentence);
      expect(it.stem).not.toContain(answer); // not given away
      const graded = gradeObjective(it.answerKey, [answer]);
      expect(graded.ok && graded.result.correct).toBe(true);
    }
  });

  it('single choice: four distinct options, distractors are other terms of the documents and absent from the sentence', () => {
    const singles = items.filter((i) => i.type === 'single');
    expect(singles.length).toBeGreaterThanOrEqual(3);
    for (const it of singles) {
      if (it.type !== 'single') continue;
      expect(it.options).toHaveLength(4);
      expect(new Set(it.options.map((o) => o.text)).size).toBe(4);
      expect(it.answerKey.options).toEqual(['a', 'b', 'c', 'd']);
      const answer = it.options.find((o) => o.id === it.answerKey.correct)!.text;
      expect(answer).toBe(it.basis.term);
      for (const o of it.options) {
        expect(termKeys.has(o.text.toLowerCase())).toBe(true);
        if (o.text === answer) continue;
        expect(o.text).not.toBe(answer);
        expect(it.basis.sentence).not.toContain(o.text);
        expect(answer.includes(o.text) || o.text.includes(answer)).toBe(false);
      }
    }
  });

  it('true/false: alternately a swapped (false) and an unchanged (true) statement', () => {
    const tf = items.filter((i) => i.type === 'true_false');
    expect(tf.length).toBeGreaterThanOrEqual(2);
    const falses = tf.filter((i) => i.type === 'true_false' && !i.answerKey.correct);
    const trues = tf.filter((i) => i.type === 'true_false' && i.answerKey.correct);
    expect(falses.length).toBeGreaterThanOrEqual(1);
    expect(trues.length).toBeGreaterThanOrEqual(1);
    for (const it of trues) expect(it.stem).toBe(it.basis.sentence);
    for (const it of falses) {
      expect(it.basis.replacement).toBeTruthy();
      expect(it.stem).not.toBe(it.basis.sentence);
      expect(it.stem).toContain(it.basis.replacement!);
      expect(termKeys.has(it.basis.replacement!)).toBe(true);
      expect(it.stem.replace(it.basis.replacement!, it.basis.term)).toBe(it.basis.sentence);
    }
  });

  it('respects the types asked and reports a shortfall when the documents run out', () => {
    const only = generateQuizItems(zh, { count: 5, types: ['fill_blank'] });
    expect(only.items.map((i) => i.type)).toEqual(Array(5).fill('fill_blank'));
    const many = generateQuizItems(zh.slice(0, 1), { count: 50 });
    expect(many.items.length).toBeLessThan(50);
    expect(many.shortfall).toBe(50 - many.items.length);
  });

  it('is deterministic', () => {
    expect(generateQuizItems(zh, { count: 12 })).toEqual(generateQuizItems(zh, { count: 12 }));
  });

  it('English: an acronym with its expansion is blanked as a whole and both names are accepted', () => {
    const { items: enItems } = generateQuizItems(en, { count: 10, types: ['fill_blank'] });
    expect(enItems.length).toBeGreaterThanOrEqual(4);
    for (const it of enItems) {
      if (it.type !== 'fill_blank') continue;
      const values = it.answerKey.blanks[0]!.accepted.map((a) => (a.kind === 'text' ? a.value.toLowerCase() : ''));
      for (const v of values) expect(it.stem.toLowerCase()).not.toContain(v);
    }
    const llm = enItems.find((i) => i.type === 'fill_blank' && i.answerKey.blanks[0]!.accepted.some((a) => a.kind === 'text' && a.value === 'LLM'));
    if (llm && llm.type === 'fill_blank') expect(llm.answerKey.blanks[0]!.accepted.map((a) => (a.kind === 'text' ? a.value.toLowerCase() : ''))).toContain('large language model');
  });
});

describe('relatedTerms', () => {
  it('never offers an alias, a term in the sentence, or a term of another kind', () => {
    const terms = extractTerms(en);
    const rag = terms.find((t) => t.key === 'rag')!;
    const rel = relatedTerms(rag, terms, 'RAG helps.', 5);
    expect(rel.map((t) => t.key)).not.toContain('retrieval augmented generation');
    expect(rel.every((t) => t.kind === 'acronym')).toBe(true);
    expect(rel.map((t) => t.key)).toContain('llm');
    const vd = terms.find((t) => t.key === 'vector database')!;
    expect(relatedTerms(vd, terms, 'A vector database stores embeddings of document chunks.', 5).map((t) => t.key)).not.toContain('embeddings');
  });
});

describe('buildOutline', () => {
  it('modules follow the top-level headings, with 2–4 objectives each in the document language', () => {
    const o = buildOutline(zh);
    expect(o.title).toBe('客户信息保护办法');
    expect(o.language).toBe('zh');
    expect(o.modules.map((m) => m.title)).toEqual(['第一章 总则', '第二章 信息收集与使用', '第三章 信息存储与销毁', '第四章 监督与责任']);
    for (const m of o.modules) {
      expect(m.objectives.length).toBeGreaterThanOrEqual(2);
      expect(m.objectives.length).toBeLessThanOrEqual(4);
      for (const obj of m.objectives) expect(obj).toMatch(/^能够/);
      expect(new Set(m.objectives).size).toBe(m.objectives.length);
    }
    expect(o.modules[0]!.sourceChunkIds).toEqual([100, 101]);
    expect(o.modules[0]!.objectives).toContain('能够说明什么是客户信息');
  });

  it('without headings, clusters consecutive passages; English objectives', () => {
    const o = buildOutline(en);
    expect(o.language).toBe('en');
    expect(o.modules.length).toBe(2);
    expect(o.modules.flatMap((m) => m.sourceChunkIds)).toEqual(en.map((p) => p.chunkId));
    expect(new Set(o.modules.map((m) => m.title)).size).toBe(2);
    for (const m of o.modules) {
      expect(m.title).toMatch(/^Part \d/);
      expect(m.objectives.length).toBeGreaterThanOrEqual(2);
      for (const obj of m.objectives) expect(obj).toMatch(/^(Explain|Describe|List|Summarise|Apply)/);
    }
  });

  it('several documents: modules of each, in order', () => {
    const o = buildOutline([...zh, ...en]);
    expect(o.modules[0]!.documentId).toBe(1);
    expect(o.modules.at(-1)!.documentId).toBe(2);
    expect(o.title).toContain('客户信息保护办法');
  });
});
