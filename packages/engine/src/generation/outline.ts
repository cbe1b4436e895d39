/**
 * A course outline from the structure of documents (issue 6 §4, ADR 0019).
 *
 * Modules, per document in the order given:
 * - from headings: the outermost heading level at which the document's passages have at least two
 *   different headings (a document under one title heading uses the level below it); consecutive
 *   passages under the same heading form a module named by it (passages before the first heading
 *   form a module named by the level above, or by the document's title);
 * - without headings: clusters of consecutive passages — about one module per four passages (at most
 *   six), cut where adjacent passages share the fewest terms (Jaccard similarity of their term sets);
 *   each named after its best term ("第 1 部分：客户信息", "Part 1: Data retention").
 *
 * Objectives, 2–4 per module, from its key sentences (rankSentences), one per term, in the
 * document's language: a definition → "能够说明什么是{term}" / "Explain what {term} is"; a rule →
 * "能够说明{term}的要求" / "Describe the requirements for {term}"; an enumeration → "能够列举{term}的组成"
 * / "List the parts of {term}"; otherwise "能够解释{term}" / "Explain {term}". Too few: the module's best
 * terms, then "能够概述{module}的要点" / "Summarise the key points of {module}".
 */
import { rankSentences, EN_DEFINITION, EN_LIST, EN_RULE, ZH_DEFINITION, ZH_LIST, ZH_RULE } from './sentences.ts';
import { extractTermsFromSentences, termsInSentence, type Term, type TermOptions } from './terms.ts';
import { detectGenLanguage, sentencesOf, type GenLanguage, type GenPassage } from './text.ts';

export interface OutlineModule {
  title: string;
  /** The module's best sentence, as a one-line summary. */
  summary: string;
  objectives: string[];
  documentId: number;
  sourceChunkIds: number[];
}

export interface GeneratedOutline {
  title: string;
  description: string;
  language: GenLanguage;
  modules: OutlineModule[];
}

export interface OutlineOptions extends TermOptions {
  /** Course title; default from the documents' titles. */
  title?: string;
  /** At most this many modules (default 20; the rest are merged into the last). */
  maxModules?: number;
}

interface Group {
  title: string | null;
  passages: GenPassage[];
}

/** The heading level that splits a document, or null when it has none that does. */
function splitLevel(passages: readonly GenPassage[]): number | null {
  const depth = passages.reduce((m, p) => Math.max(m, p.headingPath.length), 0);
  for (let d = 0; d < depth; d++) {
    const values = new Set(passages.map((p) => p.headingPath[d]).filter((h): h is string => !!h && !!h.trim()));
    if (values.size >= 2) return d;
  }
  return null;
}

function byHeadings(passages: readonly GenPassage[], level: number, fallback: string): Group[] {
  const groups: Group[] = [];
  const index = new Map<string, Group>();
  let cur: Group | null = null;
  for (const p of passages) {
    const h = p.headingPath[level]?.trim() || null;
    if (h === null) {
      if (cur) cur.passages.push(p);
      else {
        cur = { title: p.headingPath[level - 1]?.trim() || fallback, passages: [p] };
        groups.push(cur);
      }
      continue;
    }
    const seen = index.get(h);
    if (seen) {
      seen.passages.push(p);
      cur = seen;
    } else {
      cur = { title: h, passages: [p] };
      index.set(h, cur);
      groups.push(cur);
    }
  }
  return groups;
}

function byClusters(passages: readonly GenPassage[], terms: readonly Term[]): Group[] {
  const n = passages.length;
  const k = Math.max(1, Math.min(6, Math.round(n / 4)));
  if (k === 1) return [{ title: null, passages: [...passages] }];
  const sets = passages.map((p) => new Set(termsInSentence(p.text, terms).map((f) => f.term.key)));
  const sim = (a: Set<string>, b: Set<string>) => {
    let inter = 0;
    for (const x of a) if (b.has(x)) inter++;
    const union = a.size + b.size - inter;
    return union ? inter / union : 0;
  };
  // boundary i cuts between passage i-1 and i; lowest similarity first, ties nearest an even split
  const cuts = Array.from({ length: n - 1 }, (_, j) => j + 1)
    .map((i) => ({ i, s: sim(sets[i - 1]!, sets[i]!), even: Math.min(...Array.from({ length: k - 1 }, (_, q) => Math.abs(i - ((q + 1) * n) / k))) }))
    .sort((a, b) => a.s - b.s || a.even - b.even || a.i - b.i)
    .slice(0, k - 1)
    .map((c) => c.i)
    .sort((a, b) => a - b);
  const groups: Group[] = [];
  let from = 0;
  for (const c of [...cuts, n]) {
    groups.push({ title: null, passages: passages.slice(from, c) });
    from = c;
  }
  return groups;
}

