/**
 * Chooses the AI tutor's support rule (packages/engine/src/tutor/extractive.ts, ADR 0018) on CMRC 2018
 * (../shared/data/retrieval/cmrc2018/trial.json): does a passage support an answer to a question?
 *
 * - Supported pairs: each question with its own passage (paragraph).
 * - Unsupported pairs: each question with the passage of *another article* that the product's retriever
 *   ranks first for it (a hard negative: what the tutor would see when the knowledge base lacks the
 *   answer), and, reported beside it, a random passage of another article (an easy negative).
 * - Split: FNV-1a of "seed|question id", as bench/retrieval.ts; α and θ are chosen on the tuning half
 *   (best balanced accuracy of supported vs hard negatives; ties → the higher θ), and only the held-out
 *   half is reported.
 * - idf: from a character index over all passages (what the knowledge base's index gives) and, for
 *   comparison, the fallback `commonUnitIdf`.
 *
 * `npx tsx bench/tutor-threshold.ts` (TUTOR_DATA, TUTOR_SEED).
 */
import fs from 'node:fs';
import path from 'node:path';
import { commonUnitIdf, DEFAULT_SUPPORT, FALLBACK_SUPPORT, mulberry32, prepareQuestion, Retriever, supportOf } from '@xueli/engine';

const FILE = process.env.TUTOR_DATA ?? path.resolve(import.meta.dirname, '../../shared/data/retrieval/cmrc2018/trial.json');
const SEED = Number(process.env.TUTOR_SEED ?? 1);
interface Squad {
  data: { title: string; paragraphs: { context: string; qas: { id: string; question: string }[] }[] }[];
}
const squad = JSON.parse(fs.readFileSync(FILE, 'utf8')) as Squad;
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
const passages: { text: string; article: number }[] = [];
const questions: { id: string; text: string; own: number; article: number; tuning: boolean }[] = [];
squad.data.forEach((a, ai) =>
  a.paragraphs.forEach((p) => {
    passages.push({ text: p.context, article: ai });
    for (const q of p.qas) questions.push({ id: q.id, text: q.question, own: passages.length - 1, article: ai, tuning: fnv1a(`${SEED}|${q.id}`) % 2 === 0 });
  }),
);
const retriever = new Retriever();
retriever.addAll(passages.map((p, i) => ({ id: String(i), text: p.text })));
const corpusIdf = (u: string) => retriever.unitIdf(u);
const rand = mulberry32(SEED);

interface Pair {
  tuning: boolean;
  q: string;
  pos: string;
  hard: string;
  easy: string;
}
const pairs: Pair[] = questions.map((q) => {
  const hard = retriever.search(q.text, { k: 1, filter: (id: string) => passages[Number(id)]!.article !== q.article })[0];
  let easy = q.own;
  while (passages[easy]!.article === q.article) easy = Math.floor(rand() * passages.length);
  // a question with no term in common with any other article: its hard negative is the random one
  return { tuning: q.tuning, q: q.text, pos: passages[q.own]!.text, hard: passages[hard ? Number(hard.id) : easy]!.text, easy: passages[easy]!.text };
});
console.log(`${passages.length} passages, ${questions.length} questions (tuning ${pairs.filter((p) => p.tuning).length}, held-out ${pairs.filter((p) => !p.tuning).length})`);

let mismatch = false;
for (const [name, idf, product] of [
  ['corpus idf (Retriever.unitIdf) → DEFAULT_SUPPORT', corpusIdf, DEFAULT_SUPPORT],
  ['commonUnitIdf → FALLBACK_SUPPORT', commonUnitIdf, FALLBACK_SUPPORT],
] as const) {
  const alphas = [0, 0.25, 0.5, 0.75, 1];
  const feats = pairs.map((p) => {
    const pq = prepareQuestion(p.q, idf);
    return {
      tuning: p.tuning,
      s: alphas.map((alpha) => [supportOf(pq, p.pos, { alpha, threshold: 0 }), supportOf(pq, p.hard, { alpha, threshold: 0 }), supportOf(pq, p.easy, { alpha, threshold: 0 })] as const),
    };
  });
  const acc = (rows: typeof feats, ai: number, t: number) => {
    let tp = 0,
      tnHard = 0,
      tnEasy = 0;
    for (const r of rows) {
      const [pos, hard, easy] = r.s[ai]!;
      if (pos >= t) tp++;
      if (hard < t) tnHard++;
      if (easy < t) tnEasy++;
    }
    const n = rows.length;
    return { supported: tp / n, hardRejected: tnHard / n, easyRejected: tnEasy / n, balanced: (tp / n + tnHard / n) / 2 };
  };
  const tune = feats.filter((f) => f.tuning),
    held = feats.filter((f) => !f.tuning);
  let best = { ai: 0, t: 0, b: -1 };
  alphas.forEach((_, ai) => {
    for (let t = 0.05; t <= 0.951; t += 0.01) {
      const b = acc(tune, ai, t).balanced;
      if (b >= best.b) best = { ai, t: Math.round(t * 100) / 100, b };
    }
  });
  const f3 = (x: number) => x.toFixed(3);
  const h = acc(held, best.ai, best.t),
    tt = acc(tune, best.ai, best.t);
  console.log(
    `${name}: chosen α=${alphas[best.ai]} θ=${best.t} | tuning balanced ${f3(tt.balanced)} | held-out: supported ${f3(h.supported)}, ` +
      `hard negatives rejected ${f3(h.hardRejected)}, random negatives rejected ${f3(h.easyRejected)}, balanced ${f3(h.balanced)}`,
  );
  if (product.alpha !== alphas[best.ai] || product.threshold !== best.t) {
    mismatch = true;
    console.log(`  the engine's constant is α=${product.alpha} θ=${product.threshold}: update it`);
  }
}
process.exitCode = mismatch ? 1 : 0;
