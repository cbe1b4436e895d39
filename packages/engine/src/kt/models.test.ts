import { describe, expect, it } from 'vitest';
import { crossValidate, splitByUser, userFolds } from '../cv.ts';
import { BestModel, createKtModel, KT_MODEL_NAMES, ktModelFromJSON } from './models.ts';
import { simulateLearners } from './simulate.ts';
import { predictAll, predictSequence, type Response } from './types.ts';

const rows = simulateLearners({
  learners: 120,
  steps: 30,
  skills: [
    { pL0: 0.2, pT: 0.15, pS: 0.1, pG: 0.2, pF: 0 },
    { pL0: 0.5, pT: 0.05, pS: 0.05, pG: 0.25, pF: 0.02 },
  ],
  itemSpread: 0.8,
  seed: 21,
});
const train = rows.filter((r) => Number(r.user.slice(1)) < 90);
const test = rows.filter((r) => Number(r.user.slice(1)) >= 90);

describe('knowledge-tracing models', () => {
  it.each([...KT_MODEL_NAMES, 'best' as const])(
    '%s: changing a learner’s later responses never changes predictions of earlier rows',
    (name) => {
      const model = createKtModel(name);
      model.fit(train);
      const seq = test.filter((r) => r.user === 'u95');
      const base = predictSequence(model, seq);
      for (const cut of [0, 5, 17]) {
        // rows from `cut` on: other answers, items and skills → rows before `cut` predict the same
        const changed: Response[] = seq.map((r, i) =>
          i < cut
            ? r
            : { ...r, correct: 1 - r.correct, item: i % 2 ? 'other-item' : r.item, skills: i % 3 ? r.skills : ['s1'] },
        );
        const p = predictSequence(model, changed);
        for (let i = 0; i < cut; i++) expect(p[i]).toBe(base[i]);
        // only the answers from `cut` on → row `cut` itself predicts the same too (its own answer is not seen)
        const flipped = predictSequence(
          model,
          seq.map((r, i) => (i < cut ? r : { ...r, correct: 1 - r.correct })),
        );
        for (let i = 0; i <= cut; i++) expect(flipped[i]).toBe(base[i]);
        expect(Array.from(flipped).some((x, i) => x !== base[i])).toBe(true);
      }
      // other learners' rows in the same file never matter either
      const all = predictAll(model, test);
      const alone = predictAll(model, seq);
      const idx = test.flatMap((r, i) => (r.user === 'u95' ? [i] : []));
      idx.forEach((i, k) => expect(all[i]).toBe(alone[k]));
      for (const p of all) expect(p > 0 && p < 1).toBe(true);
    },
  );

  it('best picks the candidate with the highest held-out AUC and restores from JSON', () => {
    const b = new BestModel({ candidates: ['bkt', 'lr'] });
    b.fit(train);
    const [winner] = Object.entries(b.scores).sort((x, y) => y[1] - x[1])[0]!;
    expect(b.chosen!.name).toBe(winner);
    const back = ktModelFromJSON(JSON.parse(JSON.stringify(b.toJSON())));
    const seq = test.filter((r) => r.user === 'u100');
    expect(Array.from(predictSequence(back, seq))).toEqual(
      Array.from(predictSequence(b, seq)).map((x) => expect.closeTo(x, 12) as unknown),
    );
  });

  it('cross-validation splits by learner, deterministically', () => {
    const f1 = userFolds(rows, 5, 3),
      f2 = userFolds(rows, 5, 3);
    expect([...f1]).toEqual([...f2]);
    const sizes = [0, 0, 0, 0, 0];
    for (const f of f1.values()) sizes[f]!++;
    expect(sizes).toEqual([24, 24, 24, 24, 24]);
    const { train: a, test: b } = splitByUser(rows, 0.25, 1);
    const ua = new Set(a.map((r) => r.user));
    expect(b.some((r) => ua.has(r.user))).toBe(false);
    const cv = crossValidate(rows, () => createKtModel('lr'), { folds: 3, seed: 1, mastery: true });
    expect(cv.folds).toHaveLength(3);
    expect(cv.folds.reduce((s, f) => s + f.testRows, 0)).toBe(rows.length);
    expect(cv.pooled.n).toBe(rows.length);
    expect(cv.pooled.auc).toBeGreaterThan(0.6);
    expect(cv.mastery!.ece).toBeLessThan(0.1);
  });
});
