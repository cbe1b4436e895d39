/**
 * Structure-aware chunking for the knowledge base (issue 6 §2): a document read as blocks — a
 * paragraph (or list item, table row, page paragraph…) with the headings above it — becomes the
 * passages retrieval returns and the tutor cites.
 *
 * Rules:
 * 1. A chunk never crosses a heading: blocks are grouped by their heading path, and a new path
 *    starts a new chunk.
 * 2. Short paragraphs are merged (joined by a newline) while the chunk stays within `targetChars`
 *    (350 by default).
 * 3. A paragraph longer than `targetChars` is split at sentence ends — 。！？!?… (repeated, with the
 *    closing quotes or brackets after them), a "." followed by whitespace, a line break — and its
 *    sentences are packed up to `targetChars`. A sentence is never cut in the middle unless it alone
 *    is longer than `maxChars` (1,000 by default); then it is cut at clause marks (；; ，, 、 ：:) and,
 *    only where a clause is still too long, every `maxChars` characters.
 * 4. Whitespace at the ends of a chunk is trimmed; empty blocks are dropped.
 *
 * Pure: no I/O.
 */

export interface TextBlock {
  /** Headings above the block, outermost first. */
  headingPath: string[];
  text: string;
}

export interface TextChunk {
  headingPath: string[];
  text: string;
}

export interface ChunkOptions {
  /** Chunks grow up to this many characters (default 350). */
  targetChars?: number;
  /** A sentence longer than this is cut (default 1000); at least `targetChars`. */
  maxChars?: number;
}

export const DEFAULT_CHUNK_TARGET = 350;
export const DEFAULT_CHUNK_MAX = 1000;

const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '…']);
const CLAUSE_END = new Set(['；', ';', '，', '、', '：']);
const CLOSERS = new Set(['"', "'", '”', '’', '」', '』', '）', ')', ']', '】', '》']);
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/** Extends a cut after closing quotes/brackets and whitespace. */
function extendEnd(text: string, end: number): number {
  let e = end;
  while (e < text.length && CLOSERS.has(text[e]!)) e++;
  while (e < text.length && isSpace(text[e])) e++;
  return e;
}

/** Splits text into sentences (each keeps its terminator and the whitespace after it). */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    let end = -1;
    if (SENTENCE_END.has(c)) {
      end = i + 1;
      while (end < n && SENTENCE_END.has(text[end]!)) end++;
    } else if (c === '.' && (i + 1 === n || isSpace(text[i + 1]) || CLOSERS.has(text[i + 1]!))) end = i + 1;
    else if (c === '\n') end = i + 1;
    if (end < 0) continue;
    end = extendEnd(text, end);
    if (text.slice(start, end).trim()) out.push(text.slice(start, end));
    else if (out.length) out[out.length - 1] += text.slice(start, end);
    start = end;
    i = end - 1;
  }
  if (start < n && text.slice(start).trim()) out.push(text.slice(start));
  return out;
}

/** Splits an over-long sentence at clause marks ("," only when not between digits). */
function splitClauses(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const cut = CLAUSE_END.has(c) || c === ':' || (c === ',' && !(/\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')));
    if (!cut) continue;
    const end = extendEnd(text, i + 1);
    out.push(text.slice(start, end));
    start = end;
    i = end - 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out.filter((s) => s.trim() !== '');
}

/** Cuts text into pieces of at most `max` characters (not splitting a surrogate pair). */
function hardCut(text: string, max: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + max);
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** Greedy packing of pieces (each already ≤ max) into strings of at most `limit` where possible. */
function pack(pieces: string[], limit: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const p of pieces) {
    if (cur && (cur + p).trim().length > limit) {
      out.push(cur);
      cur = '';
    }
    cur += p;
  }
  if (cur) out.push(cur);
  return out;
}

/** The units of one paragraph: itself when short, else its sentences (cut further only past `max`). */
function paragraphUnits(text: string, target: number, max: number): string[] {
  if (text.length <= target) return [text];
  const units: string[] = [];
  for (const s of splitSentences(text)) {
    if (s.trim().length <= max) units.push(s);
    else for (const c of pack(splitClauses(s).flatMap((c) => (c.length > max ? hardCut(c, max) : [c])), max)) units.push(c);
  }
  return units;
}

const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((h, i) => h === b[i]);

/** Chunks blocks along their structure (see the file comment). */
export function chunkBlocks(blocks: readonly TextBlock[], opts: ChunkOptions = {}): TextChunk[] {
  const target = Math.max(1, Math.floor(opts.targetChars ?? DEFAULT_CHUNK_TARGET));
  const max = Math.max(target, Math.floor(opts.maxChars ?? DEFAULT_CHUNK_MAX));
  const out: TextChunk[] = [];
  let path: string[] = [];
  let cur = '';
  const flush = () => {
    const t = cur.trim();
    if (t) out.push({ headingPath: [...path], text: t });
    cur = '';
  };
  for (const b of blocks) {
    const text = b.text.replace(/\r\n?/g, '\n').trim();
    if (!text) continue;
    if (!samePath(b.headingPath, path)) {
      flush();
      path = [...b.headingPath];
    }
    let first = true;
    for (const u of paragraphUnits(text, target, max)) {
      // a new paragraph joins with a newline; sentences of one paragraph carry their own spacing
      const sep = first && cur ? '\n' : '';
      first = false;
      if (cur && (cur + sep + u).trim().length > target) flush();
      cur += cur ? sep + u : u;
    }
  }
  flush();
  return out;
}
