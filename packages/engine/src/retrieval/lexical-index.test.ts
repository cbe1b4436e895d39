import { describe, expect, it } from 'vitest';
import { analyzeText } from './analyze.ts';
import { LexicalIndex, type FieldParams } from './lexical-index.ts';
import { TopK } from './topk.ts';
import { mulberry32 } from '../random.ts';

const ONE: FieldParams[] = [{ weight: 1, k1: 1.2, b: 0.75 }];
const TWO: FieldParams[] = [
  { weight: 1, k1: 1.2, b: 0.75 },
  { weight: 0.5, k1: 0.9, b: 0.4 },
];
const toks = (s: string) => s.split(' ').filter(Boolean);
const fieldsOf = (text: string) => {
  const t = analyzeText(text, { word: false, trigram: false });
  return [t.char, t.bigram];
};

const ZH = [
  ['leave', '员工请假需要提前三天在系统中提交申请，由直属主管审批。'],
  ['annual', '年假天数按工龄计算：满一年五天，满十年十天。'],
  ['expense', '报销单据需在30天内提交财务部，逾期不予受理。'],
  ['security', '访客进入机房需要登记并由信息安全部员工陪同。'],
  ['training', '新员工入职培训为期两周，内容包括公司制度与产品知识。'],
] as const;

function zhIndex(): LexicalIndex {
  const index = new LexicalIndex(TWO);
  index.addAll(ZH.map(([id, text]) => ({ id, fields: fieldsOf(text) })));
  return index;
}

/** BM25 by the book for one field. */
function bm25(docs: string[][], query: string[], d: number, k1 = 1.2, b = 0.75): number {
  const n = docs.length;
  const avg = docs.reduce((a, x) => a + x.length, 0) / n;
  let s = 0;
  for (const t of query) {
    const df = docs.filter((x) => x.includes(t)).length;
    const tf = docs[d]!.filter((x) => x === t).length;
    if (tf === 0) continue;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    s += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * docs[d]!.length) / avg));
  }
  return s;
}

