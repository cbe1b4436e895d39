/**
 * Offline quiz items from documents (issue 6 §4, ADR 0019): cloze (fill_blank), single choice and
 * true/false items built from key sentences and their terms. The items have exactly the shape the
 * item bank's POST /items accepts (less the knowledge points, which a person chooses), with the
 * engine's answer keys (grading/types.ts).
 *
 * - The answer is a term of the sentence that occurs in it once (with its alias in parentheses, if
 *   any: "检索增强生成（RAG）" is blanked as a whole and both names are accepted).
 * - Distractors (`relatedTerms`): other terms of the same kind (Han, Latin words, acronyms) and
 *   similar length (Han: within max(1, ⌊n/2⌋) characters; Latin: within one word and half to twice
 *   the letters; acronyms: within two letters); never the answer, an alias of it, a term containing
 *   it or contained in it, nor any term that appears in the sentence itself. Ranked by the documents
 *   they share with the answer, then by the passages they share, then by closeness of length, then
 *   by score.
 * - True/false: alternately false (the answer swapped for its best related term) and true (the
 *   sentence as written).
 * - Each sentence gives at most one item; each term is the answer once, until the sentences run out
 *   (then a term may be the answer again, in another sentence). Types take turns in the order asked.
 */
import { mulberry32, shuffleInPlace } from '../random.ts';
import type { FillBlankKey, SingleChoiceKey, TrueFalseKey } from '../grading/types.ts';
import { comfortableLength, rankSentences, type KeySentence } from './sentences.ts';
import { extractTermsFromSentences, findTerm, lowerOf, type Term, type TermOptions } from './terms.ts';
import { hashString, sentencesOf, termLength, type GenLanguage, type GenPassage } from './text.ts';

export const GEN_ITEM_TYPES = ['fill_blank', 'single', 'true_false'] as const;
export type GenItemType = (typeof GEN_ITEM_TYPES)[number];

/** What the item was made from (for the reviewer). */
export interface ItemBasis {
  sentence: string;
  term: string;
  documentId: number;
  /** true/false: the term put in the answer's place. */
  replacement?: string;
}

interface ItemCommon {
  stem: string;
  explanation: string;
  tags: string[];
  /** The passages (chunk ids) it came from. */
  sourceChunkIds: number[];
  language: GenLanguage;
  basis: ItemBasis;
}
export type GeneratedItem =
  | (ItemCommon & { type: 'fill_blank'; answerKey: FillBlankKey })
  | (ItemCommon & { type: 'single'; options: { id: string; text: string }[]; answerKey: SingleChoiceKey })
  | (ItemCommon & { type: 'true_false'; answerKey: TrueFalseKey });

export interface ItemGenOptions extends TermOptions {
  count: number;
  /** Default: all three, in this order. */
  types?: readonly GenItemType[];
}

export interface ItemGenResult {
  items: GeneratedItem[];
  /** Terms and candidate sentences found. */
  termCount: number;
  sentenceCount: number;
  /** How many fewer items than asked (the documents ran out of usable sentences). */
  shortfall: number;
}

export const BLANK = '____';
const OPTION_IDS = ['a', 'b', 'c', 'd'];

function similarLength(a: Term, b: Term): boolean {
  if (a.kind === 'acronym') return Math.abs(a.text.length - b.text.length) <= 2;
  if (a.kind === 'cjk') {
    const n = termLength(a.text);
    return Math.abs(termLength(b.text) - n) <= Math.max(1, Math.floor(n / 2));
  }
  const ratio = b.text.length / a.text.length;
  return Math.abs(termLength(a.text) - termLength(b.text)) <= 1 && ratio >= 0.5 && ratio <= 2;
}

const overlapCount = (a: readonly number[], b: readonly number[]) => {
  const s = new Set(a);
  return b.reduce((n, x) => n + (s.has(x) ? 1 : 0), 0);
};

/**
 * Up to `n` terms related to `answer` for distractors (or a true/false swap), by the rule in the file
 * comment. `sentence` is the sentence the item shows.
 */
