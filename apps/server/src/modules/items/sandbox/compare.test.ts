/** The equality rules of ADR 0007 (compare.ts), on encoded values as the guest produces them. */
import { describe, expect, it } from 'vitest';
import { compareValue, preview, type Encoded } from './compare.ts';

const eq = (a: Encoded, e: unknown, tol?: number) => compareValue(a, e, tol).equal;

describe('comparing a returned value with the expected JSON value', () => {
  it('compares primitives strictly: undefined is not null, "1" is not 1', () => {
    expect(eq(null, null)).toBe(true);
    expect(eq({ u: 1 }, null)).toBe(false);
    expect(eq(null, undefined)).toBe(false);
    expect(eq({ u: 1 }, undefined)).toBe(true);
    expect(eq('1', 1)).toBe(false);
    expect(eq(1, '1')).toBe(false);
    expect(eq(true, true)).toBe(true);
    expect(eq(false, 0)).toBe(false);
    expect(eq('abc', 'abc')).toBe(true);
  });

  it('treats -0 as 0 and never matches NaN or Infinity', () => {
    expect(eq({ n: '-0' }, 0)).toBe(true);
    expect(eq(0, 0)).toBe(true);
    expect(eq({ n: 'NaN' }, null)).toBe(false);
    expect(eq({ n: 'NaN' }, 0)).toBe(false);
    expect(eq({ n: 'Infinity' }, 1e308)).toBe(false);
    expect(eq({ n: '-Infinity' }, null)).toBe(false);
  });

  it('compares numbers exactly unless the key gives a tolerance (absolute near 0, relative beyond 1)', () => {
    expect(eq(0.30000000000000004, 0.3)).toBe(false);
    expect(eq(0.30000000000000004, 0.3, 1e-9)).toBe(true);
    expect(eq(1000.0001, 1000, 1e-6)).toBe(true);
    expect(eq(1000.01, 1000, 1e-6)).toBe(false);
    expect(eq(1e-7, 0, 1e-6)).toBe(true);
    expect(eq({ a: [0.1 + 0.2] }, [0.3], 1e-9)).toBe(true);
  });

  it('ignores object key order, treats undefined properties as absent, and reports the first difference', () => {
    expect(eq({ o: { b: 2, a: 1 } }, { a: 1, b: 2 })).toBe(true);
    expect(eq({ o: { a: 1, c: { u: 1 } } }, { a: 1 })).toBe(true);
    expect(eq({ o: { a: 1 } }, { a: 1, b: null })).toBe(false);
    expect(compareValue({ o: { a: 1, extra: 2 } }, { a: 1 }).reason).toBe('unexpected key "extra"');
    expect(compareValue({ o: { a: { a: [1, 2, 4] } } }, { a: [1, 2, 3] }).reason).toBe('expected 3, got 4 at .a[2]');
    expect(compareValue({ a: [1] }, [1, 2]).reason).toBe('expected an array of 2, got one of 1');
  });

  it('keeps arrays and objects apart, and holes are not null', () => {
    expect(eq({ a: [] }, {})).toBe(false);
    expect(eq({ o: {} }, [])).toBe(false);
    expect(eq({ o: { 0: 1 } }, [1])).toBe(false);
    expect(eq({ a: [{ u: 1 }] }, [null])).toBe(false);
  });

  it('never matches values that are not JSON, or values over the size budget', () => {
    expect(compareValue({ x: 'a function' }, null)).toEqual({ equal: false, reason: 'a function is not a JSON value' });
    expect(eq({ a: [{ x: 'a Map' }] }, [{}])).toBe(false);
    expect(eq({ big: 'a string of 9999999 characters' }, 'x')).toBe(false);
  });

  it('handles "__proto__" as an ordinary key', () => {
    const enc = JSON.parse('{"o":{"__proto__":{"o":{"x":1}}}}') as Encoded;
    const expected = JSON.parse('{"__proto__":{"x":1}}') as unknown;
    expect(eq(enc, expected)).toBe(true);
    expect(eq(enc, {})).toBe(false);
  });
});

describe('previews of returned values', () => {
  it('writes values as JavaScript-like text', () => {
    expect(preview({ o: { a: { a: [1, 'x', null, { u: 1 }, { n: 'NaN' }] }, 'b-c': true } })).toBe(
      '{a: [1, "x", null, undefined, NaN], "b-c": true}',
    );
    expect(preview({ x: 'a Map' })).toBe('<a Map>');
  });

  it('truncates long strings and large structures', () => {
    const s = preview('x'.repeat(5000), 100);
    expect(s.startsWith(`"${'x'.repeat(100)}"…`)).toBe(true);
    expect(s.endsWith('(5000 characters)')).toBe(true);
    const big = preview({ a: Array.from({ length: 10_000 }, (_, i) => i) }, 200);
    expect(big.length).toBeLessThan(240);
    expect(big.endsWith('… (truncated)')).toBe(true);
  });
});
