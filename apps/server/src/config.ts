/**
 * The only reader of `process.env`. Parsed once at start-up; every variable is documented
 * here and in the README's configuration table. A bad value stops start-up with a message
 * that names the variable and says what is expected.
 */
import path from 'node:path';
import { z } from 'zod';

/** An empty variable counts as unset (an `.env` line `XUELI_AI_BASE_URL=` turns AI off). */
const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().min(1).optional());

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
  /** OpenAI-compatible API base URL (…/v1) for AI-assisted grading; unset: offline, no AI (ADR 0010). */
  XUELI_AI_BASE_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .trim()
      .regex(/^https?:\/\/[^\s/]+/, 'must be an http:// or https:// URL, e.g. https://api.example.com/v1')
      .optional(),
  ),
  /** API key sent as `Authorization: Bearer …`; optional (a local model server may need none). */
  XUELI_AI_API_KEY: optionalText,
  /** Chat model name, e.g. gpt-4o-mini or qwen2.5:14b; required when XUELI_AI_BASE_URL is set. */
  XUELI_AI_CHAT_MODEL: optionalText,
  /** Embedding model name (POST …/embeddings), e.g. text-embedding-3-small; unset: lexical retrieval only. */
  XUELI_AI_EMBEDDING_MODEL: optionalText,
  /** Milliseconds one AI call may take before it is abandoned (grading then falls back to a person). */
  XUELI_AI_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
  /** An AI grade of a short answer with at least this confidence is final; below it a person decides. */
  XUELI_AI_GRADE_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.8),
  /**
   * Server secret (at least 32 characters) from which the keys that encrypt secrets at rest are derived
   * (signing keys, AI provider keys; ADR 0015). Unset: a random one is generated into
   * `<XUELI_DATA_DIR>/secret.key` (mode 0600) on first start; required in production with PostgreSQL.
   */
  XUELI_SECRET_KEY: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().min(32, 'must be at least 32 characters, e.g. the output of `openssl rand -base64 48`').optional(),
  ),
  /**
   * The address people reach this server at (scheme, host, port, optional path), e.g.
   * https://learn.example.com. Certificates name it: the issuer is its did:web, the verification page and
   * status lists live under it (ADR 0015). Default: http://localhost:<PORT>.
   */
  XUELI_PUBLIC_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .trim()
      .regex(/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/, 'must be an http:// or https:// address without a query, e.g. https://learn.example.com')
      .optional(),
  ),
  /**
   * SMTP server for e-mail notifications, e.g. smtp://user:password@mail.example.com:587 (smtps:// for
   * TLS from the start). Unset: notifications are in the app only.
   */
  XUELI_SMTP_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.com:587').optional(),
  ),
  /** Sender of notification e-mails. */
  XUELI_MAIL_FROM: z.string().trim().min(3).default('Xueli <no-reply@localhost>'),
  /** The organisation's name on certificates (Chinese, then English after " / "). */
  XUELI_ORG_NAME: z.string().trim().min(1).default('示例银行 / Demo Bank'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
}).superRefine((e, ctx) => {
  if (e.XUELI_AI_BASE_URL && !e.XUELI_AI_CHAT_MODEL) {
    ctx.addIssue({ code: 'custom', path: ['XUELI_AI_CHAT_MODEL'], message: 'required when XUELI_AI_BASE_URL is set (the chat model to ask, e.g. gpt-4o-mini)' });
  }
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
  /** The AI provider (ADR 0010); null: offline, every feature works without it. */
  ai: { baseUrl: string; apiKey: string | null; chatModel: string; embeddingModel: string | null; timeoutMs: number; gradeMinConfidence: number } | null;
  /** XUELI_AI_GRADE_MIN_CONFIDENCE, also when the provider is configured at /admin/ai rather than here. */
  aiGradeMinConfidence: number;
  /** XUELI_SECRET_KEY; null: `loadServerSecret` uses or creates `<dataDir>/secret.key` (ADR 0015). Never log it. */
  secretKey: string | null;
  /** XUELI_PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  /** XUELI_ORG_NAME: "中文 / English" or one name. */
  orgName: string;
  /** XUELI_SMTP_URL and XUELI_MAIL_FROM; null: no e-mail. Never log the URL (it may hold a password). */
  smtp: { url: string; from: string } | null;
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
    ai: e.XUELI_AI_BASE_URL
      ? {
          baseUrl: e.XUELI_AI_BASE_URL.replace(/\/+$/, ''),
          apiKey: e.XUELI_AI_API_KEY ?? null,
          chatModel: e.XUELI_AI_CHAT_MODEL!,
          embeddingModel: e.XUELI_AI_EMBEDDING_MODEL ?? null,
          timeoutMs: e.XUELI_AI_TIMEOUT_MS,
          gradeMinConfidence: e.XUELI_AI_GRADE_MIN_CONFIDENCE,
        }
      : null,
    aiGradeMinConfidence: e.XUELI_AI_GRADE_MIN_CONFIDENCE,
    secretKey: e.XUELI_SECRET_KEY ?? null,
    publicUrl: (e.XUELI_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    orgName: e.XUELI_ORG_NAME,
    smtp: e.XUELI_SMTP_URL ? { url: e.XUELI_SMTP_URL, from: e.XUELI_MAIL_FROM } : null,
    logLevel: e.LOG_LEVEL,
    env: e.NODE_ENV,
  };
}
