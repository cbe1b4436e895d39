import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendToChain, canonicalJson, chainHash, GENESIS_HASH, verifyChain, type ChainRecord } from './audit-chain.ts';

interface Decision {
  at: string;
  actor: number;
  action: string;
  applicationId: number;
  reason?: string;
}

function chain(n: number): ChainRecord<Decision>[] {
  const out: ChainRecord<Decision>[] = [];
  const actions = ['apply', 'review.approve', 'exam.pass', 'evaluate.pass', 'issue', 'revoke'];
  for (let i = 0; i < n; i++) {
    const entry: Decision = {
      at: `2026-03-0${1 + (i % 9)}T08:00:00Z`,
      actor: 10 + i,
      action: actions[i % actions.length]!,
      applicationId: 7,
      reason: `第 ${i} 步`,
    };
    out.push(appendToChain(out.at(-1) ?? null, entry, 100 + i));
  }
  return out;
}

describe('canonical JSON (RFC 8785 semantics)', () => {
  it('sorts members, drops whitespace, keeps arrays in order and serialises numbers and strings like JSON', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: true, c: null }], é: 'x', A: 'y' })).toBe(
      '{"A":"y","a":[3,{"c":null,"d":true}],"b":1,"é":"x"}',
    );
    expect(canonicalJson({ n: 1e21, m: 0.1, z: -0, s: '引号"\n\u2028' })).toBe(
      '{"m":0.1,"n":1e+21,"s":"引号\\"\\n\u2028","z":0}',
    );
    expect(canonicalJson({ skip: undefined, arr: [undefined], d: new Date('2026-01-01T00:00:00Z') })).toBe(
      '{"arr":[null],"d":"2026-01-01T00:00:00.000Z"}',
    );
    // RFC 8785 §3.2.3: members sorted by UTF-16 code units.
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3, '\u0080': 4, '1': 5 })).toBe(
      '{"\\r":2,"1":5,"\u0080":4,"\u20ac":1,"\ud83d\ude00":3}',
    );
    expect(canonicalJson({ b: { y: 1, x: 2 }, a: 0 })).toBe(canonicalJson({ a: 0, b: { x: 2, y: 1 } }));
    for (const bad of [NaN, Infinity, 1n, () => 1, new Map(), Symbol('s')])
      expect(() => canonicalJson({ v: bad })).toThrow(TypeError);
  });

  it('hashes SHA-256 over prevHash followed by the canonical entry', () => {
    const entry = { b: 2, a: 1 };
    expect(chainHash(GENESIS_HASH, entry)).toBe(
      createHash('sha256').update(`${GENESIS_HASH}{"a":1,"b":2}`).digest('hex'),
    );
    expect(GENESIS_HASH).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain (and an empty one)', () => {
    const records = chain(8);
    expect(records[0]!.prevHash).toBe(GENESIS_HASH);
    expect(records[3]!.prevHash).toBe(records[2]!.hash);
    expect(verifyChain(records)).toBeNull();
    expect(verifyChain([])).toBeNull();
    // Stored rows come back with members in another order: same hash.
    const reread = records.map((r) => ({ ...r, entry: Object.fromEntries(Object.entries(r.entry).reverse()) }));
    expect(verifyChain(reread)).toBeNull();
  });

  it('reports a changed field at that record', () => {
    const records = chain(8);
    records[5] = { ...records[5]!, entry: { ...records[5]!.entry, action: 'review.reject' } };
    expect(verifyChain(records)).toMatchObject({ index: 5, id: 105, kind: 'changed' });
    const typeOnly = chain(8);
    typeOnly[2] = { ...typeOnly[2]!, entry: { ...typeOnly[2]!.entry, actor: '12' as unknown as number } };
    expect(verifyChain(typeOnly)).toMatchObject({ index: 2, kind: 'changed' });
    const added = chain(8);
    added[1] = { ...added[1]!, entry: { ...added[1]!.entry, extra: 'x' } as Decision };
    expect(verifyChain(added)).toMatchObject({ index: 1, kind: 'changed' });
  });

  it('reports a rewritten record whose own hash was recomputed at the next record', () => {
    const records = chain(8);
    const entry = { ...records[3]!.entry, reason: 'rewritten' };
    records[3] = { ...records[3]!, entry, hash: chainHash(records[3]!.prevHash, entry) };
    const broken = verifyChain(records)!;
    expect(broken).toMatchObject({ index: 4, id: 104, kind: 'unlinked' });
    expect(broken.message.en).toMatch(/does not follow the record before it/);
    expect(broken.message.zh).toMatch(/不衔接/);
  });

  it('reports a deleted entry at the record after the gap (also the first record)', () => {
    const records = chain(8);
    records.splice(4, 1);
    expect(verifyChain(records)).toMatchObject({ index: 4, id: 105, kind: 'unlinked' });
    const first = chain(8).slice(1);
    expect(verifyChain(first)).toMatchObject({ index: 0, id: 101, kind: 'unlinked' });
  });

  it('reports reordered entries at the first out-of-place record', () => {
    const records = chain(8);
    [records[2], records[3]] = [records[3]!, records[2]!];
    expect(verifyChain(records)).toMatchObject({ index: 2, id: 103, kind: 'unlinked' });
    const last = chain(8);
    [last[6], last[7]] = [last[7]!, last[6]!];
    expect(verifyChain(last)).toMatchObject({ index: 6, id: 107 });
  });

  it('detects truncation only against a head hash recorded elsewhere', () => {
    const records = chain(8);
    const head = records.at(-1)!.hash;
    const truncated = records.slice(0, 6);
    expect(verifyChain(truncated)).toBeNull();
    expect(verifyChain(truncated, { expectedHead: head })).toMatchObject({ index: 6, id: null, kind: 'truncated' });
    const grown = [
      ...records,
      appendToChain(records.at(-1)!, { at: '2026-04-01T00:00:00Z', actor: 1, action: 'renew', applicationId: 7 }, 108),
    ];
    expect(verifyChain(grown, { expectedHead: head })).toBeNull();
    expect(verifyChain([], { expectedHead: GENESIS_HASH })).toBeNull();
  });

  it('treats an entry that cannot be serialised as changed instead of throwing', () => {
    const records = chain(3);
    records[1] = { ...records[1]!, entry: { ...records[1]!.entry, actor: NaN } };
    expect(verifyChain(records)).toMatchObject({ index: 1, kind: 'changed' });
  });
});
