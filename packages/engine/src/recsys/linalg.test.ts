import { describe, expect, it } from 'vitest';
import { invertSpd } from './linalg.ts';
import { mulberry32 } from '../random.ts';

/** A random SPD matrix BᵀB + n·I. */
function randomSpd(n: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const b = Float64Array.from({ length: n * n }, () => rand() - 0.5);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? 0.1 * n : 0;
      for (let k = 0; k < n; k++) s += b[k * n + i]! * b[k * n + j]!;
      a[i * n + j] = s;
    }
  return a;
}

describe('invertSpd', () => {
  it.each([1, 2, 5, 40])('gives A·A⁻¹ = I for a random SPD matrix of size %i', (n) => {
    const a = randomSpd(n, n);
    const inv = invertSpd(Float64Array.from(a), n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[i * n + k]! * inv[k * n + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(inv[i * n + j]).toBe(inv[j * n + i]);
  });

  it('inverts a known 2 × 2 matrix', () => {
    const inv = invertSpd(Float64Array.from([4, 2, 2, 3]), 2);
    [0.375, -0.25, -0.25, 0.5].forEach((x, k) => expect(inv[k]).toBeCloseTo(x, 14));
  });

  it('refuses a matrix that is not positive definite, and a wrong size', () => {
    expect(() => invertSpd(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/not positive definite/);
    expect(() => invertSpd(Float64Array.from([1, 0, 0, 0]), 2)).toThrow(/pivot 1/);
    expect(() => invertSpd(new Float64Array(3), 2)).toThrow(/expected 4 entries/);
  });
});
