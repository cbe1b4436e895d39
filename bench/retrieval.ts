/**
 * `npm run bench:retrieval`: lexical retrieval for the knowledge base (issue 6) on CMRC 2018
 * (../shared/data/retrieval/cmrc2018/trial.json, SQuAD format), at sentence granularity as
 * ../shared/data/README.md describes.
 *
 * Protocol:
 * 1. Corpus: every sentence of every passage, split after 。！？!? (trimmed, empty ones dropped).
 *    A question's relevant sentences are those of its own passage that contain one of its answer
 *    strings. Questions with no such sentence (the answer spans two sentences: 66 of 1,002) are left
 *    out, as the README's reference numbers do (with them, recall@5 could not exceed 0.934).
 * 2. Split: the questions are divided by a seeded hash (FNV-1a of "seed|question id") into a tuning
 *    half and a held-out half. Every parameter — field weights, k1 and b, re-ranker weights, whether a
 *    piece is kept — is chosen on the tuning half only (objective MRR@10 + recall@5); the held-out
 *    half is the headline, the full set is reported beside it. The corpus is always the whole one.
 * 3. Systems: (a) the README's reference, BM25 (k1 1.2, b 0.75) over the raw characters' unigrams and
 *    bigrams in one field; (b) each improvement added cumulatively, tuned on the tuning half; (c) the
 *    product's configuration, `new Retriever()` with `DEFAULT_RETRIEVER_CONFIG` — the code path of
 *    the knowledge base and of `xueli retrieval search` — which must equal the last step of (b).
 * 4. Speed (2 vCPU): indexing throughput (bulk `addAll`, analysis included) on the real sentences and
 *    on a synthetic corpus of 100,000 chunks; query latency (every question, one at a time, p50 and
 *    p99) on the 100,000 chunks; medians over RETRIEVAL_RUNS runs, and the same for the reference in
 *    the same run (ratio). Synthetic chunks: the 3,058 real sentences, then chunks made by joining
 *    the first part of one random sentence to the last part of another (cut at 30–70% of each,
 *    mulberry32), so vocabulary and lengths follow the real text; quality on that corpus is reported
 *    too (the real relevant sentences among 97,000 distractors).
 *
 * Environment: RETRIEVAL_DATA (default ../shared/data/retrieval/cmrc2018/trial.json beside the
 * repo), RETRIEVAL_SEED (1), RETRIEVAL_RUNS (3), RETRIEVAL_CHUNKS (100000), RETRIEVAL_SPEED (1; 0
 * skips the speed part). Results: bench/results/retrieval-<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  analyzeQuery,
  analyzeText,
  diversify,
  DEFAULT_RETRIEVER_CONFIG,
  LexicalIndex,
  mulberry32,
  prepareRerank,
  rankingMetrics,
  readingOrderEvidence,
  rerankFeatures,
  rerankScore,
  Retriever,
  normalizeForRetrieval,
  type AnalyzedQuery,
  type FieldParams,
  type NeighbourConfig,
  type RerankFeatures,
  type RerankWeights,
  type RetrieverConfig,
  type TokenField,
  type TokenFields,
} from '@xueli/engine';

const here = import.meta.dirname;
const FILE = process.env.RETRIEVAL_DATA ?? path.resolve(here, '../../shared/data/retrieval/cmrc2018/trial.json');
const SEED = Number(process.env.RETRIEVAL_SEED ?? 1);
const RUNS = Number(process.env.RETRIEVAL_RUNS ?? 3);
const CHUNKS = Number(process.env.RETRIEVAL_CHUNKS ?? 100_000);
const SPEED = process.env.RETRIEVAL_SPEED !== '0';
let DEPTH = 50;
const README_REFERENCE = { recall1: 0.65, recall5: 0.86, mrr10: 0.74 };

if (!fs.existsSync(FILE)) {
  console.log(`${FILE} not found (set RETRIEVAL_DATA)`);
  process.exit(1);
}

// ---- data ----
interface Squad {
  data: { title: string; paragraphs: { context: string; qas: { id: string; question: string; answers: { text: string }[] }[] }[] }[];
}
const squad = JSON.parse(fs.readFileSync(FILE, 'utf8')) as Squad;
const docIds: string[] = [],
  docTexts: string[] = [],
  docTitles: string[] = [];
interface Question {
  id: string;
  text: string;
  relevant: Set<string>;
  tuning: boolean;
}
const questions: Question[] = [];
let allQuestions = 0;
/** FNV-1a, 32 bits. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
let passage = 0;
for (const article of squad.data)
  for (const p of article.paragraphs) {
    const sentences = p.context
      .split(/(?<=[。！？!?])/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const ids = sentences.map((_, i) => `p${passage}s${i}`);
    sentences.forEach((s, i) => (docIds.push(ids[i]!), docTexts.push(s), docTitles.push(article.title)));
    for (const q of p.qas) {
      allQuestions++;
      const relevant = new Set(ids.filter((_, i) => q.answers.some((a) => sentences[i]!.includes(a.text))));
      if (relevant.size > 0) questions.push({ id: q.id, text: q.question, relevant, tuning: fnv1a(`${SEED}|${q.id}`) % 2 === 0 });
    }
    passage++;
  }
const tuningQs = questions.filter((q) => q.tuning),
  heldQs = questions.filter((q) => !q.tuning);
console.log(
  `${path.basename(path.dirname(FILE))}: ${passage} passages, ${docIds.length} sentences; ${allQuestions} questions, ` +
    `${questions.length} with a relevant sentence (${allQuestions - questions.length} left out: the answer spans sentences); ` +
    `tuning half ${tuningQs.length}, held-out half ${heldQs.length} (seed ${SEED})`,
);

const f4 = (x: number) => x.toFixed(4);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

interface Scores {
  recall1: number;
  recall5: number;
  mrr10: number;
}
const qIndex = new Map(questions.map((q, i) => [q, i]));
/** Metrics of rankings (one per question, all questions) on a subset of the questions. */
function score(rankings: readonly (readonly string[])[], qs: Question[]): Scores {
  const m = rankingMetrics(
    qs.map((q) => rankings[qIndex.get(q)!]!),
    qs.map((q) => q.relevant),
    [1, 5],
    10,
  );
  return { recall1: m.recall[1]!, recall5: m.recall[5]!, mrr10: m.mrr };
}
const objective = (s: Scores) => s.mrr10 + s.recall5;

