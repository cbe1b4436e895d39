import { describe, expect, it } from 'vitest';
import enUS from './en-US.json';
import zhCN from './zh-CN.json';

/** `a.b.c` → value, for every leaf; a non-string leaf is kept as-is so the test can flag it. */
function leaves(tree: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(tree)) {
    if (v !== null && typeof v === 'object')
      for (const [kk, vv] of leaves(v as object, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, v);
  }
  return out;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('UI string files', () => {
  const zh = leaves(zhCN);
  const en = leaves(enUS);

  it('have exactly the same keys in zh-CN and en-US', () => {
    expect([...zh.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !zh.has(k))).toEqual([]);
  });

  it('contain no empty or non-string values', () => {
    for (const [file, map] of [
      ['zh-CN', zh],
      ['en-US', en],
    ] as const) {
      const bad = [...map].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => `${file}:${k}`);
      expect(bad).toEqual([]);
    }
  });

  it('use the same interpolation placeholders in both languages', () => {
    const differ = [...zh].filter(
      ([k, v]) => JSON.stringify(placeholders(text(v))) !== JSON.stringify(placeholders(text(en.get(k)))),
    );
    expect(differ.map(([k]) => k)).toEqual([]);
  });
});