export function relatedTerms(answer: Term, terms: readonly Term[], sentence: string, n: number): Term[] {
  const lower = lowerOf(sentence);
  const aliases = new Set(answer.aliases);
  const cands = terms.filter(
    (t) =>
      t.key !== answer.key &&
      t.kind === answer.kind &&
      !aliases.has(t.key) &&
      !t.aliases.includes(answer.key) &&
      !t.key.includes(answer.key) &&
      !answer.key.includes(t.key) &&
      findTerm(lower, t.key).length === 0 &&
      similarLength(answer, t),
  );
  const ranked = cands
    .map((t) => ({ t, docs: overlapCount(answer.documentIds, t.documentIds), chunks: overlapCount(answer.chunkIds, t.chunkIds), len: Math.abs(t.text.length - answer.text.length) }))
    .sort((x, y) => y.docs - x.docs || y.chunks - x.chunks || x.len - y.len || y.t.score - x.t.score || (x.t.key < y.t.key ? -1 : 1));
  const out: Term[] = [];
  for (const { t } of ranked) {
    if (out.length >= n) break;
    // distractors must differ from each other too
    if (out.some((o) => o.key.includes(t.key) || t.key.includes(o.key) || o.aliases.includes(t.key))) continue;
    out.push(t);
  }
  return out;
}

/** The span to replace for the answer at `at`: the term, with its alias in parentheses right after or before it. */
function answerSpan(sentence: string, term: Term, at: number, terms: ReadonlyMap<string, Term>): { start: number; end: number; accepted: string[] } | null {
  const lower = lowerOf(sentence);
  let start = at;
  let end = at + term.key.length;
  const accepted = [sentence.slice(start, end), term.text];
  const after = /^\s*[（(]([^（）()]{1,40})[)）]/.exec(sentence.slice(end));
  if (after && term.aliases.includes(lowerOf(after[1]!).trim().replace(/\s+/g, ' '))) {
    accepted.push(after[1]!.trim());
    end += after[0].length;
  } else {
    const before = /[（(]\s*$/.exec(sentence.slice(0, start));
    const close = /^\s*[)）]/.exec(sentence.slice(end));
    if (before && close) {
      const head = sentence.slice(0, before.index).trimEnd();
      for (const key of term.aliases) {
        const alias = terms.get(key);
        if (alias && lowerOf(head).endsWith(key)) {
          accepted.push(head.slice(head.length - key.length));
          start = head.length - key.length;
          end += close[0].length;
          break;
        }
      }
    }
  }
  // after blanking, neither the answer nor an alias may remain visible
  const rest = lower.slice(0, start) + ' ' + lower.slice(end);
  if (findTerm(rest, term.key).length || term.aliases.some((k) => findTerm(rest, k).length)) return null;
  const byKey = new Map<string, string>();
  for (const a of accepted) if (!byKey.has(lowerOf(a).trim())) byKey.set(lowerOf(a).trim(), a.trim());
  return { start, end, accepted: [...byKey.values()] };
}

const sourceNote = (lang: GenLanguage, sentence: string, title: string | undefined) =>
  lang === 'zh' ? `原文${title ? `（《${title}》）` : ''}：${sentence}` : `Source${title ? ` ("${title}")` : ''}: ${sentence}`;

const clipTag = (s: string) => (s.length > 60 ? s.slice(0, 60) : s);

interface BuildCtx {
  terms: readonly Term[];
  byKey: ReadonlyMap<string, Term>;
  titles: ReadonlyMap<number, string>;
  tfCount: number;
}