// ---- (a) the README's reference ----
/** Raw characters (whitespace dropped, nothing normalised): unigrams + bigrams in one list. */
function rawCharGrams(text: string): string[] {
  const c = [...text].filter((ch) => !/\s/u.test(ch));
  const out = [...c];
  for (let i = 0; i + 1 < c.length; i++) out.push(c[i]! + c[i + 1]!);
  return out;
}
function referenceIndex(ids: string[], texts: string[]): LexicalIndex {
  const index = new LexicalIndex([{ weight: 1, k1: 1.2, b: 0.75 }]);
  index.addAll(ids.map((id, i) => ({ id, fields: [rawCharGrams(texts[i]!)] })));
  return index;
}
const reference = referenceIndex(docIds, docTexts);
const referenceRankings = questions.map((q) => reference.search([rawCharGrams(q.text)], 10).map((h) => h.id));

// ---- (b) improvements, cumulatively ----
const FIELDS: TokenField[] = ['word', 'char', 'bigram', 'trigram'];
const docTokens: TokenFields[] = docTexts.map((t) => analyzeText(t));
const titleTokens: TokenFields[] = docTitles.map((t) => analyzeText(t, { word: false, trigram: false }));
const docNorm = docTexts.map(normalizeForRetrieval);
const queriesKeep: AnalyzedQuery[] = questions.map((q) => analyzeQuery(q.text, {}, false));
const queriesDrop: AnalyzedQuery[] = questions.map((q) => analyzeQuery(q.text, {}, true));

type BenchField = TokenField | 'unibi' | 'context';
interface FirstStage {
  /** Fields scored, in index order; 'unibi' = char + bigram in one field; 'context' = the passage title. */
  fields: Partial<Record<BenchField, FieldParams>>;
  dropQuestionWords: boolean;
}
const fieldOrder = (fs_: FirstStage) => (['unibi', ...FIELDS, 'context'] as const).filter((f) => fs_.fields[f] !== undefined);
/** A field's tokens; `ctx` gives the context field's (the title for a document, the query itself for a query). */
const tokensOf = (t: TokenFields, ctx: TokenFields | undefined, f: BenchField) =>
  f === 'unibi' ? [...t.char, ...t.bigram] : f === 'context' ? (ctx ? [...ctx.char, ...ctx.bigram] : []) : t[f];

/** Builds the first stage's index and returns every question's top `depth` hits with the index. */
function runFirstStage(cfg: FirstStage, depth: number) {
  const order = fieldOrder(cfg);
  // the char field is always indexed (the re-ranker's idf), with weight 0 when not scored
  const withChar = order.includes('char') ? order : [...order, 'char' as const];
  const index = new LexicalIndex(withChar.map((f) => cfg.fields[f] ?? { weight: 0, k1: 1.2, b: 0.75 }));
  index.addAll(docIds.map((id, i) => ({ id, fields: withChar.map((f) => tokensOf(docTokens[i]!, titleTokens[i], f)) })));
  const qs = cfg.dropQuestionWords ? queriesDrop : queriesKeep;
  const hits = qs.map((q) => index.search(withChar.map((f) => tokensOf(q, q, f)), depth));
  return { index, hits, charField: withChar.indexOf('char'), withChar };
}

