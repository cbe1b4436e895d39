/**
 * `npm start`: validate configuration, open the database (PGlite under XUELI_DATA_DIR, or
 * PostgreSQL with DATABASE_URL), migrate, seed the demo organisation on first start, serve.
 * SIGINT/SIGTERM close the listener, finish in-flight requests and close the database.
 */
import { pino } from 'pino';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { DataDirLockedError, lockDataDir } from './db/lock.ts';
import { buildApp } from './http/app.ts';
import { SecretError, serverSecretFor } from './lib/secrets.ts';
import { localFileStore } from './lib/file-store.ts';
import { failInterruptedJobs } from './lib/jobs.ts';
import { expiredAttemptSweeper } from './modules/exams/attempts.service.ts';
import { deliverPendingEmails, expiryReminderSweep, retryFailedEmails } from './modules/certs/notifications.service.ts';
import { DEMO_ACCOUNTS, isDatabaseEmpty, seedDemo } from './seed/demo.ts';

async function main() {
  const started = Date.now();
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const release = config.database.kind === 'pglite' ? lockDataDir(config.dataDir, 'xueli server') : () => undefined;
  const database = await openDatabase(config.database);
  await database.migrate();
  const interrupted = await failInterruptedJobs(database.db);
  if (interrupted) log.warn(`${interrupted} background job(s) interrupted by the last stop were marked failed`);
  const deps = { db: database.db, config, files: localFileStore(config.uploadsDir) };
  // Load (or create) the secret that seals keys at rest now, so a missing one stops the start-up.
  serverSecretFor(config, (level, message) => log[level](message));
  let seeded = false;
  if (config.seedDemo && (await isDatabaseEmpty(deps.db))) {
    log.info('empty database: seeding the demo organisation (示例银行 / Demo Bank)…');
    await seedDemo(deps);
    seeded = true;
  }
  const app = await buildApp({ deps, database, logger: log });
  // Exams whose time ran out are finalised from their saved answers (reads also do it lazily).
  const sweep = setInterval(() => {
    expiredAttemptSweeper(deps).then(
      (n) => n && log.info({ attempts: n }, 'finalised attempts past their deadline'),
      (err: unknown) => log.error({ err }, 'deadline sweep failed'),
    );
  }, 30_000);
  sweep.unref();
  // Certification tracking (issue 7): expiry reminders at 90/30/7 days, and notification e-mails that
  // are pending or failed an hour ago, retried.
  const certSweep = async () => {
    const reminders = await expiryReminderSweep(deps);
    await retryFailedEmails(deps.db, new Date(Date.now() - 3_600_000));
    const mail = await deliverPendingEmails(deps);
    if (reminders || mail.sent || mail.failed) log.info({ reminders, ...mail }, 'certification reminders and e-mail');
  };
  const certTimer = setInterval(() => void certSweep().catch((err: unknown) => log.error({ err }, 'certification sweep failed')), 3_600_000);
  certTimer.unref();
  setTimeout(() => void certSweep().catch((err: unknown) => log.error({ err }, 'certification sweep failed')), 10_000).unref();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    clearInterval(sweep);
    clearInterval(certTimer);
    try {
      await app.close();
      await database.close();
    } finally {
      release();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  const db = config.database.kind === 'pglite' ? `PGlite at ${config.database.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  const lines = [
    '',
    `  Xueli 学力 is running at ${url}  (API docs: ${url}/api/docs)`,
    `  database: ${db}${seeded ? ', demo organisation seeded' : ''}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    '',
    ...(config.seedDemo ? ['  Demo accounts (password for all: ' + DEMO_ACCOUNTS.password + '):', ...DEMO_ACCOUNTS.users.map((u) => `    ${u.username.padEnd(10)} ${u.roles.join(', ')}`), ''] : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof SecretError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Xueli failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