function build(type: GenItemType, ks: KeySentence, term: Term, at: number, ctx: BuildCtx): GeneratedItem | null {
  const span = answerSpan(ks.text, term, at, ctx.byKey);
  if (!span) return null;
  const lang = ks.language;
  const title = ctx.titles.get(ks.documentId);
  const surface = ks.text.slice(at, at + term.key.length);
  const common = {
    tags: ['generated', clipTag(term.text)],
    sourceChunkIds: [ks.chunkId],
    language: lang,
    basis: { sentence: ks.text, term: surface, documentId: ks.documentId },
  };
  const blanked = ks.text.slice(0, span.start) + BLANK + ks.text.slice(span.end);
  const source = sourceNote(lang, ks.text, title);
  if (type === 'fill_blank') {
    return {
      type,
      ...common,
      stem: blanked,
      answerKey: { type: 'fill-blank', order: 'sensitive', blanks: [{ accepted: span.accepted.map((value) => ({ kind: 'text' as const, value })) }] },
      explanation: source,
    };
  }
  if (type === 'single') {
    const distractors = relatedTerms(term, ctx.terms, ks.text, 3);
    if (distractors.length < 3) return null;
    // the options are the terms as the documents usually write them (the answer too: its case must not give it away)
    const texts = [term.text, ...distractors.map((d) => d.text)];
    shuffleInPlace(texts, mulberry32(hashString(`${ks.text}|${term.key}`)));
    const options = texts.map((text, i) => ({ id: OPTION_IDS[i]!, text }));
    const correct = options.find((o) => o.text === term.text)!.id;
    return {
      type,
      ...common,
      stem: lang === 'zh' ? `选择最恰当的一项填入横线处：\n${blanked}` : `Choose the term that best completes the sentence:\n${blanked}`,
      options,
      answerKey: { type: 'single-choice', options: options.map((o) => o.id), correct },
      explanation: `${lang === 'zh' ? `正确答案是「${surface}」。` : `The answer is "${surface}".`}\n${source}`,
    };
  }
  // true/false: alternately a false statement (swapped term) and a true one
  const wantFalse = ctx.tfCount % 2 === 0;
  if (wantFalse) {
    const [swap] = relatedTerms(term, ctx.terms, ks.text, 1);
    if (swap) {
      const swapText = span.start === 0 && lang === 'en' ? swap.text.charAt(0).toUpperCase() + swap.text.slice(1) : swap.text;
      return {
        type,
        ...common,
        basis: { ...common.basis, replacement: swap.text },
        stem: ks.text.slice(0, span.start) + swapText + ks.text.slice(span.end),
        answerKey: { type: 'true-false', correct: false },
        explanation: `${lang === 'zh' ? `错误。原文是「${surface}」，不是「${swap.text}」。` : `False. The source says "${surface}", not "${swap.text}".`}\n${source}`,
      };
    }
  }
  return {
    type,
    ...common,
    stem: ks.text,
    answerKey: { type: 'true-false', correct: true },
    explanation: `${lang === 'zh' ? '正确。' : 'True.'}\n${source}`,
  };
}

/** Quiz items from passages by the rules in the file comment; deterministic for the same input. */
export function generateQuizItems(passages: readonly GenPassage[], opts: ItemGenOptions): ItemGenResult {
  const types = opts.types?.length ? [...new Set(opts.types)] : [...GEN_ITEM_TYPES];
  const sentences = sentencesOf(passages);
  const terms = extractTermsFromSentences(passages, sentences, opts);
  const ranked = rankSentences(sentences, terms).filter((s) => comfortableLength(s.text, s.language) && s.text.length <= 300);
  const titles = new Map<number, string>();
  for (const p of passages) if (p.documentTitle && !titles.has(p.documentId)) titles.set(p.documentId, p.documentTitle);
  const ctx: BuildCtx = { terms, byKey: new Map(terms.map((t) => [t.key, t])), titles, tfCount: 0 };
  const items: GeneratedItem[] = [];
  const usedSentences = new Set<number>();
  const usedTerms = new Set<string>();
  for (const reuse of [false, true]) {
    for (const ks of ranked) {
      if (items.length >= opts.count) break;
      if (usedSentences.has(ks.index)) continue;
      // answer candidates: once in the sentence; in a definition the subject (earliest) first
      const cands = ks.terms.filter((f) => f.occurrences === 1 && (reuse || !usedTerms.has(f.term.key))).slice(0, 3);
      if (ks.definitional) cands.sort((a, b) => a.at - b.at);
      let made: GeneratedItem | null = null;
      for (const f of cands) {
        const first = items.length % types.length;
        for (let k = 0; k < types.length && !made; k++) {
          const type = types[(first + k) % types.length]!;
          made = build(type, ks, f.term, f.at, ctx);
        }
        if (made) {
          usedTerms.add(f.term.key);
          break;
        }
      }
      if (made) {
        if (made.type === 'true_false') ctx.tfCount++;
        items.push(made);
        usedSentences.add(ks.index);
      }
    }
  }
  return { items, termCount: terms.length, sentenceCount: ranked.length, shortfall: Math.max(0, opts.count - items.length) };
}
