/**
 * The product's lexical retriever (issue 6, ADR 0014): analysis (analyze.ts) + multi-field BM25
 * (lexical-index.ts) + a second-stage re-ranker (rerank.ts), in the configuration chosen on the
 * tuning half of the CMRC 2018 sentence-retrieval benchmark (`DEFAULT_RETRIEVER_CONFIG`,
 * bench/retrieval.ts, docs/BENCHMARKS.md). The knowledge base, the AI tutor and `xueli retrieval
 * search` all go through `Retriever`.
 *
 *   const r = new Retriever();
 *   r.addAll(chunks);                       // { id, text, context? }[]; bulk build
 *   r.add('c9', '…'); r.remove('c3');       // incremental
 *   r.search('员工请假需要提前几天申请？', { k: 10, allow: visibleIds });
 *   const saved = JSON.stringify(r);        // Retriever.fromJSON(JSON.parse(saved))
 *
 * A query is analysed like a document but without interrogatives; the first stage returns the
 * `rerank.depth` best chunks by BM25 among those the caller may see (`allow`/`filter`, applied
 * before the top k), the re-ranker reorders them and the best k are returned.
 *
 * Chunks added with `prev` (the chunk before them in their document) form reading-order chains, and
 * the re-ranking stage then lets a chunk borrow the query terms it lacks from its neighbours
 * (`neighbours`, `borrowFromNeighbours` in rerank.ts): the sentence "体长可达50公分。" two sentences
 * after one that names the fish the question asks about.
 */
import {
  analyzeQuery,
  analyzeText,
  normalizeForRetrieval,
  TOKEN_FIELDS,
  type AnalyzeFields,
  type AnalyzedQuery,
  type TokenField,
  type TokenFields,
} from './analyze.ts';
import { LexicalIndex, type FieldParams, type LexicalSearchOptions, type SerializedLexicalIndex } from './lexical-index.ts';
import { borrowFromNeighbours, diversify, prepareRerank, rerankFeatures, rerankScore, type RerankWeights } from './rerank.ts';

/** A scored field: one of the analyser's token fields, or `context` (see `Retriever.add`). */
export type RetrieverField = TokenField | 'context';
/** Index order of the fields. */
const RETRIEVER_FIELDS: readonly RetrieverField[] = [...TOKEN_FIELDS, 'context'];

export interface RetrieverConfig {
  /** The BM25 fields used and their parameters; a field absent or with weight 0 is not scored. */
  fields: Partial<Record<RetrieverField, FieldParams>>;
  /** Drop interrogatives (什么, 哪, 几, what, …) from queries. */
  dropQuestionWords: boolean;
  /**
   * Second stage: re-rank the first stage's best `depth` chunks with the features' `weights` and the
   * coverage discount γ (`coverageDiscount`, 1 = none; rerank.ts); null = BM25 order.
   */
  rerank: { depth: number; weights: RerankWeights; coverageDiscount: number } | null;
  /**
   * Neighbour context, used by the re-ranking stage for chunks added with `prev` (null = off; without
   * `rerank` it has no effect): a query term a chunk lacks counts at `borrow · decay^(d−1)` of its
   * score in the chunk d places away (d ≤ `window`, the best neighbour counts). See
   * `borrowFromNeighbours`.
   */
  neighbours?: NeighbourConfig | null;
}

export interface NeighbourConfig {
  window: number;
  borrow: number;
  decay: number;
}

/**
 * Chosen on the tuning half of CMRC 2018 (bench/retrieval.ts); see docs/BENCHMARKS.md and ADR 0014
 * for what each part adds.
 */
export const DEFAULT_RETRIEVER_CONFIG: Readonly<RetrieverConfig> = Object.freeze({
  fields: {
    char: { weight: 1, k1: 0.3, b: 0 },
    bigram: { weight: 0.75, k1: 0.3, b: 0.25 },
    context: { weight: 1, k1: 1.5, b: 1 },
  },
  dropQuestionWords: true,
  rerank: {
    depth: 50,
    weights: { bm25: 1, lcs: 0, lcsIdf: 0, coverage: 0.1, bigramCoverage: 0, number: 0.1 },
    coverageDiscount: 0.75,
  },
  neighbours: { window: 2, borrow: 0.7, decay: 1 },
});

