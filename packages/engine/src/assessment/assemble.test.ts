import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.ts';
import { bandOf, blueprintShortfalls, drawBlueprintForm, matchesRow, seedOf, shuffled, type BlueprintSpec, type PoolItem } from './assemble.ts';

/** 120 items over 3 knowledge points, b spread over −2..2, two types. */
function pool(): PoolItem[] {
  const rand = mulberry32(7);
  return Array.from({ length: 120 }, (_, i) => ({ id: i + 1, b: rand() * 4 - 2, kpIds: [(i % 3) + 1], type: i % 4 === 0 ? 'multiple' : 'single' }));
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

describe('blueprint assembly', () => {
  const rows: BlueprintSpec[] = [
    { kpIds: [1], difficulty: 'any', type: 'single', count: 5, points: 1 },
    { kpIds: [2, 3], difficulty: 'any', count: 8, points: 2 },
  ];

  it('bands difficulty at ±0.5 and treats uncalibrated items as medium', () => {
    expect([bandOf(-0.6), bandOf(-0.5), bandOf(0.5), bandOf(0.51), bandOf(null)]).toEqual(['easy', 'medium', 'medium', 'hard', 'medium']);
  });

  it('draws the counts per row from matching items, each item once, with the row points', () => {
    const items = pool();
    const form = drawBlueprintForm(items, rows, mulberry32(1));
    expect(form).toHaveLength(13);
    expect(new Set(form.map((f) => f.itemId)).size).toBe(13);
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const f of form) expect(matchesRow(byId.get(f.itemId)!, rows[f.row]!)).toBe(true);
    expect(form.filter((f) => f.row === 0).every((f) => f.points === 1)).toBe(true);
    expect(form.filter((f) => f.row === 1).every((f) => f.points === 2)).toBe(true);
  });

  it('gives forms of nearly equal difficulty: the spread of the form mean b is far below random draws', () => {
    const items = pool();
    const byId = new Map(items.map((i) => [i.id, i.b!]));
    const formMean = (tries: number, seed: number) => mean(drawBlueprintForm(items, rows, mulberry32(seed), tries).map((f) => byId.get(f.itemId)!));
    const balanced = Array.from({ length: 200 }, (_, s) => formMean(64, s + 1));
    const random = Array.from({ length: 200 }, (_, s) => formMean(1, s + 1));
    expect(sd(balanced)).toBeLessThan(sd(random) / 5);
    // …and still varied: many different forms.
    const distinct = new Set(Array.from({ length: 50 }, (_, s) => drawBlueprintForm(items, rows, mulberry32(s + 1)).map((f) => f.itemId).sort().join()));
    expect(distinct.size).toBeGreaterThan(45);
  });

  it('reports every row that cannot be filled, counting items earlier rows need', () => {
    const items: PoolItem[] = [
      { id: 1, b: 0, kpIds: [1], type: 'single' },
      { id: 2, b: 0, kpIds: [1], type: 'single' },
      { id: 3, b: 1, kpIds: [1], type: 'single' },
      { id: 4, b: -1, kpIds: [2], type: 'single' },
    ];
    const spec: BlueprintSpec[] = [
      { kpIds: [1], difficulty: 'medium', count: 2, points: 1 },
      { kpIds: [1], difficulty: 'any', count: 2, points: 1 },
      { kpIds: [2], difficulty: 'hard', count: 1, points: 1 },
    ];
    expect(blueprintShortfalls(items, spec)).toEqual([
      { row: 1, needed: 2, matching: 3, available: 1 },
      { row: 2, needed: 1, matching: 0, available: 0 },
    ]);
    expect(() => drawBlueprintForm(items, spec, mulberry32(1))).toThrow(/row 2 needs 2/);
  });

  it('prefers items later rows cannot use when checking feasibility', () => {
    const items: PoolItem[] = [
      { id: 1, b: 0, kpIds: [1, 2], type: 'single' },
      { id: 2, b: 0, kpIds: [1], type: 'single' },
    ];
    const spec: BlueprintSpec[] = [
      { kpIds: [1], difficulty: 'any', count: 1, points: 1 },
      { kpIds: [2], difficulty: 'any', count: 1, points: 1 },
    ];
    expect(blueprintShortfalls(items, spec)).toEqual([]);
  });

  it('shuffles reproducibly per seed without touching the input', () => {
    const xs = ['a', 'b', 'c', 'd', 'e'];
    expect(shuffled(xs, mulberry32(seedOf(3, 9)))).toEqual(shuffled(xs, mulberry32(seedOf(3, 9))));
    expect(xs).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(seedOf(1, 2)).not.toBe(seedOf(2, 1));
  });
});
