/** What leaves the server for items: the author view (key included) and the candidate view. */
import type { CandidateItemView, ItemView } from '@xueli/contracts';
import type { ItemWithKps } from './items.repo.ts';

export const presentItem = (r: ItemWithKps): ItemView => ({
  id: r.id,
  type: r.type,
  stem: r.stem,
  options: r.options ?? null,
  answerKey: r.answerKey ?? null,
  rubric: r.rubric ?? null,
  explanation: r.explanation,
  difficulty: r.difficulty,
  discrimination: r.discrimination,
  tags: r.tags,
  status: r.status,
  version: r.version,
  knowledgePoints: r.kps.map((k) => ({ id: k.id, code: k.code, name: k.name, frameworkId: k.frameworkId })),
  createdBy: r.createdByName,
  updatedBy: r.updatedByName,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * The item as a candidate may see it (for the exam engine): stem, options, the number of blanks
 * and what function to write — built field by field from an allow-list, so a key, a rubric or an
 * explanation can never leak through.
 */
export function presentCandidateItem(r: Pick<ItemWithKps, 'id' | 'type' | 'version' | 'stem' | 'options' | 'answerKey'>): CandidateItemView {
  const out: CandidateItemView = {
    id: r.id,
    type: r.type,
    version: r.version,
    stem: r.stem,
    options: r.options ? r.options.map((o) => ({ id: o.id, text: o.text })) : null,
  };
  const key = r.answerKey ?? {};
  if (r.type === 'fill_blank' && Array.isArray(key.blanks)) out.blanks = key.blanks.length;
  if (r.type === 'programming') {
    const language = key.language === 'ts' ? 'ts' : 'js';
    out.programming = { language, functionName: typeof key.functionName === 'string' ? key.functionName : '' };
    if (typeof key.starterCode === 'string') out.programming.starterCode = key.starterCode;
    const tests = Array.isArray(key.tests) ? (key.tests as { args: unknown[]; expected: unknown; sample?: boolean }[]) : [];
    const samples = tests.filter((c) => c.sample === true).map((c) => ({ args: c.args, expected: c.expected }));
    if (samples.length) out.programming.samples = samples;
  }
  return out;
}
