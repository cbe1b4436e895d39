/**
 * Named prepared statements for hand-written SQL. On PostgreSQL a named statement is parsed and
 * planned once per pooled connection and then only executed, which saves more than half the
 * time of a hot, cheap query (measured on the team view: 1.5 → 0.85 ms per call). The name
 * carries a hash of the SQL text, so one call site may build several shapes of a query
 * (filters on or off) and each gets its own statement; values are always bound parameters.
 * PGlite has a single in-process session and runs them as ordinary queries.
 */
import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

const dialect = new PgDialect();
/** Statement names by SQL text (a handful of shapes per call site). */
const names = new Map<string, string>();

/** Runs `query` as a named prepared statement (`prefix` + hash of its text); returns its rows. */
export async function executeNamed<T>(db: Db, prefix: string, query: SQL): Promise<T[]> {
  const compiled = dialect.sqlToQuery(query);
  let name = names.get(compiled.sql);
  if (!name) {
    name = `${prefix}_${createHash('sha1').update(compiled.sql).digest('hex').slice(0, 12)}`;
    if (names.size > 1000) names.clear();
    names.set(compiled.sql, name);
  }
  const result: unknown = await db._.session.prepareQuery(compiled, undefined, name, false).execute();
  const r = result as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}
