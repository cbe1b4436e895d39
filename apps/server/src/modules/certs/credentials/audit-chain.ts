/**
 * A hash-chained audit trail (issue 7 §7, ADR 0015): each record stores the hash of the one before
 * it and its own hash = SHA-256(prevHash ‖ canonical JSON of its entry). Changing a field, deleting a
 * record or reordering records breaks the chain at the first affected record; `verifyChain` names it.
 * Truncating the newest records is only visible against a head hash kept elsewhere (`expectedHead`).
 *
 * Canonical JSON follows RFC 8785 (JCS) for the JSON values an entry holds: object members sorted by
 * their UTF-16 code units, no whitespace, ECMAScript number and string serialisation.
 */
import { createHash } from 'node:crypto';

/** `prevHash` of the first record: SHA-256 of a fixed label (hex). */
export const GENESIS_HASH = createHash('sha256').update('xueli.audit-chain.genesis.v1', 'utf8').digest('hex');

/** RFC 8785 canonical JSON. Throws on values JSON cannot represent exactly (NaN, Infinity, bigint, functions, Map/Set). */
export function canonicalJson(value: unknown): string {
  return serialise(value, 'entry');
}

function serialise(value: unknown, at: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${at}: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      const withJson = value as { toJSON?: () => unknown };
      if (typeof withJson.toJSON === 'function') return serialise(withJson.toJSON(), at);
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => (v === undefined ? 'null' : serialise(v, `${at}[${i}]`))).join(',')}]`;
      }
      if (value instanceof Map || value instanceof Set) throw new TypeError(`${at}: a Map or Set has no JSON form`);
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${serialise(v, `${at}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`${at}: a ${typeof value} has no JSON form`);
  }
}

/** SHA-256 (hex) over `prevHash` followed by the canonical JSON of `entry`. */
export function chainHash(prevHash: string, entry: unknown): string {
  return createHash('sha256').update(prevHash, 'utf8').update(canonicalJson(entry), 'utf8').digest('hex');
}

/** One stored record of the chain: the caller's entry plus the two hashes. */
export interface ChainRecord<E = unknown> {
  /** The record's id in storage, reported when the chain breaks there. */
  id?: string | number;
  entry: E;
  prevHash: string;
  hash: string;
}

/** The record that follows `previous` (null: the first record). */
export function appendToChain<E>(
  previous: Pick<ChainRecord, 'hash'> | null,
  entry: E,
  id?: string | number,
): ChainRecord<E> {
  const prevHash = previous?.hash ?? GENESIS_HASH;
  return { ...(id === undefined ? {} : { id }), entry, prevHash, hash: chainHash(prevHash, entry) };
}

export interface ChainBreak {
  /** Position (0-based) of the first record that does not verify; `records.length` for truncation. */
  index: number;
  id: string | number | null;
  /**
   * `changed`: the record's contents (or its stored hash) differ from what was hashed;
   * `unlinked`: it does not follow the record before it (one was deleted, inserted or reordered);
   * `truncated`: the chain ends before the expected head.
   */
  kind: 'changed' | 'unlinked' | 'truncated';
  message: { en: string; zh: string };
}

/**
 * Walks the chain in stored order and returns the first broken link, or null when it verifies.
 * `expectedHead`: a head hash recorded elsewhere earlier (e.g. printed by the CLI); the chain must
 * still contain it, which detects truncation (records appended since then are fine).
 */
export function verifyChain(
  records: readonly ChainRecord[],
  o: { genesis?: string; expectedHead?: string } = {},
): ChainBreak | null {
  let expectedPrev = o.genesis ?? GENESIS_HASH;
  for (let index = 0; index < records.length; index++) {
    const rec = records[index]!;
    const id = rec.id ?? null;
    const where = id === null ? `#${index}` : `#${index} (id ${id})`;
    if (rec.prevHash !== expectedPrev) {
      return {
        index,
        id,
        kind: 'unlinked',
        message: {
          en: `Record ${where} does not follow the record before it: a record was deleted, inserted or moved here.`,
          zh: `记录 ${where} 与前一条记录不衔接：此处有记录被删除、插入或调换了顺序。`,
        },
      };
    }
    let actual: string;
    try {
      actual = chainHash(rec.prevHash, rec.entry);
    } catch {
      actual = '';
    }
    if (actual !== rec.hash) {
      return {
        index,
        id,
        kind: 'changed',
        message: { en: `Record ${where} was changed after it was written.`, zh: `记录 ${where} 在写入后被修改过。` },
      };
    }
    expectedPrev = rec.hash;
  }
  const head = o.expectedHead;
  if (head !== undefined && head !== (o.genesis ?? GENESIS_HASH) && !records.some((rec) => rec.hash === head)) {
    const index = records.length;
    return {
      index,
      id: null,
      kind: 'truncated',
      message: {
        en: `The chain ends after ${index} record(s) without reaching the expected head: records were removed from its end.`,
        zh: `链在 ${index} 条记录后结束，未到达预期的链头：末尾的记录被删除了。`,
      },
    };
  }
  return null;
}