interface Candidates {
  ids: string[][];
  /** First-stage score of each candidate. */
  bm25: number[][];
  /** Per query term BM25 contributions of each candidate (LexicalIndex.termScores). */
  termScores: Float64Array[][];
  features: RerankFeatures[][];
}
function candidatesOf(cfg: FirstStage): Candidates {
  const { index, hits, charField, withChar } = runFirstStage(cfg, DEPTH);
  const docPos = new Map(docIds.map((id, i) => [id, i]));
  const qs = cfg.dropQuestionWords ? queriesDrop : queriesKeep;
  const c: Candidates = { ids: [], bm25: [], termScores: [], features: [] };
  hits.forEach((h, qi) => {
    const q = qs[qi]!;
    const prepared = prepareRerank(q, (u) => index.idf(charField, u));
    const ids = h.map((x) => x.id);
    c.ids.push(ids);
    c.bm25.push(h.map((x) => x.score));
    c.termScores.push(index.termScores(withChar.map((f) => tokensOf(q, q, f)), ids).scores);
    c.features.push(h.map((x) => rerankFeatures(prepared, docNorm[docPos.get(x.id)!]!)));
  });
  return c;
}
/** The re-ranked top 10 of every question: features with weights w, coverage discount gamma. */
function rerankRankings(c: Candidates, w: RerankWeights, gamma: number): string[][] {
  const featureOnly = { ...w, bm25: 0 };
  return c.ids.map((ids, qi) => {
    if (ids.length === 0) return [];
    const fs_ = c.features[qi]!.map((f) => rerankScore(featureOnly, 0, f));
    return diversify(c.termScores[qi]!, fs_, w.bm25 / c.bm25[qi]![0]!, gamma, 10).map((j) => ids[j]!);
  });
}
const firstStageRankings = (cfg: FirstStage) => runFirstStage(cfg, 10).hits.map((h) => h.map((x) => x.id));

interface Step {
  step: string;
  config: unknown;
  tuning: Scores;
  heldOut: Scores;
  all: Scores;
  kept: boolean;
}
const steps: Step[] = [];
function record(step: string, config: unknown, rankings: string[][], kept = true): Step {
  const s: Step = { step, config, tuning: score(rankings, tuningQs), heldOut: score(rankings, heldQs), all: score(rankings, questions), kept };
  steps.push(s);
  console.log(
    `  ${step.padEnd(52)} tune ${f4(s.tuning.recall1)} ${f4(s.tuning.recall5)} ${f4(s.tuning.mrr10)} | held-out ${f4(s.heldOut.recall1)} ${f4(s.heldOut.recall5)} ${f4(s.heldOut.mrr10)} | all ${f4(s.all.recall1)} ${f4(s.all.recall5)} ${f4(s.all.mrr10)}${kept ? '' : '  (not kept)'}`,
  );
  return s;
}
const tuneObjective = (rankings: string[][]) => objective(score(rankings, tuningQs));

/** Coordinate search over a grid for one number of a config; returns the best value (ties: the current one). */
function coordinate<T>(current: T, grid: readonly T[], evalAt: (v: T) => number): { value: T; objective: number } {
  let best = current,
    bestObj = evalAt(current);
  for (const v of grid) {
    if (v === current) continue;
    const o = evalAt(v);
    if (o > bestObj + 1e-9) {
      best = v;
      bestObj = o;
    }
  }
  return { value: best, objective: bestObj };
}

console.log('\nrecall@1 recall@5 MRR@10 — tuning half | held-out half | all questions');
record('(a) reference: raw char uni+bigrams, BM25 1.2/0.75', { k1: 1.2, b: 0.75 }, referenceRankings);

const P = (weight: number, k1 = 1.2, b = 0.75): FieldParams => ({ weight, k1, b });
let cfg: FirstStage = { fields: { unibi: P(1) }, dropQuestionWords: false };
record('+ NFKC, lower case, no punctuation, English words', cfg, firstStageRankings(cfg));