export interface RetrievalHit {
  id: string;
  score: number;
}

export interface RetrieverSearchOptions extends LexicalSearchOptions {
  /** Number of hits (default 10). */
  k?: number;
}

/**
 * A chunk to index: `context` is optional text about where it comes from, `prev` the id of the chunk
 * before it in its document (see `Retriever.add`).
 */
export interface RetrieverChunk {
  id: string;
  text: string;
  context?: string;
  prev?: string;
}

/** A serialised retriever (`Retriever.toJSON`). */
export interface SerializedRetriever {
  format: 'xueli-retriever';
  version: 1;
  config: RetrieverConfig;
  /** Normalised text of each chunk, in the index's id order. */
  texts: string[];
  /** Each chunk's `prev` (null when none), in the index's id order; absent when no chunk has one. */
  prev?: (string | null)[];
  index: SerializedLexicalIndex;
}

export class Retriever {
  readonly config: Readonly<RetrieverConfig>;
  private readonly fieldNames: RetrieverField[];
  private readonly analyzeFields: AnalyzeFields;
  private readonly charField: number;
  private index: LexicalIndex;
  /** Normalised chunk texts, for the re-ranker. */
  private readonly texts = new Map<string, string>();
  /** Reading-order links (`prev` given to `add`): chunk → the chunk before it, and the reverse. */
  private readonly prevOf = new Map<string, string>();
  private readonly nextOf = new Map<string, string>();

  constructor(config: Readonly<RetrieverConfig> = DEFAULT_RETRIEVER_CONFIG) {
    this.config = config;
    const scored = (f: RetrieverField) => (config.fields[f]?.weight ?? 0) > 0;
    // the re-ranker's idf comes from the char field, indexed (with weight 0) even when not scored
    const used = RETRIEVER_FIELDS.filter((f) => scored(f) || (f === 'char' && config.rerank !== null));
    if (!used.some(scored)) throw new Error('Retriever: no field with a positive weight');
    this.fieldNames = used;
    // the context field is matched with the query's characters and bigrams
    const analyzed = new Set<TokenField>(used.filter((f): f is TokenField => f !== 'context'));
    if (used.includes('context')) analyzed.add('char').add('bigram');
    this.analyzeFields = Object.fromEntries(TOKEN_FIELDS.map((f) => [f, analyzed.has(f)]));
    this.charField = used.indexOf('char');
    this.index = new LexicalIndex(used.map((f) => config.fields[f] ?? { weight: 0, k1: 1.2, b: 0.75 }));
  }

