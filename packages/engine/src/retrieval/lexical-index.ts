/**
 * An in-memory inverted index over chunks with string ids, scored by multi-field BM25 (issue 6).
 *
 * Scoring. Each field f (e.g. words, character unigrams, bigrams) has its own vocabulary and its
 * own BM25 parameters (k1_f, b_f) and weight w_f; a document's score is the weighted sum of its
 * per-field BM25 scores,
 *
 *     score(d, q) = Σ_f w_f Σ_{t ∈ q_f} qtf(t) · idf_f(t) · tf(t,d)·(k1_f + 1) / (tf(t,d) + K_f(d))
 *     K_f(d)      = k1_f · (1 − b_f + b_f · len_f(d) / avglen_f)
 *     idf_f(t)    = ln(1 + (N − df_f(t) + 0.5) / (df_f(t) + 0.5))        (Lucene's, always > 0)
 *
 * with qtf the number of times t occurs in the query. (Unlike BM25F proper the fields do not share
 * term statistics: their vocabularies are disjoint — a character bigram is not a word.)
 *
 * Storage. Postings are compact typed arrays in CSR form per field — for term t, documents
 * `docs[offsets[t] .. offsets[t+1])` (ascending) with term frequencies `tfs[…]` — built in bulk by
 * a counting sort (`compact`). Documents added since the last compaction go to a *tail*: per-term
 * chains in growable typed arrays, searched together with the CSR part. Removing a document only
 * marks it deleted (a tombstone); as in Lucene, a deleted document still counts in N, df and the
 * average length until the next compaction, which drops it for good. Compaction runs by itself when
 * the tail holds more than half as many postings as the CSR part (at least 2^16) or a fifth of the
 * documents are deleted, and before serialisation; `addAll` ends with one.
 *
 * Search is term-at-a-time into a dense score accumulator, then a bounded heap (topk.ts). The
 * optional `allow` set and `filter` callback are applied before the heap, so a document the caller
 * may not see never takes a place: k results come back whenever k visible documents match. Ties go
 * to the earlier-added document. Everything is deterministic.
 */
import { TopK } from './topk.ts';
import { decodeU16, decodeU32, typedToBase64 } from './codec.ts';

/** BM25 parameters and weight of one field. */
export interface FieldParams {
  /** Weight of the field's BM25 score in the sum (0 = the field is not used). */
  weight: number;
  k1: number;
  b: number;
}

export interface LexicalHit {
  id: string;
  score: number;
}

export interface LexicalSearchOptions {
  /** Only these ids may be returned. */
  allow?: ReadonlySet<string>;
  /** Only ids for which this returns true may be returned (called only for ids that would enter the top k). */
  filter?: (id: string) => boolean;
}

/** A serialised index (`LexicalIndex.toJSON`): typed arrays as little-endian base64. */
export interface SerializedLexicalIndex {
  format: 'xueli-lexical-index';
  version: 1;
  fields: FieldParams[];
  ids: string[];
  postings: { terms: string[]; offsets: string; docs: string; tfs: string; lengths: string }[];
}