// separate unigram and bigram fields, bigram weight tuned
const W_GRID = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3];
{
  const base = (w: number): FirstStage => ({ fields: { char: P(1), bigram: P(w) }, dropQuestionWords: false });
  const best = coordinate(1, W_GRID.filter((w) => w > 0), (w) => tuneObjective(firstStageRankings(base(w))));
  cfg = base(best.value);
  record(`+ unigrams and bigrams as two fields (bigram ×${best.value})`, cfg, firstStageRankings(cfg));
}
// interrogatives out of the query
{
  const next = { ...cfg, dropQuestionWords: true };
  const kept = tuneObjective(firstStageRankings(next)) > tuneObjective(firstStageRankings(cfg));
  record('+ interrogatives dropped from the question', next, firstStageRankings(next), kept);
  if (kept) cfg = next;
}
/** Tunes weight (not for char, the unit), k1 and b of every scored field, coordinate-wise, two rounds. */
function tuneFields(start: FirstStage, fields: (TokenField | 'context')[]): FirstStage {
  let c = start;
  const K1 = [0.3, 0.6, 0.9, 1.2, 1.5, 2, 3];
  const B = [0, 0.25, 0.5, 0.75, 0.9, 1];
  for (let round = 0; round < 2; round++)
    for (const f of fields) {
      const set = (p: Partial<FieldParams>): FirstStage => ({ ...c, fields: { ...c.fields, [f]: { ...c.fields[f]!, ...p } } });
      if (f !== 'char') c = set({ weight: coordinate(c.fields[f]!.weight, W_GRID.filter((w) => w > 0), (w) => tuneObjective(firstStageRankings(set({ weight: w })))).value });
      c = set({ k1: coordinate(c.fields[f]!.k1, K1, (k1) => tuneObjective(firstStageRankings(set({ k1 })))).value });
      c = set({ b: coordinate(c.fields[f]!.b, B, (b) => tuneObjective(firstStageRankings(set({ b })))).value });
    }
  return c;
}
{
  const next = tuneFields(cfg, fieldOrder(cfg).filter((f): f is TokenField => f !== 'unibi' && f !== 'context'));
  const kept = tuneObjective(firstStageRankings(next)) > tuneObjective(firstStageRankings(cfg));
  record('+ weights, k1 and b per field tuned', next, firstStageRankings(next), kept);
  if (kept) cfg = next;
}
/** Adds a field and tunes its weight, k1 and b; kept when the tuning objective improves. */
function tryField(f: TokenField, label: string): void {
  const next = tuneFields({ ...cfg, fields: { ...cfg.fields, [f]: P(0.5) } }, [f]);
  const kept = tuneObjective(firstStageRankings(next)) > tuneObjective(firstStageRankings(cfg)) + 0.002;
  const p = next.fields[f]!;
  record(`+ ${label} (×${p.weight}, k1 ${p.k1}, b ${p.b})`, next, firstStageRankings(next), kept);
  if (kept) cfg = next;
}
tryField('word', 'ICU word field');
tryField('trigram', 'character trigram field');

