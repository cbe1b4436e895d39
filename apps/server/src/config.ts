/**
 * The only reader of `process.env`. Parsed once at start-up; every variable is documented
 * here and in the README's configuration table. A bad value stops start-up with a message
 * that names the variable and says what is expected.
 */
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  /** TCP port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind; 0.0.0.0 serves the LAN, 127.0.0.1 only this machine. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** PostgreSQL connection URL; when unset the embedded PGlite database is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Connections in the PostgreSQL pool of each server process. */
  XUELI_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Folder for the embedded database, uploaded files and backups. */
  XUELI_DATA_DIR: z.string().min(1).default('./data'),
  /** Seed the demo organisation when the database is empty. */
  XUELI_SEED_DEMO: z.enum(['true', 'false']).default('true'),
  /** Set when served behind TLS (or a TLS-terminating proxy): cookies get `Secure`. */
  XUELI_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  XUELI_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** Session lifetime in hours. */
  XUELI_SESSION_HOURS: z.coerce.number().positive().default(12),
  /** Seconds a server process may reuse a resolved session without asking the database (0: never). */
  XUELI_SESSION_CACHE_SECONDS: z.coerce.number().min(0).max(300).default(5),
  /** Failed logins before a temporary lockout. */
  XUELI_LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  /** Lockout length in minutes after too many failures. */
  XUELI_LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  /** Largest accepted request body (JSON) and upload, in megabytes. */
  XUELI_MAX_UPLOAD_MB: z.coerce.number().positive().default(20),
  /** Threads that run programming items' code (ADR 0007); 0: one less than the CPU cores, at most 4. */
  XUELI_SANDBOX_WORKERS: z.coerce.number().int().min(0).max(64).default(0),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export interface Config {
  port: number;
  host: string;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolSize: number };
  dataDir: string;
  uploadsDir: string;
  seedDemo: boolean;
  secureCookies: 'auto' | boolean;
  trustProxy: boolean;
  sessionHours: number;
  sessionCacheSeconds: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  maxUploadBytes: number;
  /** Sandbox threads for programming items; 0: the default for this machine. */
  sandboxWorkers: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  env: z.infer<typeof envSchema>['NODE_ENV'];
}

/** Thrown when the environment is invalid; `message` lists every bad variable. */
export class ConfigError extends Error {}

/** Parses an environment (default: `process.env`) into a typed configuration. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.XUELI_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.XUELI_DB_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    dataDir,
    uploadsDir: path.join(dataDir, 'uploads'),
    seedDemo: e.XUELI_SEED_DEMO === 'true',
    secureCookies: e.XUELI_SECURE_COOKIES === 'auto' ? 'auto' : e.XUELI_SECURE_COOKIES === 'true',
    trustProxy: e.XUELI_TRUST_PROXY === 'true',
    sessionHours: e.XUELI_SESSION_HOURS,
    sessionCacheSeconds: e.XUELI_SESSION_CACHE_SECONDS,
    loginMaxFailures: e.XUELI_LOGIN_MAX_FAILURES,
    loginLockMinutes: e.XUELI_LOGIN_LOCK_MINUTES,
    maxUploadBytes: Math.round(e.XUELI_MAX_UPLOAD_MB * 1024 * 1024),
    sandboxWorkers: e.XUELI_SANDBOX_WORKERS,
    logLevel: e.LOG_LEVEL,
    env: e.NODE_ENV,
  };
}
