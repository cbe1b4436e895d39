/**
 * Comparing a guest's return value with a test case's expected value (ADR 0007). The guest
 * encodes what it returned (prelude.ts) into a tagged JSON tree that keeps what JSON loses
 * (undefined, NaN, ±Infinity, -0, values that are not JSON at all); the expected value is the
 * JSON stored in the item's key. The rules:
 *
 * - null, booleans and strings are equal only to themselves; undefined only to an omitted
 *   `expected` — never to null.
 * - Numbers are equal when `===` (so -0 equals 0: JSON cannot tell them apart), or within the
 *   key's `tolerance` (|a − e| ≤ tolerance × max(1, |e|)) when it has one. NaN and ±Infinity
 *   never match (JSON cannot express them).
 * - Arrays: same length, element by element; a hole is undefined.
 * - Objects: the same own enumerable keys in any order, values equal; a property whose value is
 *   undefined counts as absent (as in JSON). Class instances compare by their own properties.
 * - Functions, symbols, bigints, Map, Set, Date, RegExp, typed arrays, promises and cyclic
 *   structures are not JSON values and match nothing.
 */

/** A guest value as prelude.ts encodes it. */
export type Encoded =
  | null
  | boolean
  | number
  | string
  | { a: Encoded[] }
  | { o: Record<string, Encoded> }
  /** undefined */
  | { u: 1 }
  /** a number JSON cannot express */
  | { n: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  /** a value that is not JSON, described */
  | { x: string }
  /** a value over the size budget: a description and the start of it */
  | { big: string };

export interface Comparison {
  equal: boolean;
  /** Where and how they differ (for the item's authors). */
  reason?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function numbersEqual(a: number, e: number, tolerance: number | undefined): boolean {
  if (a === e) return true;
  if (!tolerance || !Number.isFinite(a) || !Number.isFinite(e)) return false;
  return Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e));
}

const pathText = (path: string) => (path ? ` at ${path}` : '');
const keyPath = (path: string, k: string) =>
  /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;

/** Deep equality of an encoded guest value and an expected JSON value, with the first difference. */
export function compareValue(actual: Encoded, expected: unknown, tolerance?: number): Comparison {
  const reason = diff(actual, expected, tolerance, '', 0);
  return reason === null ? { equal: true } : { equal: false, reason };
}

function diff(a: Encoded, e: unknown, tol: number | undefined, path: string, depth: number): string | null {
  const differs = () => `expected ${previewJson(e, 80)}, got ${preview(a, 80)}${pathText(path)}`;
  if (depth > 1000) return `the value is nested too deeply to compare${pathText(path)}`;
  if (isObj(a) && has(a, 'big')) return `the value is too large to compare${pathText(path)}`;
  if (isObj(a) && has(a, 'x')) return `${(a as { x: string }).x} is not a JSON value${pathText(path)}`;
  if (e === undefined) return isObj(a) && has(a, 'u') ? null : differs();
  if (e === null || typeof e === 'boolean' || typeof e === 'string') return a === e ? null : differs();
  if (typeof e === 'number') {
    if (typeof a === 'number') return numbersEqual(a, e, tol) ? null : differs();
    if (isObj(a) && has(a, 'n') && (a as { n: string }).n === '-0') return numbersEqual(0, e, tol) ? null : differs();
    return differs();
  }
  if (Array.isArray(e)) {
    if (!isObj(a) || !has(a, 'a')) return differs();
    const items = (a as { a: Encoded[] }).a;
    if (items.length !== e.length)
      return `expected an array of ${e.length}, got one of ${items.length}${pathText(path)}`;
    for (let i = 0; i < e.length; i++) {
      const r = diff(items[i]!, e[i], tol, `${path}[${i}]`, depth + 1);
      if (r !== null) return r;
    }
    return null;
  }
  if (isObj(e)) {
    if (!isObj(a) || !has(a, 'o')) return differs();
    const obj = (a as { o: Record<string, Encoded> }).o;
    const present = Object.keys(obj).filter((k) => !(isObj(obj[k]) && has(obj[k], 'u')));
    const missing = Object.keys(e).filter((k) => !present.includes(k));
    if (missing.length) return `missing key ${JSON.stringify(missing[0])}${pathText(path)}`;
    const extra = present.filter((k) => !has(e, k));
    if (extra.length) return `unexpected key ${JSON.stringify(extra[0])}${pathText(path)}`;
    for (const k of Object.keys(e)) {
      const r = diff(obj[k]!, e[k], tol, keyPath(path, k), depth + 1);
      if (r !== null) return r;
    }
    return null;
  }
  return differs();
}

/** An encoded guest value as JavaScript-like text, cut at `max` characters. */
export function preview(v: Encoded, max = 1000): string {
  if (typeof v === 'string' && v.length > max) return `${JSON.stringify(v.slice(0, max))}… (${v.length} characters)`;
  const out = new Text(max);
  render(v, out, 0);
  return out.done();
}

/** A JSON value (an expected value) as text, cut at `max` characters. */
export function previewJson(v: unknown, max = 1000): string {
  if (v === undefined) return 'undefined';
  const s = JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s;
}

/** Appends until `max` characters, then marks the text truncated. */
class Text {
  private parts: string[] = [];
  private length = 0;
  private truncated = false;
  constructor(readonly max: number) {}
  get full() {
    return this.length >= this.max;
  }
  add(s: string) {
    const room = this.max - this.length;
    if (s.length > room) this.truncated = true;
    if (room <= 0) return;
    const part = s.length > room ? s.slice(0, room) : s;
    this.parts.push(part);
    this.length += part.length;
  }
  done() {
    return this.parts.join('') + (this.truncated ? '… (truncated)' : '');
  }
}

function render(v: Encoded, out: Text, depth: number): void {
  if (out.full) return out.add('…');
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return out.add(String(v));
  // Long strings are cut before quoting (the text truncates them anyway).
  if (typeof v === 'string') return out.add(JSON.stringify(v.length > out.max ? v.slice(0, out.max) : v));
  if (has(v, 'u')) return out.add('undefined');
  if (has(v, 'n')) return out.add((v as { n: string }).n);
  if (has(v, 'x')) return out.add(`<${(v as { x: string }).x}>`);
  if (has(v, 'big')) return out.add((v as { big: string }).big);
  if (has(v, 'a')) {
    const items = (v as { a: Encoded[] }).a;
    out.add('[');
    for (let i = 0; i < items.length; i++) {
      if (out.full) return out.add('…');
      if (i) out.add(', ');
      render(items[i]!, out, depth + 1);
    }
    return out.add(']');
  }
  const obj = (v as { o: Record<string, Encoded> }).o;
  const keys = Object.keys(obj);
  out.add('{');
  for (let i = 0; i < keys.length; i++) {
    if (out.full) return out.add('…');
    const k = keys[i]!;
    if (i) out.add(', ');
    out.add(/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k));
    out.add(': ');
    render(obj[k]!, out, depth + 1);
  }
  out.add('}');
}