// re-ranker: coverage diversification, then one feature at a time (weights relative to the BM25
// share), then everything jointly; all tuned on the tuning half
let cands = candidatesOf(cfg);
let weights: RerankWeights = { bm25: 1, lcs: 0, lcsIdf: 0, coverage: 0, bigramCoverage: 0, number: 0 };
let gamma = 1;
const RW_GRID = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.5, 2, 3];
const GAMMA_GRID = [1, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5, 0.4, 0.3];
{
  const best = coordinate(1, GAMMA_GRID, (g) => tuneObjective(rerankRankings(cands, weights, g)));
  gamma = best.value;
  record(`+ re-rank top ${DEPTH}: query-term coverage diversification (γ ${gamma})`, { gamma }, rerankRankings(cands, weights, gamma), gamma !== 1);
}
const FEATURE_NAMES: Record<Exclude<keyof RerankWeights, 'bm25'>, string> = {
  lcs: 'longest common substring',
  lcsIdf: 'longest common substring, idf-weighted',
  coverage: 'idf-weighted coverage of question characters',
  bigramCoverage: 'coverage of question bigrams',
  number: 'number/date cue (几, 多少, 哪一年 …)',
};
const FEATURES = Object.keys(FEATURE_NAMES) as (keyof typeof FEATURE_NAMES)[];
for (const feat of FEATURES) {
  const at = (v: number): RerankWeights => ({ ...weights, [feat]: v });
  const best = coordinate(0, RW_GRID, (v) => tuneObjective(rerankRankings(cands, at(v), gamma)));
  const kept = best.value !== 0;
  const next = at(best.value);
  record(`+ ${FEATURE_NAMES[feat]} (×${best.value})`, next, rerankRankings(cands, next, gamma), kept);
  if (kept) weights = next;
}
/** All re-ranker weights and γ together, coordinate-wise, two rounds. */
function tuneReranker(c: Candidates, w0: RerankWeights, g0: number): { w: RerankWeights; g: number } {
  let w = w0,
    g = g0;
  for (let round = 0; round < 2; round++) {
    for (const feat of FEATURES) {
      const at = (v: number): RerankWeights => ({ ...w, [feat]: v });
      w = at(coordinate(w[feat], RW_GRID, (v) => tuneObjective(rerankRankings(c, at(v), g))).value);
    }
    g = coordinate(g, GAMMA_GRID, (x) => tuneObjective(rerankRankings(c, w, x))).value;
  }
  return { w, g };
}
{
  const t = tuneReranker(cands, weights, gamma);
  const kept = tuneObjective(rerankRankings(cands, t.w, t.g)) > tuneObjective(rerankRankings(cands, weights, gamma));
  record(`+ re-ranker weights and γ tuned jointly (γ ${t.g})`, t, rerankRankings(cands, t.w, t.g), kept);
  if (kept) ({ w: weights, g: gamma } = t);
}
{
  // the first stage's parameters again, now judged through the re-ranker
  let c = cfg;
  const evalCfg = (x: FirstStage) => tuneObjective(rerankRankings(candidatesOf(x), weights, gamma));
  const K1 = [0.3, 0.6, 0.9, 1.2, 1.5, 2];
  const B = [0, 0.25, 0.5, 0.75, 1];
  for (const f of fieldOrder(c).filter((x): x is TokenField => x !== 'unibi' && x !== 'context')) {
    const set = (p: Partial<FieldParams>): FirstStage => ({ ...c, fields: { ...c.fields, [f]: { ...c.fields[f]!, ...p } } });
    if (f !== 'char') c = set({ weight: coordinate(c.fields[f]!.weight, W_GRID.filter((w) => w > 0), (w) => evalCfg(set({ weight: w }))).value });
    c = set({ k1: coordinate(c.fields[f]!.k1, K1, (k1) => evalCfg(set({ k1 }))).value });
    c = set({ b: coordinate(c.fields[f]!.b, B, (b) => evalCfg(set({ b }))).value });
  }
  const nextCands = candidatesOf(c);
  const t = tuneReranker(nextCands, weights, gamma);
  const kept = tuneObjective(rerankRankings(nextCands, t.w, t.g)) > tuneObjective(rerankRankings(cands, weights, gamma));
  record('+ first stage re-tuned through the re-ranker', { firstStage: c, ...t }, rerankRankings(nextCands, t.w, t.g), kept);
  if (kept) {
    cfg = c;
    cands = nextCands;
    ({ w: weights, g: gamma } = t);
  }
}
{
  // how many first-stage candidates the re-ranker sees
  const at = (d: number) => {
    const saved = DEPTH;
    DEPTH = d;
    const c = candidatesOf(cfg);
    DEPTH = saved;
    return c;
  };
  const best = coordinate(DEPTH, [20, 30, 100], (d) => tuneObjective(rerankRankings(at(d), weights, gamma)));
  const kept = best.value !== DEPTH;
  const c = at(best.value);
  record(kept ? `+ re-ranking depth ${best.value}` : `+ re-ranking depth 20, 30 or 100 instead of ${DEPTH}`, { depth: best.value }, rerankRankings(c, weights, gamma), kept);
  if (kept) {
    DEPTH = best.value;
    cands = c;
  }
}
const firstStage = cfg;

// ---- (d) chunk context: the passage's title (beyond the README protocol) ----
// The product indexes each chunk with its document's title and heading path (Retriever.add's
// `context`). CMRC passages come from Wikipedia articles with titles; with the title as every
// sentence's context, only the context field's weight, k1 and b are tuned (on the tuning half,
// through the re-ranker); everything chosen above stays as it is, so that (c) is unaffected.
let contextParams = P(0.5, 0.3, 0);
{
  const K1 = [0.3, 0.6, 0.9, 1.2, 1.5, 2];
  const B = [0, 0.25, 0.5, 0.75, 1];
  const withCtx = (p: FieldParams): FirstStage => ({ ...cfg, fields: { ...cfg.fields, context: p } });
  const evalP = (p: FieldParams) => tuneObjective(rerankRankings(candidatesOf(withCtx(p)), weights, gamma));
  for (let round = 0; round < 2; round++) {
    contextParams = { ...contextParams, weight: coordinate(contextParams.weight, W_GRID.filter((w) => w > 0), (w) => evalP({ ...contextParams, weight: w })).value };
    contextParams = { ...contextParams, k1: coordinate(contextParams.k1, K1, (k1) => evalP({ ...contextParams, k1 })).value };
    contextParams = { ...contextParams, b: coordinate(contextParams.b, B, (b) => evalP({ ...contextParams, b })).value };
  }
}

