import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCourse, makeDepartment, makeEmployee, makeUser } from '../../test/factories.ts';
import { testDatabase } from '../../test/harness.ts';
import { BACKUP_TABLES, backupTo, NOT_BACKED_UP, restoreFrom, RestoreError } from './backup.ts';
import type { Database } from './client.ts';
import { departments, employees, files, users } from './schema/index.ts';

let source: Database;
let target: Database;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-backup-'));

beforeAll(async () => {
  source = await testDatabase();
  target = await testDatabase();
});
afterAll(async () => {
  await source.close();
  await target.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('round-trips rows, self references, arrays and uploaded files into an empty database', async () => {
    const db = source.db;
    const child = await makeDepartment(db);
    const parent = await makeDepartment(db);
    // the child refers to a parent with a higher id: restore must not depend on id order
    await db.update(departments).set({ parentId: parent.id }).where(eq(departments.id, child.id));
    const boss = await makeEmployee(db, { departmentId: child.id });
    await makeEmployee(db, { managerId: boss.id });
    await db.update(employees).set({ managerId: (await makeEmployee(db)).id }).where(eq(employees.id, boss.id));
    await makeUser(db, { roles: ['admin', 'trainer'] });
    await makeCourse(db, { modules: 3 });
    const uploads = path.join(dir, 'uploads-src');
    fs.mkdirSync(path.join(uploads, 'ab'), { recursive: true });
    fs.writeFileSync(path.join(uploads, 'ab', 'abcdef.txt'), '你好, file');
    await db.insert(files).values({ storageKey: 'abcdef.txt', originalName: 'a.txt', mimeType: 'text/plain', sizeBytes: 12, sha256: 'x' });

    const file = path.join(dir, 'b.jsonl.gz');
    const summary = await backupTo(db, uploads, file);
    expect(summary.tables.employees).toBe(4);
    expect(summary.files).toBe(1);

    const restoredUploads = path.join(dir, 'uploads-dst');
    await restoreFrom(target.db, restoredUploads, file);
    const dump = async (d: Database, table: string) => {
      const result: unknown = await d.db.execute(sql.raw(`select row_to_json(t)::text as r from ${table} t order by 1`));
      return (result as { rows: { r: string }[] }).rows.map((x) => x.r);
    };
    // team_members is not in the backup: the triggers (ADR 0005) rebuild it during the restore.
    for (const table of ['departments', 'employees', 'users', 'user_roles', 'courses', 'course_modules', 'resources', 'team_members']) {
      expect(await dump(target, table), table).toEqual(await dump(source, table));
    }
    expect(fs.readFileSync(path.join(restoredUploads, 'ab', 'abcdef.txt'), 'utf8')).toBe('你好, file');
    // identity sequences continue after the restored ids
    const [u] = await target.db.insert(users).values({ username: 'after-restore', displayName: 'x', passwordHash: 'x' }).returning();
    const max = Math.max(...(await source.db.select({ id: users.id }).from(users)).map((r) => r.id));
    expect(u!.id).toBeGreaterThan(max);
  });

  it('covers every table of the schema: backed up, or left out on purpose', async () => {
    const result: unknown = await source.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    );
    const tables = (result as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
    const known = new Set<string>([...BACKUP_TABLES, ...NOT_BACKED_UP]);
    expect(tables.filter((t) => !known.has(t)), 'tables neither backed up nor listed in NOT_BACKED_UP').toEqual([]);
    expect([...known].filter((t) => !tables.includes(t)), 'listed tables that do not exist').toEqual([]);
  });

  it('refuses to restore into a database that has data', async () => {
    const file = path.join(dir, 'b.jsonl.gz');
    await expect(restoreFrom(source.db, path.join(dir, 'x'), file)).rejects.toBeInstanceOf(RestoreError);
  });
});