  /** Number of chunks. */
  get size(): number {
    return this.index.size;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  /** The index's token lists: the analysed fields, and the context's (or query's) characters + bigrams. */
  private tokens(fields: TokenFields, context?: TokenFields): string[][] {
    return this.fieldNames.map((f) => (f === 'context' ? (context ? [...context.char, ...context.bigram] : []) : fields[f]));
  }

  private analyzeChunk(c: RetrieverChunk): string[][] {
    const fields = analyzeText(c.text, this.analyzeFields);
    const context =
      c.context && this.fieldNames.includes('context') ? analyzeText(c.context, { word: false, trigram: false }) : undefined;
    return this.tokens(fields, context);
  }

  /**
   * Adds (or replaces) one chunk. `context` is what the chunk's own text may not say but its place
   * does — the document's title, the heading path ("员工手册 › 休假 › 年假"): it is indexed in a field
   * of its own (the `context` field's weight), so that a question naming the document finds the
   * chunk that answers it even when the chunk does not repeat the name. The re-ranker's features
   * look at the chunk's text only.
   */
  add(id: string, text: string, context?: string, prev?: string): void {
    this.index.add(id, this.analyzeChunk({ id, text, ...(context !== undefined ? { context } : {}) }));
    this.texts.set(id, normalizeForRetrieval(text));
    this.link(id, prev);
  }

  /**
   * Records that `prev` comes just before `id` in their document (replacing `id`'s earlier link).
   * The link is kept while both chunks are in the index; a chunk removed breaks the chain there.
   */
  private link(id: string, prev: string | undefined): void {
    this.unlink(id, false);
    if (prev === undefined || prev === id) return;
    const oldNext = this.nextOf.get(prev);
    if (oldNext !== undefined) this.prevOf.delete(oldNext);
    this.prevOf.set(id, prev);
    this.nextOf.set(prev, id);
  }

  /** Drops `id`'s link to the chunk before it and, when `both`, the one after it. */
  private unlink(id: string, both: boolean): void {
    const p = this.prevOf.get(id);
    if (p !== undefined && this.nextOf.get(p) === id) this.nextOf.delete(p);
    this.prevOf.delete(id);
    if (!both) return;
    const n = this.nextOf.get(id);
    if (n !== undefined && this.prevOf.get(n) === id) this.prevOf.delete(n);
    this.nextOf.delete(id);
  }

  /** The chunks up to `window` places before and after `id` in its chain, with their distance. */
  private neighboursOf(id: string, window: number): { id: string; distance: number }[] {
    const out: { id: string; distance: number }[] = [];
    for (const links of [this.prevOf, this.nextOf]) {
      let cur = id;
      for (let d = 1; d <= window; d++) {
        const n = links.get(cur);
        if (n === undefined || n === id) break;
        out.push({ id: n, distance: d });
        cur = n;
      }
    }
    return out;
  }

  /** Adds (or replaces) many chunks and builds compact postings once. */
  addAll(chunks: Iterable<RetrieverChunk>): void {
    this.index.addAll(this.analyzeAll(chunks));
  }

  private *analyzeAll(chunks: Iterable<RetrieverChunk>): Generator<{ id: string; fields: string[][] }> {
    for (const c of chunks) {
      const fields = this.analyzeChunk(c);
      this.texts.set(c.id, normalizeForRetrieval(c.text));
      this.link(c.id, c.prev);
      yield { id: c.id, fields };
    }
  }

  /** Removes a chunk; returns whether it was there. */
  remove(id: string): boolean {
    this.texts.delete(id);
    this.unlink(id, true);
    return this.index.remove(id);
  }

  /** Rebuilds compact postings now (otherwise done when needed). */
  compact(): void {
    this.index.compact();
  }

  /** Analyses a query as `search` does. */
  analyzeQuery(query: string): AnalyzedQuery {
    return analyzeQuery(query, this.analyzeFields, this.config.dropQuestionWords);
  }

  /** The k best chunks for a query, best first (see the file comment). */
  search(query: string, opts: RetrieverSearchOptions = {}): RetrievalHit[] {
    return this.searchAnalyzed(this.analyzeQuery(query), opts);
  }

  /**
   * The idf of a unit (a character, an English word, a number) in the character field — the
   * re-ranker's idf, and the AI tutor's support rule's (tutor/extractive.ts). 1 for every unit when
   * the character field is not indexed.
   */
  unitIdf(unit: string): number {
    return this.charField >= 0 ? this.index.idf(this.charField, unit) : 1;
  }

  /** `search` for an already analysed query. */
  searchAnalyzed(q: AnalyzedQuery, opts: RetrieverSearchOptions = {}): RetrievalHit[] {
    const k = opts.k ?? 10;
    if (k <= 0) return [];
    const rr = this.config.rerank;
    const depth = rr ? Math.max(rr.depth, k) : k;
    const tokens = this.tokens(q, q);
    const hits = this.index.search(tokens, depth, opts);
    if (!rr || hits.length === 0) return hits.slice(0, k);
    const nb = this.config.neighbours;
    const { ids, rows, totals } =
      nb && this.prevOf.size > 0
        ? this.withNeighbours(tokens, hits, nb, opts)
        : { ids: hits.map((h) => h.id), rows: this.index.termScores(tokens, hits.map((h) => h.id)).scores, totals: hits.map((h) => h.score) };
    const cf = this.charField;
    const prepared = prepareRerank(q, (u) => (cf >= 0 ? this.index.idf(cf, u) : 1));
    const scale = rr.weights.bm25 / totals[0]!;
    // the feature part of the score (rerankScore without the BM25 share)
    const featureWeights = { ...rr.weights, bm25: 0 };
    const featureScores = ids.map((id) => rerankScore(featureWeights, 0, rerankFeatures(prepared, this.texts.get(id) ?? '')));
    const order = diversify(rows, featureScores, scale, rr.coverageDiscount, k);
    // reported score: the candidate's undiscounted re-ranked score
    return order.map((j) => ({ id: ids[j]!, score: scale * totals[j]! + featureScores[j]! }));
  }

  /**
   * The re-ranking stage's candidates with neighbour context: the first stage's hits, each with its
   * per-term scores after borrowing from its neighbours that the caller may see; best first by their
   * sum.
   */
  private withNeighbours(
    tokens: string[][],
    hits: RetrievalHit[],
    nb: NeighbourConfig,
    opts: LexicalSearchOptions,
  ): { ids: string[]; rows: Float64Array[]; totals: number[] } {
    const visibility = new Map<string, boolean>();
    const visible = (id: string) => {
      let v = visibility.get(id);
      if (v === undefined) visibility.set(id, (v = (!opts.allow || opts.allow.has(id)) && (!opts.filter || opts.filter(id))));
      return v;
    };
    const candidates = hits.map((h) => h.id);
    const around = candidates.map((id) => this.neighboursOf(id, nb.window).filter((n) => visible(n.id)));
    const scored = [...new Set([...candidates, ...around.flatMap((a) => a.map((n) => n.id))])];
    const { scores } = this.index.termScores(tokens, scored);
    const rowOf = new Map(scored.map((id, j) => [id, scores[j]!]));
    const rows = candidates.map((id, j) =>
      borrowFromNeighbours(
        rowOf.get(id)!,
        around[j]!.map((n) => ({ row: rowOf.get(n.id)!, distance: n.distance })),
        nb.borrow,
        nb.decay,
      ),
    );
    const totals = rows.map((r) => r.reduce((a, b) => a + b, 0));
    // best first; ties keep the first stage's order (stable sort)
    const order = candidates.map((_, j) => j).sort((a, b) => totals[b]! - totals[a]!);
    return { ids: order.map((j) => candidates[j]!), rows: order.map((j) => rows[j]!), totals: order.map((j) => totals[j]!) };
  }

  /** Serialises the retriever (compacting its index): configuration, chunk texts and postings. */
  toJSON(): SerializedRetriever {
    const index = this.index.toJSON();
    return {
      format: 'xueli-retriever',
      version: 1,
      config: structuredCloneConfig(this.config),
      texts: index.ids.map((id) => this.texts.get(id) ?? ''),
      ...(this.prevOf.size > 0 ? { prev: index.ids.map((id) => this.prevOf.get(id) ?? null) } : {}),
      index,
    };
  }

  /** Restores a retriever written by `toJSON` (no re-analysis). */
  static fromJSON(json: SerializedRetriever): Retriever {
    if (json?.format !== 'xueli-retriever' || json.version !== 1) throw new Error('not a serialised Retriever (version 1)');
    const r = new Retriever(json.config);
    const index = LexicalIndex.fromJSON(json.index);
    if (index.fields.length !== r.fieldNames.length) throw new Error('serialised Retriever: fields do not match its configuration');
    if (json.texts.length !== json.index.ids.length) throw new Error('serialised Retriever: one text per chunk expected');
    if (json.prev !== undefined && json.prev.length !== json.index.ids.length) throw new Error('serialised Retriever: one prev per chunk expected');
    r.index = index;
    json.index.ids.forEach((id, i) => {
      r.texts.set(id, json.texts[i]!);
      const prev = json.prev?.[i];
      if (prev != null) r.link(id, prev);
    });
    return r;
  }
}

function structuredCloneConfig(c: Readonly<RetrieverConfig>): RetrieverConfig {
  return JSON.parse(JSON.stringify(c)) as RetrieverConfig;
}
