/**
 * `xueli retrieval …` — knowledge-base retrieval on JSONL files, with the product's retriever
 * (`Retriever` of `@xueli/engine` in its default configuration, ADR 0014) on the command line. Pure
 * file → file: never opens the database or reads the config.
 *
 *   xueli retrieval search --docs FILE --queries FILE --k 10 --out FILE
 */
import type { Command } from 'commander';
import { readingOrderEvidence, Retriever, type RetrieverChunk } from '@xueli/engine';
import { CliInputError, forEachLine, guarded, readText, writeAtomically } from './files.ts';

/** A user error of a retrieval command: printed as one line, exit code 2, nothing written. */
export class RetrievalCliError extends CliInputError {}

export interface JsonlRecord {
  id: string;
  text: string;
  /** Docs only: the document's title or heading path, indexed as the chunk's context. */
  title?: string;
}

/**
 * Parses a JSONL file of `{"id", "text"}` objects (docs may add `"title"`; other keys are ignored;
 * empty lines are skipped). Every problem is a RetrievalCliError naming the file and line: a line
 * that is not a JSON object, a missing or empty id, an id that is not a string, a duplicate id, a
 * text (or title) that is not a string, a file without records.
 */
export function parseJsonl(text: string, file: string, opts: { title?: boolean } = {}): JsonlRecord[] {
  const fail = (line: number, why: string) => new RetrievalCliError(`${file}: line ${line}: ${why}`);
  const out: JsonlRecord[] = [];
  const seen = new Map<string, number>();
  forEachLine(text, (raw, lineNo) => {
    if (raw.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (e) {
      throw fail(lineNo, `not valid JSON (${(e as Error).message})`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail(lineNo, 'expected a JSON object {"id", "text"}');
    const o = v as Record<string, unknown>;
    if (!('id' in o)) throw fail(lineNo, 'missing "id"');
    if (typeof o.id !== 'string') throw fail(lineNo, `"id" must be a string, got ${o.id === null ? 'null' : typeof o.id}`);
    if (o.id === '') throw fail(lineNo, 'empty "id"');
    const first = seen.get(o.id);
    if (first !== undefined) throw fail(lineNo, `duplicate id ${JSON.stringify(o.id)} (first on line ${first})`);
    seen.set(o.id, lineNo);
    if (!('text' in o)) throw fail(lineNo, 'missing "text"');
    if (typeof o.text !== 'string') throw fail(lineNo, `"text" must be a string, got ${o.text === null ? 'null' : typeof o.text}`);
    const rec: JsonlRecord = { id: o.id, text: o.text };
    if (opts.title && o.title !== undefined) {
      if (typeof o.title !== 'string') throw fail(lineNo, `"title" must be a string, got ${o.title === null ? 'null' : typeof o.title}`);
      rec.title = o.title;
    }
    out.push(rec);
  });
  if (out.length === 0) throw new RetrievalCliError(`${file}: empty file (expected one JSON object {"id", "text"} per line)`);
  return out;
}

export interface SearchCliOptions {
  docs: string;
  queries: string;
  k: string;
  out: string;
  /** auto (default): detect whether the docs are in reading order; reading: they are; none: they are not. */
  order?: string;
}

export const ORDER_MODES = ['auto', 'reading', 'none'] as const;

export interface SearchCliResult {
  docs: number;
  queries: number;
  /** Queries that matched no document (an empty hit list). */
  empty: number;
  /** Whether each doc was linked to the one before it (neighbour context), and why. */
  readingOrder: boolean;
  orderRatio: number | null;
  indexSeconds: number;
  searchSeconds: number;
  seconds: number;
}

/**
 * Reads both files (everything is validated before anything is indexed), indexes every doc as one
 * chunk with the product's retriever and writes `{"id", "hits"}` per query, in the queries' order:
 * the ids of the k best docs, best first (fewer when fewer docs share anything with the query).
 */
export function retrievalSearch(o: SearchCliOptions): SearchCliResult {
  const t0 = performance.now();
  if (!/^\d+$/.test(o.k.trim()) || Number(o.k) < 1) throw new RetrievalCliError(`--k must be a positive integer, got "${o.k}"`);
  const k = Number(o.k);
  const mode = (o.order ?? 'auto').trim();
  if (!(ORDER_MODES as readonly string[]).includes(mode)) throw new RetrievalCliError(`--order must be one of ${ORDER_MODES.join(', ')}, got "${o.order}"`);
  const docs = parseJsonl(readText(o.docs), o.docs, { title: true });
  const queries = parseJsonl(readText(o.queries), o.queries);
  const t1 = performance.now();
  const evidence = mode === 'auto' ? readingOrderEvidence(docs.map((d) => d.text)) : null;
  const readingOrder = mode === 'reading' || (evidence?.ordered ?? false);
  const retriever = new Retriever();
  retriever.addAll(
    docs.map((d, i): RetrieverChunk => ({
      id: d.id,
      text: d.text,
      ...(d.title !== undefined ? { context: d.title } : {}),
      ...(readingOrder && i > 0 ? { prev: docs[i - 1]!.id } : {}),
    })),
  );
  const t2 = performance.now();
  let empty = 0;
  const lines = queries.map((q) => {
    const hits = retriever.search(q.text, { k }).map((h) => h.id);
    if (hits.length === 0) empty++;
    return JSON.stringify({ id: q.id, hits });
  });
  const t3 = performance.now();
  writeAtomically(o.out, lines.join('\n') + '\n');
  return {
    docs: docs.length,
    queries: queries.length,
    empty,
    readingOrder,
    orderRatio: evidence ? evidence.ratio : null,
    indexSeconds: (t2 - t1) / 1000,
    searchSeconds: (t3 - t2) / 1000,
    seconds: (performance.now() - t0) / 1000,
  };
}

const fmtRatio = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '∞');

/** Adds `xueli retrieval search` to the program. */
export function registerRetrievalCommands(program: Command): Command {
  const retrieval = program.command('retrieval').description('knowledge-base retrieval on JSONL files (no database): search');

  retrieval
    .command('search')
    .description('for each query, the k docs that best answer it, with the knowledge base’s retriever')
    .requiredOption('--docs <file>', 'JSONL, one {"id", "text"} per line (optional "title"): the chunks to search')
    .requiredOption('--queries <file>', 'JSONL, one {"id", "text"} per line: the questions')
    .option('--k <n>', 'hits per query', '10')
    .option('--order <mode>', 'auto: detect whether the docs are in reading order; reading: they are; none: they are not', 'auto')
    .requiredOption('--out <file>', 'output JSONL {"id", "hits": [doc ids, best first]}; written only when everything succeeded')
    .addHelpText(
      'after',
      `
Input: two JSONL files, one JSON object per line with a string "id" (unique within its file) and a
string "text"; empty lines are skipped, other keys ignored. Each doc is indexed as one chunk, without
further splitting. A doc may carry a "title" (its document's title or heading path), indexed as the
chunk's context. When the docs are in reading order (the sentences or passages of each document one
after another — detected with --order auto: neighbouring docs share rare words far more often than
docs paired at random), each doc is linked to the one before it, and a doc may borrow, at a discount,
the question's terms it lacks from its neighbouring docs (ADR 0014).
Output: one line per query, in the queries' order: {"id": query id, "hits": [doc ids, best first]},
at most k ids (fewer when fewer docs share any character or word with the query).
Retrieval: the product's retriever (ADR 0014): NFKC-normalised text; Chinese characters and character
bigrams (English words, lightly stemmed, and word pairs) as two BM25 fields, the title as a third;
interrogatives (什么, 哪, 几, what, …) dropped from the question; the 50 best (with their neighbours in
reading order) re-ranked with query-term coverage diversification, character coverage and a number
cue (docs/BENCHMARKS.md).
A malformed input stops the command with "error: FILE: line N: reason" and exit code 2, and no
output file is written (the output is written to a temporary file and renamed at the end).`,
    )
    .action((o: SearchCliOptions) =>
      guarded(() => {
        const r = retrievalSearch(o);
        process.stdout.write(
          `${o.out}: top-${o.k.trim()} hits for ${r.queries} queries over ${r.docs} docs` +
            (r.empty ? ` (${r.empty} queries matched nothing)` : '') +
            (r.readingOrder
              ? `; docs read in order, neighbours as context${r.orderRatio !== null ? ` (neighbours share ${fmtRatio(r.orderRatio)}× the rare words of random pairs)` : ''}`
              : `; docs taken one by one${r.orderRatio !== null ? ` (not in reading order: neighbours share ${fmtRatio(r.orderRatio)}× the rare words of random pairs)` : ''}`) +
            ` (index ${r.indexSeconds.toFixed(2)} s, search ${r.searchSeconds.toFixed(2)} s, total ${r.seconds.toFixed(2)} s)\n`,
        );
      }),
    );

  return retrieval;
}
