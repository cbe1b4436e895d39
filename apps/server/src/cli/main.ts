/**
 * `xueli` — operations from the command line, on the same code paths as the server.
 * Commands that open the embedded database refuse while a server holds it (db/lock.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { backupTo, restoreFrom, RestoreError } from '../db/backup.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { DataDirLockedError, lockDataDir } from '../db/lock.ts';
import type { Deps } from '../deps.ts';
import { localFileStore } from '../lib/file-store.ts';
import { DomainError } from '../lib/errors.ts';
import { waitForJobs } from '../lib/jobs.ts';
import { registerCertCommands } from './certs.ts';
import { registerIrtCommands } from './irt.ts';
import { registerItemCommands } from './items.ts';
import { registerKbCommands } from './kb.ts';
import { registerKtCommands } from './kt.ts';
import { registerPathsCommands } from './paths.ts';
import { registerRecsysCommands } from './recsys.ts';
import { registerRetrievalCommands } from './retrieval.ts';
import { userCreator } from '../modules/auth/service.ts';
import { employeeImporter } from '../modules/org/service.ts';
import { DEMO_ACCOUNTS, isDatabaseEmpty, seedDemo } from '../seed/demo.ts';
import { newPassword } from '@xueli/contracts';

/** Opens config + database (migrated) for one command and always closes them. */
async function withDeps<T>(fn: (deps: Deps, database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const release = config.database.kind === 'pglite' ? lockDataDir(config.dataDir, 'xueli CLI') : () => undefined;
  const database = await openDatabase(config.database);
  try {
    await database.migrate();
    return await fn({ db: database.db, config, files: localFileStore(config.uploadsDir) }, database, config);
  } finally {
    await database.close();
    release();
  }
}

const out = (s: string): void => void process.stdout.write(s + '\n');

export function buildCli(): Command {
  const program = new Command('xueli')
    .description('Xueli (学力) — enterprise training and certification platform. Uses DATABASE_URL or the embedded database under XUELI_DATA_DIR (default ./data).')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(() => withDeps(async () => out('Database is up to date.')));

  program
    .command('seed-demo')
    .description('seed the demo organisation 示例银行 / Demo Bank into an empty database')
    .action(() =>
      withDeps(async (deps) => {
        if (!(await isDatabaseEmpty(deps.db))) {
          out('The database already has data; the demo organisation is only seeded into an empty database.');
          process.exitCode = 1;
          return;
        }
        await seedDemo(deps);
        await waitForJobs(); // the first model fit, started by the seed
        out(`Demo organisation seeded. Accounts: ${DEMO_ACCOUNTS.users.map((u) => u.username).join(', ')} (password ${DEMO_ACCOUNTS.password}).`);
      }),
    );

  program
    .command('create-admin')
    .description('create an administrator account')
    .requiredOption('-u, --username <name>', 'login name')
    .requiredOption('-p, --password <password>', 'at least 10 characters with a letter and a digit')
    .option('-n, --name <display name>', 'display name', 'Administrator')
    .action((o: { username: string; password: string; name: string }) =>
      withDeps(async (deps) => {
        const pw = newPassword.safeParse(o.password);
        if (!pw.success) throw new DomainError('validation', `Password ${pw.error.issues.map((i) => i.message).join(', ')}`);
        const u = await userCreator(deps, { actorUserId: null }, { username: o.username, displayName: o.name, password: o.password, roles: ['admin'] });
        out(`Administrator ${u.username} created (id ${u.id}).`);
      }),
    );

  program
    .command('import-employees')
    .description('import employees from an HR CSV export (UTF-8 or GBK, Chinese or English headers)')
    .argument('<file>', 'CSV file')
    .option('--dry-run', 'validate and report only; write nothing', false)
    .action((file: string, o: { dryRun: boolean }) =>
      withDeps(async (deps) => {
        if (!fs.existsSync(file)) throw new DomainError('validation', `File not found: ${file}`);
        try {
          const r = await employeeImporter(deps, { actorUserId: null }, { bytes: fs.readFileSync(file), dryRun: o.dryRun });
          out(`${path.basename(file)}: ${r.totalRows} rows — ${r.toCreate} to create, ${r.toUpdate} to update, ${r.unchanged} unchanged.`);
          for (const e of r.errors) out(`  line ${e.line}${e.field ? ` [${e.field}]` : ''}: ${e.message}`);
          if (r.errors.length) {
            out(`${r.errors.length} problem(s); nothing was written.`);
            process.exitCode = 1;
          } else out(o.dryRun ? 'Dry run: the file is valid; nothing was written.' : 'Imported.');
        } catch (e) {
          if (e instanceof DomainError && Array.isArray(e.details.errors)) {
            for (const x of e.details.errors as { line: number; field?: string; message: string }[]) {
              out(`  line ${x.line}${x.field ? ` [${x.field}]` : ''}: ${x.message}`);
            }
          }
          throw e;
        }
      }),
    );

  program
    .command('backup')
    .description('write a logical backup (database rows and uploaded files) to a .jsonl.gz file')
    .option('-o, --out <file>', 'output file (default: <data dir>/backups/xueli-<timestamp>.jsonl.gz)')
    .action((o: { out?: string }) =>
      withDeps(async (deps, _db, config) => {
        const file = o.out ?? path.join(config.dataDir, 'backups', `xueli-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl.gz`);
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        const s = await backupTo(deps.db, config.uploadsDir, file);
        out(`Backup written to ${file}: ${Object.entries(s.tables).map(([t, n]) => `${t} ${n}`).join(', ')}; ${s.files} file(s).`);
      }),
    );

  program
    .command('restore')
    .description('restore a backup into an empty database (run on a fresh data directory or database)')
    .argument('<file>', 'backup file written by `xueli backup`')
    .action((file: string) =>
      withDeps(async (deps, _db, config) => {
        if (!fs.existsSync(file)) throw new RestoreError(`File not found: ${file}`);
        const s = await restoreFrom(deps.db, config.uploadsDir, file);
        out(`Restored ${Object.values(s.tables).reduce((a, b) => a + b, 0)} rows and ${s.files} file(s) from ${file}.`);
      }),
    );

  registerKtCommands(program);
  registerIrtCommands(program);
  registerPathsCommands(program);
  registerRecsysCommands(program);
  registerRetrievalCommands(program);
  registerItemCommands(program, withDeps);
  registerCertCommands(program, withDeps);
  registerKbCommands(program, withDeps);
  return program;
}

/** Runs the CLI; user errors print one readable line and exit 1 (2 for usage and configuration). */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof ConfigError || e instanceof DataDirLockedError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof DomainError || e instanceof RestoreError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