// ---- (e) neighbour context: the sentences in reading order ----
// The corpus lists each passage's sentences one after another (as a knowledge-base document's chunks
// are, and as `xueli retrieval search` detects in its docs file). Each sentence is linked to the one
// before it (Retriever `prev`), and the re-ranking stage lets a sentence borrow the question's terms
// it lacks from its neighbours (rerank.ts `borrowFromNeighbours`). Window, borrow factor and decay
// are tuned on the tuning half through the product's Retriever; everything above is fixed.
const withoutNeighbours: RetrieverConfig = {
  fields: {
    ...(Object.fromEntries(Object.entries(firstStage.fields).filter(([f]) => f !== 'unibi')) as RetrieverConfig['fields']),
    context: contextParams,
  },
  dropQuestionWords: firstStage.dropQuestionWords,
  rerank: { depth: DEPTH, weights, coverageDiscount: gamma },
};
/** Every question's top 10 from a Retriever over all sentences, in reading order or not, with titles or not. */
function retrieverRankings(config: RetrieverConfig, opts: { links: boolean; titles: boolean; order?: number[] }): string[][] {
  const r = new Retriever(config);
  const order = opts.order ?? docIds.map((_, i) => i);
  r.addAll(
    order.map((i, at) => ({
      id: docIds[i]!,
      text: docTexts[i]!,
      ...(opts.titles ? { context: docTitles[i]! } : {}),
      ...(opts.links && at > 0 ? { prev: docIds[order[at - 1]!]! } : {}),
    })),
  );
  return questions.map((q) => r.search(q.text, { k: 10 }).map((h) => h.id));
}
let neighbours: NeighbourConfig | null = null;
{
  const at = (nb: NeighbourConfig) => tuneObjective(retrieverRankings({ ...withoutNeighbours, neighbours: nb }, { links: true, titles: false }));
  const none = tuneObjective(retrieverRankings(withoutNeighbours, { links: true, titles: false }));
  let best: { nb: NeighbourConfig; objective: number } | null = null;
  for (const window of [1, 2, 3])
    for (const borrow of [0.3, 0.5, 0.7])
      for (const decay of window === 1 ? [1] : [0.5, 1]) {
        const nb = { window, borrow, decay };
        const o = at(nb);
        if (!best || o > best.objective + 1e-9) best = { nb, objective: o };
      }
  if (best && best.objective > none + 0.002) neighbours = best.nb;
  console.log(`  neighbour context chosen on the tuning half: ${JSON.stringify(neighbours)} (objective ${best?.objective.toFixed(4)} vs ${none.toFixed(4)} without)`);
}

// ---- the chosen configuration vs the product's default ----
const chosen: RetrieverConfig = { ...withoutNeighbours, neighbours };
const same = JSON.stringify(chosen) === JSON.stringify(DEFAULT_RETRIEVER_CONFIG);
console.log(`\nchosen on the tuning half: ${JSON.stringify(chosen)}`);
if (!same) console.log(`WARNING: DEFAULT_RETRIEVER_CONFIG differs: ${JSON.stringify(DEFAULT_RETRIEVER_CONFIG)}`);