function growU32(a: Uint32Array, min: number): Uint32Array {
  if (a.length >= min) return a;
  const b = new Uint32Array(Math.max(min, a.length * 2, 16));
  b.set(a);
  return b;
}
function growI32(a: Int32Array, min: number, fill = 0): Int32Array {
  if (a.length >= min) return a;
  const b = new Int32Array(Math.max(min, a.length * 2, 16));
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** Postings and statistics of one field. */
class FieldStore {
  dict = new Map<string, number>();
  terms: string[] = [];
  /** Documents containing the term (deleted ones included until compaction). */
  df: Int32Array = new Int32Array(0);
  // CSR part: terms [0, csrTerms) may have postings there
  csrTerms = 0;
  offsets: Uint32Array = new Uint32Array(1);
  docs: Uint32Array = new Uint32Array(0);
  tfs: Uint16Array = new Uint16Array(0);
  // tail: per-term chains of postings added since the last compaction, in slot order
  head: Int32Array = new Int32Array(0);
  last: Int32Array = new Int32Array(0);
  tailDoc: Uint32Array = new Uint32Array(0);
  tailTf: Uint32Array = new Uint32Array(0);
  tailNext: Int32Array = new Int32Array(0);
  tailLen = 0;
  /** Token count of each document slot. */
  lengths: Uint32Array = new Uint32Array(0);
  totalLength = 0;
  /** K_f(d) per slot, valid while `normsFor` equals the index's mutation count. */
  norms: Float64Array = new Float64Array(0);
  normsFor = -1;

  termId(term: string): number {
    let t = this.dict.get(term);
    if (t === undefined) {
      t = this.terms.length;
      this.dict.set(term, t);
      this.terms.push(term);
      this.df = growI32(this.df, t + 1);
      this.head = growI32(this.head, t + 1, -1);
      this.last = growI32(this.last, t + 1, -1);
    }
    return t;
  }

  append(t: number, slot: number, tf: number): void {
    const p = this.tailLen++;
    if (p >= this.tailDoc.length) {
      this.tailDoc = growU32(this.tailDoc, p + 1);
      this.tailTf = growU32(this.tailTf, p + 1);
      this.tailNext = growI32(this.tailNext, p + 1);
    }
    this.tailDoc[p] = slot;
    this.tailTf[p] = tf;
    this.tailNext[p] = -1;
    if (this.last[t]! < 0) this.head[t] = p;
    else this.tailNext[this.last[t]!] = p;
    this.last[t] = p;
    this.df[t]!++;
  }
}

export class LexicalIndex {
  readonly fields: readonly Readonly<FieldParams>[];
  private readonly stores: FieldStore[];
  /** slot → id (deleted slots keep their id until compaction). */
  private ids: string[] = [];
  private readonly slotOf = new Map<string, number>();
  private deleted: Uint8Array = new Uint8Array(0);
  private deletedCount = 0;
  private mutations = 0;
  private acc: Float64Array = new Float64Array(0);
  private touched: Int32Array = new Int32Array(0);

  constructor(fields: readonly FieldParams[]) {
    if (fields.length === 0) throw new Error('LexicalIndex needs at least one field');
    for (const f of fields)
      if (!(f.weight >= 0 && f.k1 >= 0 && f.b >= 0 && f.b <= 1))
        throw new Error('LexicalIndex: every field needs weight ≥ 0, k1 ≥ 0 and 0 ≤ b ≤ 1');
    this.fields = fields.map((f) => Object.freeze({ weight: f.weight, k1: f.k1, b: f.b }));
    this.stores = fields.map(() => new FieldStore());
  }

  /** Number of (live) documents. */
  get size(): number {
    return this.slotOf.size;
  }

  /** N of the idf: documents including deleted ones not yet compacted away. */
  get docCount(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Live ids in the order they were added. */
  *idList(): IterableIterator<string> {
    for (let s = 0; s < this.ids.length; s++) if (!this.deleted[s]) yield this.ids[s]!;
  }

  /** Documents of field f containing the term (0 for an unknown term). */
  docFreq(field: number, term: string): number {
    const st = this.stores[field];
    const t = st?.dict.get(term);
    return t === undefined ? 0 : st!.df[t]!;
  }

  /** The BM25 idf of a term in field f (that of a term no document has for an unknown one). */
  idf(field: number, term: string): number {
    const n = this.docCount,
      df = this.docFreq(field, term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Adds a document: one token list per field (in the constructor's field order). An id already
   * present is replaced (removed, then added anew).
   */
  add(id: string, fields: readonly (readonly string[])[]): void {
    this.addOne(id, fields);
    this.maybeCompact();
  }

  /** Adds many documents, then compacts once (the bulk path). */
  addAll(docs: Iterable<{ id: string; fields: readonly (readonly string[])[] }>): void {
    for (const d of docs) this.addOne(d.id, d.fields);
    this.compact();
  }

  private addOne(id: string, fields: readonly (readonly string[])[]): void {
    if (typeof id !== 'string') throw new Error('LexicalIndex: a document id must be a string');
    if (fields.length !== this.stores.length)
      throw new Error(`LexicalIndex: expected ${this.stores.length} token fields, got ${fields.length}`);
    if (this.slotOf.has(id)) this.remove(id, false);
    const slot = this.ids.length;
    this.ids.push(id);
    this.slotOf.set(id, slot);
    if (slot >= this.deleted.length) {
      const d = new Uint8Array(Math.max(16, 2 * this.deleted.length));
      d.set(this.deleted);
      this.deleted = d;
    }
    const counts = new Map<string, number>();
    for (let f = 0; f < this.stores.length; f++) {
      const st = this.stores[f]!;
      const tokens = fields[f]!;
      counts.clear();
      for (const tok of tokens) counts.set(tok, (counts.get(tok) ?? 0) + 1);
      for (const [tok, c] of counts) st.append(st.termId(tok), slot, Math.min(c, 0xffff));
      st.lengths = growU32(st.lengths, slot + 1);
      st.lengths[slot] = tokens.length;
      st.totalLength += tokens.length;
    }
    this.mutations++;
  }

  /** Removes a document; returns whether it was there. */
  remove(id: string, autoCompact = true): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    this.slotOf.delete(id);
    this.deleted[slot] = 1;
    this.deletedCount++;
    this.mutations++;
    if (autoCompact) this.maybeCompact();
    return true;
  }

  private maybeCompact(): void {
    const csr = this.stores.reduce((a, s) => a + s.docs.length, 0);
    const tail = this.stores.reduce((a, s) => a + s.tailLen, 0);
    if (tail > Math.max(1 << 16, csr / 2) || (this.deletedCount > 0 && this.deletedCount * 5 >= this.ids.length)) this.compact();
  }

  /**
   * Rebuilds the postings as CSR arrays (counting sort), drops deleted documents and terms no
   * document holds any more, and renumbers the rest in insertion order. Results are unchanged except
   * that N, df and average lengths no longer count deleted documents.
   */
  compact(): void {
    const oldN = this.ids.length;
    const newSlot = new Int32Array(oldN).fill(-1);
    const ids: string[] = [];
    for (let s = 0; s < oldN; s++)
      if (!this.deleted[s]) {
        newSlot[s] = ids.length;
        ids.push(this.ids[s]!);
      }
    const n = ids.length;
    for (const st of this.stores) {
      const T = st.terms.length;
      // live postings per term
      const count = new Uint32Array(T);
      for (let t = 0; t < T; t++) {
        let c = 0;
        if (t < st.csrTerms) for (let p = st.offsets[t]!; p < st.offsets[t + 1]!; p++) if (newSlot[st.docs[p]!]! >= 0) c++;
        for (let p = st.head[t]!; p >= 0; p = st.tailNext[p]!) if (newSlot[st.tailDoc[p]!]! >= 0) c++;
        count[t] = c;
      }
      const terms: string[] = [];
      let total = 0;
      for (let t = 0; t < T; t++)
        if (count[t]! > 0) {
          terms.push(st.terms[t]!);
          total += count[t]!;
        }
      const offsets = new Uint32Array(terms.length + 1);
      const docs = new Uint32Array(total);
      const tfs = new Uint16Array(total);
      let o = 0,
        nt = 0;
      for (let t = 0; t < T; t++) {
        if (count[t] === 0) continue;
        offsets[nt++] = o;
        if (t < st.csrTerms)
          for (let p = st.offsets[t]!; p < st.offsets[t + 1]!; p++) {
            const s = newSlot[st.docs[p]!]!;
            if (s >= 0) {
              docs[o] = s;
              tfs[o++] = st.tfs[p]!;
            }
          }
        for (let p = st.head[t]!; p >= 0; p = st.tailNext[p]!) {
          const s = newSlot[st.tailDoc[p]!]!;
          if (s >= 0) {
            docs[o] = s;
            tfs[o++] = st.tailTf[p]!;
          }
        }
      }
      offsets[nt] = o;
      const lengths = new Uint32Array(Math.max(16, n));
      let totalLength = 0;
      for (let s = 0; s < oldN; s++)
        if (newSlot[s]! >= 0) {
          lengths[newSlot[s]!] = st.lengths[s]!;
          totalLength += st.lengths[s]!;
        }
      this.installField(st, terms, offsets, docs, tfs, lengths, totalLength);
    }
    this.ids = ids;
    this.slotOf.clear();
    for (let s = 0; s < n; s++) this.slotOf.set(ids[s]!, s);
    this.deleted = new Uint8Array(Math.max(16, n));
    this.deletedCount = 0;
    this.mutations++;
  }

  private installField(
    st: FieldStore,
    terms: string[],
    offsets: Uint32Array,
    docs: Uint32Array,
    tfs: Uint16Array,
    lengths: Uint32Array,
    totalLength: number,
  ): void {
    const T = terms.length;
    st.terms = terms;
    st.dict = new Map();
    for (let t = 0; t < T; t++) st.dict.set(terms[t]!, t);
    st.csrTerms = T;
    st.offsets = offsets;
    st.docs = docs;
    st.tfs = tfs;
    st.df = new Int32Array(Math.max(16, T));
    for (let t = 0; t < T; t++) st.df[t] = offsets[t + 1]! - offsets[t]!;
    st.head = new Int32Array(Math.max(16, T)).fill(-1);
    st.last = new Int32Array(Math.max(16, T)).fill(-1);
    st.tailDoc = new Uint32Array(0);
    st.tailTf = new Uint32Array(0);
    st.tailNext = new Int32Array(0);
    st.tailLen = 0;
    st.lengths = lengths;
    st.totalLength = totalLength;
    st.normsFor = -1;
  }

  /** K_f(d) for every slot of field f, recomputed after any change. */
  private normsOf(f: number): Float64Array {
    const st = this.stores[f]!;
    if (st.normsFor === this.mutations) return st.norms;
    const n = this.ids.length;
    const { k1, b } = this.fields[f]!;
    const avg = n > 0 ? st.totalLength / n : 0;
    if (st.norms.length < n) st.norms = new Float64Array(Math.max(n, 2 * st.norms.length));
    for (let s = 0; s < n; s++) st.norms[s] = avg > 0 ? k1 * (1 - b + (b * st.lengths[s]!) / avg) : k1;
    st.normsFor = this.mutations;
    return st.norms;
  }

  /**
   * The k best documents for a query given as one token list per field (a token repeated in the
   * query counts that many times). Only documents matching at least one token are returned, best
   * first (score descending, then insertion order). `weights` overrides the fields' weights for this
   * query.
   */
  search(query: readonly (readonly string[])[], k: number, opts: LexicalSearchOptions & { weights?: readonly number[] } = {}): LexicalHit[] {
    if (query.length !== this.stores.length)
      throw new Error(`LexicalIndex: expected ${this.stores.length} query token fields, got ${query.length}`);
    const n = this.ids.length;
    if (k <= 0 || this.slotOf.size === 0) return [];
    if (this.acc.length < n) {
      this.acc = new Float64Array(Math.max(n, 2 * this.acc.length));
      this.touched = new Int32Array(this.acc.length);
    }
    const acc = this.acc,
      touched = this.touched,
      deleted = this.deleted;
    // the plan: every (field, term, weight) with postings, and how many postings that is
    const plan: { st: FieldStore; t: number; weight: number; norms: Float64Array }[] = [];
    let postings = 0;
    const qtf = new Map<number, number>();
    for (let f = 0; f < this.stores.length; f++) {
      const w = opts.weights?.[f] ?? this.fields[f]!.weight;
      if (!(w > 0) || query[f]!.length === 0) continue;
      const st = this.stores[f]!;
      const k1 = this.fields[f]!.k1;
      const norms = this.normsOf(f);
      qtf.clear();
      for (const tok of query[f]!) {
        const t = st.dict.get(tok);
        if (t !== undefined && st.df[t]! > 0) qtf.set(t, (qtf.get(t) ?? 0) + 1);
      }
      for (const [t, c] of qtf) {
        const df = st.df[t]!;
        plan.push({ st, t, weight: w * c * Math.log(1 + (n - df + 0.5) / (df + 0.5)) * (k1 + 1), norms });
        postings += df;
      }
    }
    // sparse queries remember the documents they touch; dense ones (more postings than a quarter of
    // the documents) scan the whole accumulator afterwards instead, which keeps the inner loop lean
    const dense = postings * 4 > n;
    let nt = 0;
    for (const { st, t, weight, norms } of plan) {
      if (t < st.csrTerms) {
        const docs = st.docs,
          tfs = st.tfs;
        const e = st.offsets[t + 1]!;
        if (dense)
          for (let p = st.offsets[t]!; p < e; p++) {
            const s = docs[p]!;
            const tf = tfs[p]!;
            acc[s] = acc[s]! + (weight * tf) / (tf + norms[s]!);
          }
        else
          for (let p = st.offsets[t]!; p < e; p++) {
            const s = docs[p]!;
            const tf = tfs[p]!;
            const v = acc[s]!;
            if (v === 0) touched[nt++] = s;
            acc[s] = v + (weight * tf) / (tf + norms[s]!);
          }
      }
      for (let p = st.head[t]!; p >= 0; p = st.tailNext[p]!) {
        const s = st.tailDoc[p]!;
        const tf = st.tailTf[p]!;
        const v = acc[s]!;
        if (!dense && v === 0) touched[nt++] = s;
        acc[s] = v + (weight * tf) / (tf + norms[s]!);
      }
    }
    const heap = new TopK(k);
    const { allow, filter } = opts;
    const offer = (s: number) => {
      const score = acc[s]!;
      if (score === 0 || deleted[s] || !heap.admits(score, s)) return;
      const id = this.ids[s]!;
      if (allow && !allow.has(id)) return;
      if (filter && !filter(id)) return;
      heap.push(score, s);
    };
    try {
      if (dense) for (let s = 0; s < n; s++) offer(s);
      else for (let i = 0; i < nt; i++) offer(touched[i]!);
    } finally {
      if (dense) acc.fill(0, 0, n);
      else for (let i = 0; i < nt; i++) acc[touched[i]!] = 0;
    }
    return heap.sorted().map((h) => ({ id: this.ids[h.key]!, score: h.score }));
  }

  /**
   * Each query term's contribution to each given document's score, as `search` computes it:
   * `scores[j][t]` for document ids[j] and term `terms[t]` (the query's distinct terms per field
   * that the index knows; a term's contribution includes its field weight and query count, so a row
   * sums to the document's score). An unknown or deleted id gets a row of zeros. Cost: a binary
   * search per term and document in the compact postings (a scan of the tail's).
   */
  termScores(
    query: readonly (readonly string[])[],
    ids: readonly string[],
    opts: { weights?: readonly number[] } = {},
  ): { terms: { field: number; term: string }[]; scores: Float64Array[] } {
    if (query.length !== this.stores.length)
      throw new Error(`LexicalIndex: expected ${this.stores.length} query token fields, got ${query.length}`);
    const n = this.ids.length;
    const slots = ids.map((id) => this.slotOf.get(id) ?? -1);
    const terms: { field: number; term: string }[] = [];
    const columns: Float64Array[] = [];
    for (let f = 0; f < this.stores.length; f++) {
      const w = opts.weights?.[f] ?? this.fields[f]!.weight;
      if (!(w > 0) || query[f]!.length === 0) continue;
      const st = this.stores[f]!;
      const k1 = this.fields[f]!.k1;
      const norms = this.normsOf(f);
      const qtf = new Map<number, number>();
      for (const tok of query[f]!) {
        const t = st.dict.get(tok);
        if (t !== undefined && st.df[t]! > 0) qtf.set(t, (qtf.get(t) ?? 0) + 1);
      }
      for (const [t, c] of qtf) {
        const df = st.df[t]!;
        const weight = w * c * Math.log(1 + (n - df + 0.5) / (df + 0.5)) * (k1 + 1);
        const col = new Float64Array(ids.length);
        for (let j = 0; j < slots.length; j++) {
          const s = slots[j]!;
          if (s < 0) continue;
          let tf = 0;
          if (t < st.csrTerms) {
            let lo = st.offsets[t]!,
              hi = st.offsets[t + 1]!;
            while (lo < hi) {
              const mid = (lo + hi) >>> 1;
              if (st.docs[mid]! < s) lo = mid + 1;
              else hi = mid;
            }
            if (lo < st.offsets[t + 1]! && st.docs[lo] === s) tf = st.tfs[lo]!;
          }
          if (tf === 0) for (let p = st.head[t]!; p >= 0; p = st.tailNext[p]!) if (st.tailDoc[p] === s) tf = st.tailTf[p]!;
          if (tf > 0) col[j] = (weight * tf) / (tf + norms[s]!);
        }
        terms.push({ field: f, term: st.terms[t]! });
        columns.push(col);
      }
    }
    const scores = ids.map((_, j) => Float64Array.from(columns, (col) => col[j]!));
    return { terms, scores };
  }

  /** Serialises the index (compacting it first): field parameters, ids, postings as base64. */
  toJSON(): SerializedLexicalIndex {
    if (this.deletedCount > 0 || this.stores.some((s) => s.tailLen > 0)) this.compact();
    const n = this.ids.length;
    return {
      format: 'xueli-lexical-index',
      version: 1,
      fields: this.fields.map((f) => ({ ...f })),
      ids: [...this.ids],
      postings: this.stores.map((st) => ({
        terms: [...st.terms],
        offsets: typedToBase64(st.offsets),
        docs: typedToBase64(st.docs),
        tfs: typedToBase64(st.tfs),
        lengths: typedToBase64(st.lengths.subarray(0, n)),
      })),
    };
  }

  /** Restores an index written by `toJSON`; throws on a malformed or inconsistent payload. */
  static fromJSON(json: SerializedLexicalIndex): LexicalIndex {
    if (json?.format !== 'xueli-lexical-index' || json.version !== 1) throw new Error('not a serialised LexicalIndex (version 1)');
    const index = new LexicalIndex(json.fields);
    const n = json.ids.length;
    if (json.postings.length !== json.fields.length) throw new Error('serialised LexicalIndex: one postings entry per field expected');
    for (let f = 0; f < json.fields.length; f++) {
      const p = json.postings[f]!;
      const offsets = decodeU32(p.offsets),
        docs = decodeU32(p.docs),
        tfs = decodeU16(p.tfs),
        lengths = decodeU32(p.lengths);
      const T = p.terms.length;
      if (offsets.length !== T + 1 || offsets[T] !== docs.length || tfs.length !== docs.length || lengths.length !== n)
        throw new Error('serialised LexicalIndex: inconsistent postings');
      for (let t = 0; t < T; t++) {
        if (offsets[t]! > offsets[t + 1]!) throw new Error('serialised LexicalIndex: inconsistent postings');
        for (let q = offsets[t]!; q < offsets[t + 1]!; q++)
          if (docs[q]! >= n || (q > offsets[t]! && docs[q]! <= docs[q - 1]!))
            throw new Error('serialised LexicalIndex: postings out of order or to an unknown document');
      }
      let total = 0;
      for (let s = 0; s < n; s++) total += lengths[s]!;
      const lens = new Uint32Array(Math.max(16, n));
      lens.set(lengths);
      index.installField(index.stores[f]!, [...p.terms], offsets, docs, tfs, lens, total);
    }
    index.ids = [...json.ids];
    for (let s = 0; s < n; s++) {
      if (index.slotOf.has(index.ids[s]!)) throw new Error(`serialised LexicalIndex: duplicate id ${index.ids[s]}`);
      index.slotOf.set(index.ids[s]!, s);
    }
    index.deleted = new Uint8Array(Math.max(16, n));
    index.mutations++;
    return index;
  }
}
