import { describe, expect, it } from 'vitest';
import { analyzeQuery, normalizeForRetrieval } from './analyze.ts';
import { diversify, prepareRerank, rerankFeatures, rerankScore } from './rerank.ts';
import { firstRelevantRank, rankingMetrics } from './evaluate.ts';

const prepared = (q: string) => prepareRerank(analyzeQuery(q), () => 1);
const features = (q: string, doc: string) => rerankFeatures(prepared(q), normalizeForRetrieval(doc));

describe('rerankFeatures', () => {
  it('measures the longest common substring against the question’s content units', () => {
    // content units of the question: 生命数耗完即算为 (8); 什么 are interrogatives
    const f = features('生命数耗完即算为什么？', '每次泡封会减少生命数，生命数耗完即算为踢爆。');
    expect(f.lcs).toBe(1);
    expect(f.lcsIdf).toBe(1);
    expect(f.coverage).toBe(1);
    expect(f.bigramCoverage).toBe(1);
    const g = features('生命数耗完即算为什么？', '生命值耗尽时游戏结束。');
    expect(g.lcs).toBeCloseTo(2 / 8); // 生命
    expect(g.coverage).toBeCloseTo(3 / 8); // 生, 命, 耗
    expect(g.bigramCoverage).toBeCloseTo(1 / 7); // 生命 of 生命 命数 数耗 耗完 完即 即算 算为
  });

  it('weights by idf', () => {
    const p = prepareRerank(analyzeQuery('东盟校区占地面积'), (u) => (u === '东' || u === '盟' ? 10 : 1));
    const f = rerankFeatures(p, normalizeForRetrieval('凤岭校区占地面积423亩'));
    expect(f.lcs).toBeCloseTo(6 / 8);
    expect(f.lcsIdf).toBeCloseTo(6 / 26);
    expect(f.coverage).toBeCloseTo(6 / 26);
  });

  it('sees the number cue only when the question asks for a number and the passage has a digit', () => {
    expect(features('新员工培训多少天？', '培训为期14天').number).toBe(1);
    expect(features('新员工培训多少天？', '培训为期两周').number).toBe(0);
    expect(features('新员工培训内容是什么？', '培训为期14天').number).toBe(0);
  });

  it('combines linearly', () => {
    const w = { bm25: 1, lcs: 0.5, lcsIdf: 0, coverage: 2, bigramCoverage: 0, number: 0.1 };
    expect(rerankScore(w, 0.8, { lcs: 0.5, lcsIdf: 1, coverage: 0.25, bigramCoverage: 1, number: 1 })).toBeCloseTo(0.8 + 0.25 + 0.5 + 0.1);
  });
});

describe('diversify', () => {
  // terms: [entity, attribute]; doc 0 and 1 name the entity, doc 2 states the attribute
  const terms = [Float64Array.of(6, 0), Float64Array.of(5, 0), Float64Array.of(0, 4), Float64Array.of(0, 1)];
  it('is the plain score order with γ = 1', () => {
    expect(diversify(terms, [0, 0, 0, 0], 1, 1, 4)).toEqual([0, 1, 2, 3]);
  });
  it('moves up the document covering what the ones above do not', () => {
    expect(diversify(terms, [0, 0, 0, 0], 1, 0.5, 3)).toEqual([0, 2, 1]);
  });
  it('adds the static scores and keeps the first-stage order on ties', () => {
    expect(diversify(terms, [0, 0, 10, 0], 1, 1, 2)).toEqual([2, 0]);
    expect(diversify([Float64Array.of(1), Float64Array.of(1)], [0, 0], 1, 0.5, 2)).toEqual([0, 1]);
    expect(diversify([], [], 1, 0.5, 3)).toEqual([]);
  });
});

describe('rankingMetrics', () => {
  it('computes recall@k and MRR@k over queries', () => {
    const rel = [new Set(['a']), new Set(['x', 'c']), new Set(['z'])];
    const m = rankingMetrics([['a', 'b'], ['b', 'c', 'x'], ['b']], rel, [1, 2], 10);
    expect(m.recall[1]).toBeCloseTo(1 / 3);
    expect(m.recall[2]).toBeCloseTo(2 / 3);
    expect(m.mrr).toBeCloseTo((1 + 1 / 2) / 3);
    expect(firstRelevantRank(['b', 'c'], rel[1]!)).toBe(2);
    expect(rankingMetrics([['q', 'a']], [new Set(['a'])], [1], 1).mrr).toBe(0);
  });
});