// ---- (c) the product's retriever ----
const product = new Retriever();
product.addAll(docIds.map((id, i) => ({ id, text: docTexts[i]! })));
const productRankings = questions.map((q) => product.search(q.text, { k: 10 }).map((h) => h.id));
const final = record('(c) product: new Retriever(), sentences one by one (no order)', DEFAULT_RETRIEVER_CONFIG, productRankings);
const productCtx = new Retriever();
productCtx.addAll(docIds.map((id, i) => ({ id, text: docTexts[i]!, context: docTitles[i]! })));
const ctxRankings = questions.map((q) => productCtx.search(q.text, { k: 10 }).map((h) => h.id));
const finalCtx = record(
  `(d) product with the passage title as context (×${contextParams.weight}, k1 ${contextParams.k1}, b ${contextParams.b})`,
  DEFAULT_RETRIEVER_CONFIG,
  ctxRankings,
);
const finalOrder = record(
  `(e) product, sentences alone in reading order (neighbours ${neighbours ? `±${neighbours.window}, ×${neighbours.borrow}, decay ${neighbours.decay}` : 'off'})`,
  DEFAULT_RETRIEVER_CONFIG,
  retrieverRankings(DEFAULT_RETRIEVER_CONFIG, { links: true, titles: false }),
);
record('(e′) product, titles and reading order', DEFAULT_RETRIEVER_CONFIG, retrieverRankings(DEFAULT_RETRIEVER_CONFIG, { links: true, titles: true }));
// a shuffled copy of the corpus: `xueli retrieval search --order auto` must not link it
const shuffledOrder = (() => {
  const rand = mulberry32(SEED + 100);
  const o = docIds.map((_, i) => i);
  for (let i = o.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [o[i], o[j]] = [o[j]!, o[i]!];
  }
  return o;
})();
const orderEvidence = {
  readingOrder: readingOrderEvidence(docTexts),
  shuffled: readingOrderEvidence(shuffledOrder.map((i) => docTexts[i]!)),
};
console.log(
  `  reading-order detection (xueli retrieval search --order auto): in order ratio ${orderEvidence.readingOrder.ratio.toFixed(1)} → ${orderEvidence.readingOrder.ordered ? 'linked' : 'not linked'}; ` +
    `shuffled ratio ${orderEvidence.shuffled.ratio.toFixed(2)} → ${orderEvidence.shuffled.ordered ? 'linked' : 'not linked'}`,
);
record(
  '(e″) shuffled corpus linked anyway (what --order reading would do)',
  DEFAULT_RETRIEVER_CONFIG,
  retrieverRankings(DEFAULT_RETRIEVER_CONFIG, { links: true, titles: false, order: shuffledOrder }),
);
const ref = steps[0]!;
console.log(
  `reference vs README (all questions): ${f4(ref.all.recall1)}/${f4(ref.all.recall5)}/${f4(ref.all.mrr10)} vs ` +
    `${README_REFERENCE.recall1}/${README_REFERENCE.recall5}/${README_REFERENCE.mrr10}; ` +
    `targets recall@5 ≥ 0.92, MRR@10 ≥ 0.80 — held-out ${f4(final.heldOut.recall5)}, ${f4(final.heldOut.mrr10)} ` +
    `(sentences one by one), ${f4(finalOrder.heldOut.recall5)}, ${f4(finalOrder.heldOut.mrr10)} (sentences in reading order), ` +
    `${f4(finalCtx.heldOut.recall5)}, ${f4(finalCtx.heldOut.mrr10)} (with titles)`,
);

