/** Content generation from documents (issue 6 §4, ADR 0019): terms, key sentences, quiz items, outlines. */
export { detectGenLanguage, splitGenSentences, type GenLanguage, type GenPassage, type GenSentence } from './text.ts';
export { extractTerms, type Term, type TermKind, type TermOptions } from './terms.ts';
export { rankSentences as rankKeySentences, type KeySentence } from './sentences.ts';
export { GEN_ITEM_TYPES, generateQuizItems, relatedTerms, BLANK as GEN_BLANK, type GenItemType, type GeneratedItem, type ItemBasis, type ItemGenOptions, type ItemGenResult } from './items.ts';
export { buildOutline, type GeneratedOutline, type OutlineModule, type OutlineOptions } from './outline.ts';
