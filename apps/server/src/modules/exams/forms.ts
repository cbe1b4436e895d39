/**
 * Drawing a candidate's form: the items (fixed list, blueprint draw or the adaptive next item),
 * their order and each choice item's option order — seeded per candidate and attempt, so a
 * draw is reproducible for an audit and different between neighbours.
 */
import { drawBlueprintForm, eapTheta, mulberry32, seedOf, selectNextItem, shuffled, type BlueprintSpec } from '@xueli/engine';
import type { FormEntry } from '../../db/schema/index.ts';
import type { ExamRow, PoolRow } from './exams.repo.ts';

/** Item types an adaptive test can score right or wrong on the spot. */
export const ADAPTIVE_TYPES = ['single', 'multiple', 'true_false', 'fill_blank'] as const;
const CHOICE = new Set(['single', 'multiple']);

export function blueprintSpecs(rows: NonNullable<ExamRow['blueprint']>): BlueprintSpec[] {
  return rows.map((r) => ({ kpIds: r.knowledgePoints, difficulty: r.difficulty, type: r.type, count: r.count, points: r.points }));
}

export interface ItemForForm {
  id: number;
  type: string;
  version: number;
  options: { id: string }[] | null;
}

/** One form entry, with the candidate's option order when options are shuffled. */
function entry(exam: ExamRow, it: ItemForForm, points: number, rand: () => number): FormEntry {
  const e: FormEntry = { itemId: it.id, version: it.version, points };
  if (exam.shuffleOptions && CHOICE.has(it.type) && it.options?.length) e.optionOrder = shuffled(it.options.map((o) => o.id), rand);
  return e;
}

/** The items of a fixed or blueprint form, in the candidate's order. */
export function drawForm(
  exam: ExamRow,
  input: { fixed?: { itemId: number; points: number }[]; pool?: PoolRow[]; items: Map<number, ItemForForm> },
  seed: { employeeId: number; attemptNo: number },
): FormEntry[] {
  const rand = mulberry32(seedOf(exam.id, seed.employeeId, seed.attemptNo));
  let picked: { itemId: number; points: number }[];
  if (exam.mode === 'fixed') picked = input.fixed ?? [];
  else picked = drawBlueprintForm(input.pool ?? [], blueprintSpecs(exam.blueprint ?? []), rand);
  if (exam.shuffleItems) picked = shuffled(picked, rand);
  return picked.map((p) => entry(exam, input.items.get(p.itemId)!, p.points, rand));
}

export interface AdaptiveState {
  theta: number;
  se: number;
  answered: number;
}

/** θ and its SE (EAP, N(0,1) prior) from the scored items so far; uncalibrated items count as a = 1, b = 0. */
export function adaptiveEstimate(scored: { a: number | null; b: number | null; score: number }[]): AdaptiveState {
  if (!scored.length) return { theta: 0, se: 1, answered: 0 };
  const est = eapTheta(
    scored.map((s) => s.a ?? 1),
    scored.map((s) => s.b ?? 0),
    scored.map((s) => (s.score >= 0.5 ? 1 : 0)),
  );
  return { theta: est.theta, se: est.se, answered: scored.length };
}

/** Whether the adaptive test stops now: SE reached after the minimum length, or the maximum length. */
export function adaptiveDone(settings: NonNullable<ExamRow['adaptive']>, state: AdaptiveState): boolean {
  if (state.answered >= settings.maxItems) return true;
  return state.answered >= settings.minItems && state.se <= settings.seThreshold;
}

/** The next adaptive item: maximum information at θ, randomesque among the top k, never one already given. */
export function nextAdaptiveItem(
  exam: ExamRow,
  pool: PoolRow[],
  given: Set<number>,
  theta: number,
  seed: { employeeId: number; attemptNo: number; step: number },
): PoolRow | null {
  const bank = { a: Float64Array.from(pool, (p) => p.a ?? 1), b: Float64Array.from(pool, (p) => p.b ?? 0) };
  const used = Uint8Array.from(pool, (p) => (given.has(p.id) ? 1 : 0));
  const i = selectNextItem(bank, theta, { used, topK: exam.adaptive?.randomesque ?? 3, rand: mulberry32(seedOf(exam.id, seed.employeeId, seed.attemptNo, seed.step)) });
  return i < 0 ? null : pool[i]!;
}

export function adaptiveEntry(exam: ExamRow, it: ItemForForm, seed: { employeeId: number; attemptNo: number; step: number }): FormEntry {
  return entry(exam, it, 1, mulberry32(seedOf(exam.id, seed.employeeId, seed.attemptNo, seed.step, 7)));
}
