/** Small SQL helpers shared by this context's repositories. */

/** Escapes `%`, `_` and `\` so user text matches literally inside a LIKE pattern. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `%text%` for a case-insensitive substring search, or undefined for no search. */
export const containsPattern = (text: string | undefined) => (text ? `%${escapeLike(text)}%` : undefined);

/** Rows of a raw `db.execute`: node-postgres and PGlite both answer `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  const r = result as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

/** A timestamp from a raw row (Date from both drivers, string defensively) as ISO-8601. */
export function isoOf(v: unknown): string | null {
  if (v == null) return null;
  return (v instanceof Date ? v : new Date(v as string)).toISOString();
}
