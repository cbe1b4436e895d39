/**
 * Key-sentence selection (issue 6 §4, ADR 0019): term density with a preference for definitions and
 * rules. A sentence's score is
 *
 *   (Σ over the distinct terms it contains, best five, of term.score / best term's score)
 *     × 1.5 when it is definitional (是/是指/指/称为/定义为/包括/应当/应/必须/须/不得/禁止/严禁;
 *       "is", "are", "means", "refers to", "defined as", "includes", "consists of", "must", "shall")
 *     × 0.4 when its length is outside the comfortable range (12–120 Han characters, 6–45 words).
 *
 * Ties go to the earlier sentence. Nothing heavier (no similarity graph): the terms' own scores
 * already carry frequency and spread, and the result is easy to explain to a reviewer.
 */
import { termsInSentence, type Term } from './terms.ts';
import { detectGenLanguage, type GenLanguage, type GenSentence } from './text.ts';

export const ZH_DEFINITIONAL = /是指|指的是|称为|简称|定义为|是|指|包括|包含|分为|应当|应|必须|须|不得|禁止|严禁/;
export const EN_DEFINITIONAL = /\b(?:is|are|means|refers? to|defined as|includes?|consists? of|must|shall|must not|may not)\b/i;
/** Rules: obligations and prohibitions. */
export const ZH_RULE = /应当|应|必须|须|不得|禁止|严禁/;
export const EN_RULE = /\b(?:must|shall|must not|may not|required to|prohibited)\b/i;
/** Definitions proper. */
export const ZH_DEFINITION = /是指|指的是|称为|简称|定义为|是|指/;
export const EN_DEFINITION = /\b(?:is|are|means|refers? to|defined as)\b/i;
export const ZH_LIST = /包括|包含|分为|由.+组成/;
export const EN_LIST = /\b(?:includes?|consists? of|comprises?)\b/i;

export interface KeySentence extends GenSentence {
  score: number;
  language: GenLanguage;
  definitional: boolean;
  /** Its terms, best first, with their first position and number of occurrences. */
  terms: { term: Term; at: number; occurrences: number }[];
}

/** Length in Han characters (Chinese) or words (English). */
export function sentenceLength(text: string, language: GenLanguage): number {
  return language === 'zh' ? (text.match(/[\u3400-\u9fff]/g)?.length ?? 0) + (text.match(/[A-Za-z0-9]+/g)?.length ?? 0) : text.split(/\s+/).filter(Boolean).length;
}

export function comfortableLength(text: string, language: GenLanguage): boolean {
  const n = sentenceLength(text, language);
  return language === 'zh' ? n >= 12 && n <= 120 : n >= 6 && n <= 45;
}

/** Ranks sentences by the rule in the file comment; sentences with no term are left out. */
export function rankSentences(sentences: readonly GenSentence[], terms: readonly Term[]): KeySentence[] {
  const best = terms.reduce((m, t) => Math.max(m, t.score), 0) || 1;
  const out: KeySentence[] = [];
  for (const s of sentences) {
    const found = termsInSentence(s.text, terms);
    if (!found.length) continue;
    const language = detectGenLanguage(s.text);
    const definitional = (language === 'zh' ? ZH_DEFINITIONAL : EN_DEFINITIONAL).test(s.text);
    const density = found.slice(0, 5).reduce((sum, f) => sum + f.term.score / best, 0);
    const score = density * (definitional ? 1.5 : 1) * (comfortableLength(s.text, language) ? 1 : 0.4);
    out.push({ ...s, score, language, definitional, terms: found });
  }
  out.sort((a, b) => b.score - a.score || a.index - b.index);
  return out;
}