function objective(lang: GenLanguage, sentence: string, term: string): string {
  if (lang === 'zh') {
    if (ZH_DEFINITION.test(sentence) && !ZH_RULE.test(sentence)) return `能够说明什么是${term}`;
    if (ZH_RULE.test(sentence)) return `能够说明${term}的要求`;
    if (ZH_LIST.test(sentence)) return `能够列举${term}的组成`;
    return `能够解释${term}`;
  }
  if (EN_RULE.test(sentence)) return `Describe the requirements for ${term}`;
  if (EN_LIST.test(sentence)) return `List the parts of ${term}`;
  if (EN_DEFINITION.test(sentence)) return `Explain what ${term} is`;
  return `Explain ${term}`;
}

function moduleOf(group: Group, title: string, lang: GenLanguage, terms: readonly Term[]): OutlineModule {
  const sentences = sentencesOf(group.passages);
  const ranked = rankSentences(sentences, terms);
  const objectives: string[] = [];
  const used = new Set<string>();
  for (const ks of ranked) {
    if (objectives.length >= 4) break;
    const cands = ks.terms.filter((f) => !used.has(f.term.key)).slice(0, 2);
    if (ks.definitional) cands.sort((a, b) => a.at - b.at);
    const f = cands[0];
    if (!f) continue;
    used.add(f.term.key);
    for (const a of f.term.aliases) used.add(a);
    objectives.push(objective(lang, ks.text, f.term.text));
  }
  if (objectives.length < 2) {
    const local = new Map<string, number>();
    for (const s of sentences) for (const f of termsInSentence(s.text, terms)) local.set(f.term.key, (local.get(f.term.key) ?? 0) + f.term.score);
    for (const t of terms) {
      if (objectives.length >= 2) break;
      if (local.has(t.key) && !used.has(t.key)) {
        used.add(t.key);
        objectives.push(lang === 'zh' ? `能够解释${t.text}` : `Explain ${t.text}`);
      }
    }
  }
  if (objectives.length < 2) objectives.push(lang === 'zh' ? `能够概述${title}的要点` : `Summarise the key points of ${title}`);
  if (objectives.length < 2) objectives.push(lang === 'zh' ? `能够将${title}的内容应用到工作中` : `Apply ${title} in daily work`);
  const summary = (ranked[0]?.text ?? sentences[0]?.text ?? '').slice(0, 300);
  return { title, summary, objectives, documentId: group.passages[0]!.documentId, sourceChunkIds: group.passages.map((p) => p.chunkId) };
}

/** A course outline from passages (see the file comment); deterministic for the same input. */
export function buildOutline(passages: readonly GenPassage[], opts: OutlineOptions = {}): GeneratedOutline {
  const maxModules = opts.maxModules ?? 20;
  const docs = new Map<number, GenPassage[]>();
  for (const p of passages) (docs.get(p.documentId) ?? docs.set(p.documentId, []).get(p.documentId)!).push(p);
  for (const list of docs.values()) list.sort((a, b) => a.ord - b.ord);
  const all = [...docs.values()].flat();
  const terms = extractTermsFromSentences(all, sentencesOf(all), opts);
  const language = detectGenLanguage(all.map((p) => p.text).join('\n'));
  const modules: OutlineModule[] = [];
  const titles: string[] = [];
  for (const list of docs.values()) {
    const docTitle = list[0]!.documentTitle?.trim() || (language === 'zh' ? '文档' : 'Document');
    titles.push(docTitle);
    const lang = detectGenLanguage(list.map((p) => p.text).join('\n'));
    const level = splitLevel(list);
    const groups = level === null ? byClusters(list, terms) : byHeadings(list, level, docTitle);
    const named = new Set<string>();
    groups.forEach((g, i) => {
      let title = g.title;
      if (!title) {
        // named after the term that weighs most in this part (occurrences here × score), not used by an earlier part
        const weight = new Map<Term, number>();
        for (const p of g.passages) for (const f of termsInSentence(p.text, terms)) weight.set(f.term, (weight.get(f.term) ?? 0) + f.occurrences * f.term.score);
        const best = [...weight.entries()].sort((a, b) => b[1] - a[1] || (a[0].key < b[0].key ? -1 : 1)).find(([t]) => !named.has(t.key))?.[0];
        if (best) named.add(best.key);
        const local = best?.text;
        title = groups.length === 1 ? docTitle : lang === 'zh' ? `第 ${i + 1} 部分${local ? `：${local}` : ''}` : `Part ${i + 1}${local ? `: ${local}` : ''}`;
      }
      modules.push(moduleOf(g, title.slice(0, 200), lang, terms));
    });
  }
  if (modules.length > maxModules) {
    const last = modules[maxModules - 1]!;
    for (const m of modules.slice(maxModules)) last.sourceChunkIds.push(...m.sourceChunkIds);
    modules.length = maxModules;
  }
  const title =
    opts.title ?? (titles.length === 1 ? titles[0]! : language === 'zh' ? `${titles[0]}等 ${titles.length} 篇文档` : `${titles[0]} and ${titles.length - 1} more`);
  const description =
    language === 'zh' ? `根据${titles.map((t) => `《${t}》`).join('')}生成的课程大纲。` : `A course outline generated from ${titles.map((t) => `"${t}"`).join(', ')}.`;
  return { title: title.slice(0, 200), description, language, modules };
}
