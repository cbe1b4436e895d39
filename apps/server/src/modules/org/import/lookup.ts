/**
 * Resolving department and position cells. HR files name them by code or by name; a code
 * wins over a name, an exact match over a case-insensitive one, and a name shared by two
 * departments is ambiguous rather than guessed.
 */

export interface NamedRef {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
}

export type Resolution = { id: number } | { error: 'unknown' } | { error: 'ambiguous'; codes: string[] };

/** An index over departments or positions answering "which one does this cell mean". */
export class RefIndex {
  private readonly byKey = new Map<string, NamedRef[]>();

  constructor(refs: readonly NamedRef[]) {
    // Keys in priority order; the first tier with a match decides.
    for (const r of refs) {
      this.add(`c:${r.code}`, r);
      this.add(`ci:${r.code.toLowerCase()}`, r);
      this.add(`n:${r.name}`, r);
      this.add(`n:${r.name.toLowerCase()}`, r);
      if (r.nameEn) this.add(`n:${r.nameEn.toLowerCase()}`, r);
    }
  }

  private add(key: string, r: NamedRef) {
    const list = this.byKey.get(key);
    if (!list) this.byKey.set(key, [r]);
    else if (!list.includes(r)) list.push(r);
  }

  resolve(cell: string): Resolution {
    for (const key of [`c:${cell}`, `ci:${cell.toLowerCase()}`, `n:${cell}`, `n:${cell.toLowerCase()}`]) {
      const hits = this.byKey.get(key);
      if (!hits) continue;
      if (hits.length === 1) return { id: hits[0]!.id };
      return { error: 'ambiguous', codes: hits.map((h) => h.code).sort() };
    }
    return { error: 'unknown' };
  }
}