describe('LexicalIndex', () => {
  it('scores exactly BM25 (Lucene idf), a repeated query token counting twice', () => {
    const docs = [toks('a b c a'), toks('b c d'), toks('a e'), toks('f g h i j')];
    const index = new LexicalIndex(ONE);
    index.addAll(docs.map((fields, i) => ({ id: `d${i}`, fields: [fields] })));
    const q = toks('a c c x');
    const hits = index.search([q], 10);
    expect(hits.map((h) => h.id)).toEqual(['d0', 'd1', 'd2']); // d3 matches nothing
    for (const h of hits) expect(h.score).toBeCloseTo(bm25(docs, q, Number(h.id.slice(1))), 12);
  });

  it('weights fields and sums them', () => {
    const index = new LexicalIndex([
      { weight: 2, k1: 1.2, b: 0.75 },
      { weight: 0.5, k1: 1.2, b: 0.75 },
    ]);
    const a = [toks('x y'), toks('y z'), toks('z')];
    const b = [toks('p'), toks('q p'), toks('q')];
    index.addAll(a.map((_, i) => ({ id: `d${i}`, fields: [a[i]!, b[i]!] })));
    const [hit] = index.search([toks('y'), toks('q')], 1);
    expect(hit!.id).toBe('d1');
    expect(hit!.score).toBeCloseTo(2 * bm25(a, ['y'], 1) + 0.5 * bm25(b, ['q'], 1), 12);
    // per-query weights override the fields'
    expect(index.search([toks('y'), toks('q')], 3, { weights: [0, 1] }).map((h) => h.id)).toEqual(['d2', 'd1']);
  });

  it('finds the Chinese chunk that answers a question', () => {
    const index = zhIndex();
    const ask = (q: string) => index.search(fieldsOf(q), 3)[0]?.id;
    expect(ask('请假要提前几天申请')).toBe('leave');
    expect(ask('年假有多少天')).toBe('annual');
    expect(ask('报销单据交给哪个部门')).toBe('expense');
    expect(ask('新员工培训多久')).toBe('training');
    expect(index.search([['鲸'], []], 3)).toEqual([]);
  });

  it('returns at most k hits, best first, ties in insertion order', () => {
    const index = new LexicalIndex(ONE);
    index.addAll(['c', 'a', 'b'].map((id) => ({ id, fields: [toks('same words')] })));
    expect(index.search([toks('same')], 2).map((h) => h.id)).toEqual(['c', 'a']);
    expect(index.search([toks('same')], 0)).toEqual([]);
  });

  it('adds, replaces and removes documents incrementally with the same results as a fresh build', () => {
    const rand = mulberry32(7);
    const vocab = 'a b c d e f g h i j k l'.split(' ');
    const doc = () => [Array.from({ length: 2 + Math.floor(rand() * 8) }, () => vocab[Math.floor(rand() * vocab.length)]!)];
    const live = new Map<string, string[][]>();
    const index = new LexicalIndex(ONE);
    const initial = Array.from({ length: 40 }, (_, i) => ({ id: `d${i}`, fields: doc() }));
    index.addAll(initial);
    for (const d of initial) live.set(d.id, d.fields);
    for (let step = 0; step < 200; step++) {
      const r = rand();
      if (r < 0.5) {
        const id = `n${step}`;
        const f = doc();
        index.add(id, f);
        live.set(id, f);
      } else if (r < 0.65) {
        const id = [...live.keys()][Math.floor(rand() * live.size)]!;
        const f = doc();
        index.add(id, f); // replace
        live.delete(id);
        live.set(id, f);
      } else {
        const id = [...live.keys()][Math.floor(rand() * live.size)]!;
        expect(index.remove(id)).toBe(true);
        live.delete(id);
      }
    }
    expect(index.remove('never-there')).toBe(false);
    expect(index.size).toBe(live.size);
    const q = [toks('a c f k')];
    // deleted documents are gone from the results at once
    for (const h of index.search(q, 1000)) expect(live.has(h.id)).toBe(true);
    // after compaction the statistics are exact: same scores as an index built from scratch
    index.compact();
    const fresh = new LexicalIndex(ONE);
    fresh.addAll([...live].map(([id, fields]) => ({ id, fields })));
    expect(index.search(q, 1000)).toEqual(fresh.search(q, 1000));
    expect([...index.idList()]).toEqual([...live.keys()]);
  });

  it('searches the compact postings and the tail of recent additions together', () => {
    const index = new LexicalIndex(TWO);
    index.addAll(ZH.slice(0, 3).map(([id, text]) => ({ id, fields: fieldsOf(text) })));
    for (const [id, text] of ZH.slice(3)) index.add(id, fieldsOf(text)); // stays in the tail
    const q = fieldsOf('员工需要提交什么');
    const before = index.search(q, 10);
    expect(index.search(q, 10)).toEqual(zhIndex().search(q, 10));
    index.compact();
    expect(index.search(q, 10)).toEqual(before);
  });

  it('applies the allow set and the filter before the top k, so k visible hits still come back', () => {
    const index = zhIndex();
    const q = fieldsOf('员工需要提交申请');
    const all = index.search(q, 10).map((h) => h.id);
    expect(all.length).toBeGreaterThanOrEqual(4);
    const hidden = new Set(all.slice(0, 2));
    const asked: string[] = [];
    const filtered = index.search(q, 2, { filter: (id) => (asked.push(id), !hidden.has(id)) });
    expect(filtered.map((h) => h.id)).toEqual(all.slice(2, 4));
    expect(asked.length).toBeLessThanOrEqual(all.length);
    const allowed = index.search(q, 2, { allow: new Set(all.slice(2)) });
    expect(allowed.map((h) => h.id)).toEqual(all.slice(2, 4));
    expect(index.search(q, 5, { allow: new Set(['nobody']) })).toEqual([]);
  });

  it('gives each query term’s contribution, summing to the score', () => {
    const index = zhIndex();
    index.add('late', fieldsOf('员工请假须经主管同意')); // in the tail
    const q = fieldsOf('员工请假需要主管审批');
    const hits = index.search(q, 10);
    const { terms, scores } = index.termScores(q, [...hits.map((h) => h.id), 'unknown']);
    expect(terms.length).toBeGreaterThan(5);
    hits.forEach((h, j) => expect(scores[j]!.reduce((a, b) => a + b, 0)).toBeCloseTo(h.score, 10));
    expect([...scores[hits.length]!].every((x) => x === 0)).toBe(true);
  });

  it('round-trips through JSON', () => {
    const index = zhIndex();
    index.add('late', fieldsOf('员工请假须经主管同意'));
    index.remove('annual');
    const json = JSON.parse(JSON.stringify(index)) as ReturnType<LexicalIndex['toJSON']>;
    const back = LexicalIndex.fromJSON(json);
    for (const q of ['员工请假', '报销 30天', '培训两周']) expect(back.search(fieldsOf(q), 10)).toEqual(index.search(fieldsOf(q), 10));
    expect(back.size).toBe(5);
    expect(back.has('annual')).toBe(false);
    back.add('more', fieldsOf('年假按工龄计算')); // still mutable
    expect(back.search(fieldsOf('年假工龄'), 1)[0]!.id).toBe('more');
  });

  it('rejects malformed serialisations', () => {
    const json = zhIndex().toJSON();
    expect(() => LexicalIndex.fromJSON({ ...json, version: 2 } as never)).toThrow(/version 1/);
    expect(() => LexicalIndex.fromJSON({ ...json, ids: json.ids.slice(1) })).toThrow(/inconsistent/);
    expect(() => LexicalIndex.fromJSON({ ...json, ids: [...json.ids.slice(1), json.ids[1]!] })).toThrow(/duplicate/);
    const p = json.postings[0]!;
    expect(() => LexicalIndex.fromJSON({ ...json, postings: [{ ...p, docs: '!!!!' }, json.postings[1]!] })).toThrow();
  });

  it('validates its arguments', () => {
    expect(() => new LexicalIndex([])).toThrow();
    expect(() => new LexicalIndex([{ weight: 1, k1: 1, b: 2 }])).toThrow();
    const index = new LexicalIndex(TWO);
    expect(() => index.add('x', [['a']])).toThrow(/2 token fields/);
    expect(index.search([['a'], []], 5)).toEqual([]); // empty index
  });
});

describe('TopK', () => {
  it('keeps the k best, ties to the smaller key, like a full sort', () => {
    const rand = mulberry32(3);
    for (let trial = 0; trial < 20; trial++) {
      const k = 1 + Math.floor(rand() * 10);
      const items = Array.from({ length: 50 }, (_, key) => ({ key, score: Math.floor(rand() * 8) }));
      const heap = new TopK(k);
      for (const x of items) heap.push(x.score, x.key);
      const expected = [...items].sort((a, b) => b.score - a.score || a.key - b.key).slice(0, k);
      expect(heap.sorted()).toEqual(expected);
    }
  });
});

describe('base64 codec', () => {
  it('matches Node’s encoding and round-trips', async () => {
    const { bytesToBase64, base64ToBytes } = await import('./codec.ts');
    const rand = mulberry32(11);
    for (const n of [0, 1, 2, 3, 4, 5, 100, 20_000]) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
      const b64 = bytesToBase64(bytes);
      expect(b64).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(b64)).toEqual(bytes);
    }
    expect(() => base64ToBytes('ab$d')).toThrow(/invalid base64/);
  });
});
