/**
 * Logical backup and restore that work the same on PGlite and PostgreSQL: every table's rows
 * as JSON (row_to_json / json_populate_recordset, so types round-trip exactly), plus the
 * uploaded files, in one gzip'd JSON-lines file. Sessions are not backed up (users log in again).
 *
 * Format, one JSON value per line:
 *   {"format":"xueli-backup","version":1,"createdAt":…,"tables":[…]}
 *   {"table":"departments","rows":[…]}            (batches of up to 2000 rows)
 *   {"file":"<storage key>","base64":"…"}         (uploaded files)
 */
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/** Tables in foreign-key order; self references are restored in a second pass. */
export const BACKUP_TABLES = [
  'departments',
  'positions',
  'employees',
  'users',
  'user_roles',
  'api_tokens',
  'audit_log',
  'files',
  'courses',
  'course_modules',
  'resources',
  'enrollments',
  'module_progress',
  'training_records',
  'frameworks',
  'knowledge_points',
  'kp_prerequisites',
  'position_targets',
  'employee_targets',
  'evidence_items',
  'evidence',
  'kt_models',
  'mastery',
  'kt_learner_states',
  'jobs',
  'items',
  'item_kps',
  'item_versions',
  'exams',
  'exam_items',
  'exam_attempts',
  'attempt_responses',
  'ai_calls',
  'module_kps',
  'curated_paths',
  'learning_goals',
  'path_preferences',
  'module_gain_observations',
  'learning_plans',
  'recommendation_events',
  'ai_settings',
  'kb_collections',
  'kb_collection_access',
  'kb_documents',
  'kb_chunks',
  'tutor_questions',
  'generation_drafts',
  'cert_signing_keys',
  'cert_programmes',
  'cert_levels',
  'certificates',
  'cert_audit_chain',
  'cert_applications',
  'cert_application_events',
  'cert_assessments',
  'cert_interviews',
  'notifications',
] as const;

/** Tables a backup leaves out on purpose: sessions end, derived tables are rebuilt after a restore. */
export const NOT_BACKED_UP = ['sessions', 'employee_learning_stats', 'team_members'] as const;

const SELF_REFS: Record<string, string[]> = {
  departments: ['parent_id'],
  employees: ['manager_id'],
  frameworks: ['previous_version_id'],
  knowledge_points: ['parent_id', 'origin_id'],
};
const BATCH = 2000;

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] => (result as { rows: Row[] }).rows;

export interface BackupSummary {
  tables: Record<string, number>;
  files: number;
}

/** Writes a backup of `db` (and the files under `uploadsDir`) to `outFile`. */
export async function backupTo(db: Db, uploadsDir: string, outFile: string): Promise<BackupSummary> {
  const gzip = createGzip();
  const out = fs.createWriteStream(outFile);
  gzip.pipe(out);
  const write = (v: unknown) =>
    new Promise<void>((resolve) => {
      if (gzip.write(JSON.stringify(v) + '\n')) resolve();
      else gzip.once('drain', resolve);
    });
  await write({ format: 'xueli-backup', version: 1, createdAt: new Date().toISOString(), tables: BACKUP_TABLES });
  const summary: BackupSummary = { tables: {}, files: 0 };
  for (const table of BACKUP_TABLES) {
    let offset = 0;
    summary.tables[table] = 0;
    for (;;) {
      const rows = rowsOf(
        await db.execute(sql.raw(`select row_to_json(t) as r from ${table} t order by t.ctid limit ${BATCH} offset ${offset}`)),
      ).map((x) => x.r);
      if (rows.length === 0) break;
      await write({ table, rows });
      summary.tables[table] += rows.length;
      offset += rows.length;
    }
  }
  const keys = rowsOf(await db.execute(sql`select storage_key from files`)).map((r) => String(r.storage_key));
  for (const key of keys) {
    const file = path.join(uploadsDir, key.slice(0, 2), key);
    if (!fs.existsSync(file)) continue;
    await write({ file: key, base64: fs.readFileSync(file).toString('base64') });
    summary.files += 1;
  }
  await new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.end();
  });
  return summary;
}

export class RestoreError extends Error {}

/**
 * Restores a backup into a migrated, EMPTY database in one transaction; files go back under
 * `uploadsDir`. Refuses a non-empty database rather than merging.
 */
export async function restoreFrom(db: Db, uploadsDir: string, inFile: string): Promise<BackupSummary> {
  const [{ n } = { n: 0 }] = rowsOf(await db.execute(sql`select count(*)::int as n from users`)) as { n: number }[];
  if (n > 0) throw new RestoreError('The target database is not empty; restore needs a freshly migrated database.');
  const lines = createInterface({ input: fs.createReadStream(inFile).pipe(createGunzip()), crlfDelay: Infinity });
  const summary: BackupSummary = { tables: {}, files: 0 };
  const deferred: { table: string; column: string; rows: Row[] }[] = [];
  const files: { key: string; bytes: Buffer }[] = [];
  let header = false;
  await db.transaction(async (tx) => {
    for await (const line of lines) {
      if (!line.trim()) continue;
      const item = JSON.parse(line) as Row;
      if (!header) {
        if (item.format !== 'xueli-backup' || item.version !== 1) throw new RestoreError(`${inFile} is not a Xueli backup (version 1).`);
        header = true;
        continue;
      }
      if (typeof item.file === 'string') {
        files.push({ key: item.file, bytes: Buffer.from(String(item.base64), 'base64') });
        continue;
      }
      const table = String(item.table);
      if (!(BACKUP_TABLES as readonly string[]).includes(table)) throw new RestoreError(`Unknown table ${table} in backup.`);
      let rows = item.rows as Row[];
      for (const column of SELF_REFS[table] ?? []) {
        deferred.push({ table, column, rows: rows.filter((r) => r[column] != null) });
        rows = rows.map((r) => ({ ...r, [column]: null }));
      }
      await tx.execute(
        sql`insert into ${sql.raw(table)} overriding system value select * from json_populate_recordset(null::${sql.raw(table)}, ${JSON.stringify(rows)}::json)`,
      );
      summary.tables[table] = (summary.tables[table] ?? 0) + rows.length;
    }
    if (!header) throw new RestoreError(`${inFile} is empty.`);
    for (const d of deferred) {
      const pairs = d.rows.map((r) => ({ id: r.id, ref: r[d.column] }));
      if (pairs.length === 0) continue;
      await tx.execute(
        sql`update ${sql.raw(d.table)} t set ${sql.raw(d.column)} = p.ref from json_to_recordset(${JSON.stringify(pairs)}::json) as p(id int, ref int) where t.id = p.id`,
      );
    }
    for (const table of BACKUP_TABLES) {
      const hasId = rowsOf(
        await tx.execute(sql`select 1 from information_schema.columns where table_name = ${table} and column_name = 'id' and is_identity = 'YES'`),
      ).length;
      if (hasId) {
        await tx.execute(
          sql.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`),
        );
      }
    }
  });
  for (const f of files) {
    const dir = path.join(uploadsDir, f.key.slice(0, 2));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, f.key), f.bytes);
    summary.files += 1;
  }
  return summary;
}