// ---- speed ----
interface Speed {
  corpus: string;
  chunks: number;
  system: string;
  indexChunksPerSecond: number;
  queryP50Ms: number;
  queryP99Ms: number;
  queryMaxMs: number;
  runs: { indexSeconds: number; p50: number; p99: number; max: number }[];
  quality?: Scores;
}
const speed: Speed[] = [];
let synthetic: { ids: string[]; texts: string[] } | undefined;
let incremental: Record<string, number> | undefined;
if (SPEED) {
  const rand = mulberry32(SEED);
  const ids = [...docIds],
    texts = [...docTexts];
  while (ids.length < CHUNKS) {
    const a = docTexts[Math.floor(rand() * docTexts.length)]!,
      b = docTexts[Math.floor(rand() * docTexts.length)]!;
    const ca = Math.floor(a.length * (0.3 + 0.4 * rand())),
      cb = Math.floor(b.length * (0.3 + 0.4 * rand()));
    ids.push(`x${ids.length}`);
    texts.push(a.slice(0, ca) + b.slice(cb));
  }
  synthetic = { ids, texts };
  const measure = (system: string, corpus: string, cIds: string[], cTexts: string[], build: () => { search: (q: string) => string[] }) => {
    const runs: Speed['runs'] = [];
    let last: string[][] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      const s = build();
      const indexSeconds = (performance.now() - t0) / 1000;
      for (let w = 0; w < 50; w++) s.search(questions[w]!.text); // warm-up
      const times: number[] = [];
      last = questions.map((q) => {
        const t = performance.now();
        const hits = s.search(q.text);
        times.push(performance.now() - t);
        return hits;
      });
      times.sort((a, b) => a - b);
      runs.push({ indexSeconds, p50: quantile(times, 0.5), p99: quantile(times, 0.99), max: times[times.length - 1]! });
    }
    const row: Speed = {
      corpus,
      chunks: cIds.length,
      system,
      indexChunksPerSecond: cIds.length / median(runs.map((x) => x.indexSeconds)),
      queryP50Ms: median(runs.map((x) => x.p50)),
      queryP99Ms: median(runs.map((x) => x.p99)),
      queryMaxMs: median(runs.map((x) => x.max)),
      runs,
      quality: score(last, questions),
    };
    speed.push(row);
    console.log(
      `  ${system.padEnd(22)} ${corpus.padEnd(10)} ${String(cIds.length).padStart(7)} chunks: index ${row.indexChunksPerSecond.toFixed(0).padStart(6)} chunks/s, ` +
        `query p50 ${row.queryP50Ms.toFixed(2)} ms, p99 ${row.queryP99Ms.toFixed(2)} ms, max ${row.queryMaxMs.toFixed(2)} ms; ` +
        `all-question quality ${f4(row.quality!.recall1)}/${f4(row.quality!.recall5)}/${f4(row.quality!.mrr10)}`,
    );
    return row;
  };
  console.log(`\nspeed (${RUNS} runs, medians; ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? ''}):`);
  const productSystem = (cIds: string[], cTexts: string[]) => () => {
    const r = new Retriever();
    r.addAll(cIds.map((id, i) => ({ id, text: cTexts[i]! })));
    return { search: (q: string) => r.search(q, { k: 10 }).map((h) => h.id) };
  };
  const referenceSystem = (cIds: string[], cTexts: string[]) => () => {
    const index = referenceIndex(cIds, cTexts);
    return { search: (q: string) => index.search([rawCharGrams(q)], 10).map((h) => h.id) };
  };
  const linkedSystem = (cIds: string[], cTexts: string[]) => () => {
    const r = new Retriever();
    r.addAll(cIds.map((id, i) => ({ id, text: cTexts[i]!, ...(i > 0 ? { prev: cIds[i - 1]! } : {}) })));
    return { search: (q: string) => r.search(q, { k: 10 }).map((h) => h.id) };
  };
  measure('reference BM25', 'sentences', docIds, docTexts, referenceSystem(docIds, docTexts));
  measure('product Retriever', 'sentences', docIds, docTexts, productSystem(docIds, docTexts));
  measure('product, reading order', 'sentences', docIds, docTexts, linkedSystem(docIds, docTexts));
  const refBig = measure('reference BM25', 'synthetic', ids, texts, referenceSystem(ids, texts));
  const prodBig = measure('product Retriever', 'synthetic', ids, texts, productSystem(ids, texts));
  measure('product, reading order', 'synthetic', ids, texts, linkedSystem(ids, texts));
  measure('product, first stage', 'synthetic', ids, texts, () => {
    const r = new Retriever({ ...DEFAULT_RETRIEVER_CONFIG, rerank: null });
    r.addAll(ids.map((id, i) => ({ id, text: texts[i]! })));
    return { search: (q: string) => r.search(q, { k: 10 }).map((h) => h.id) };
  });
  console.log(
    `  same-run ratios, product / reference on ${ids.length} chunks: indexing throughput ${(prodBig.indexChunksPerSecond / refBig.indexChunksPerSecond).toFixed(2)}×, ` +
      `query p99 ${(prodBig.queryP99Ms / refBig.queryP99Ms).toFixed(2)}×`,
  );
  // incremental maintenance on the big index: add 1,000 chunks one by one, then remove them
  {
    const r = new Retriever();
    r.addAll(ids.map((id, i) => ({ id, text: texts[i]! })));
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) r.add(`new${i}`, docTexts[i]!);
    const addMs = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    for (let i = 0; i < 1000; i++) r.remove(`new${i}`);
    const removeMs = (performance.now() - t1) / 1000;
    const t2 = performance.now();
    const json = JSON.stringify(r);
    const saveMs = performance.now() - t2;
    const t3 = performance.now();
    Retriever.fromJSON(JSON.parse(json));
    const loadMs = performance.now() - t3;
    console.log(
      `  incremental on ${ids.length} chunks: add ${addMs.toFixed(2)} ms/chunk, remove ${removeMs.toFixed(3)} ms/chunk; ` +
        `toJSON ${saveMs.toFixed(0)} ms (${(json.length / 2 ** 20).toFixed(1)} MiB), fromJSON ${loadMs.toFixed(0)} ms`,
    );
    incremental = { chunks: ids.length, addMsPerChunk: addMs, removeMsPerChunk: removeMs, toJsonMs: saveMs, fromJsonMs: loadMs, jsonMiB: json.length / 2 ** 20 };
  }
}

const outDir = path.join(here, 'results');
fs.mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `retrieval-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(
  file,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
      data: { file: FILE, passages: passage, sentences: docIds.length, questions: allQuestions, scored: questions.length, tuning: tuningQs.length, heldOut: heldQs.length, seed: SEED },
      readmeReference: README_REFERENCE,
      steps,
      chosen,
      defaultMatchesChosen: same,
      orderEvidence,
      speed,
      incremental,
      synthetic: synthetic ? { chunks: synthetic.ids.length, how: 'real sentences + joins of a random sentence prefix (30–70%) and another sentence suffix' } : null,
    },
    null,
    1,
  ),
);
console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
