/**
 * The one place that encrypts secrets at rest (ADR 0015): certificate signing keys now, AI provider
 * API keys later (issue 6). AES-256-GCM under a key derived with HKDF-SHA256 from the server secret
 * (XUELI_SECRET_KEY, or `<dataDir>/secret.key`), one derived key per purpose (the HKDF `info`); the
 * purpose is also the GCM additional data, so a value sealed for one purpose never opens as another.
 *
 * Sealed form: `xs1.<fingerprint>.<iv>.<ciphertext+tag>` (base64url parts). The fingerprint names the
 * server secret (8 bytes of an HKDF output, not the secret), so a value sealed under another
 * XUELI_SECRET_KEY fails with a message that says so rather than "tampered".
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** File in the data directory that holds the generated server secret when XUELI_SECRET_KEY is unset. */
export const SECRET_KEY_FILE = 'secret.key';
/** Shortest accepted server secret (characters), as config.ts checks for XUELI_SECRET_KEY. */
export const MIN_SECRET_LENGTH = 32;

/** Purposes in use; a purpose is any `[a-z0-9][a-z0-9._-]*` name (at most 64 characters). */
export const SECRET_PURPOSES = {
  certSigningKey: 'certs.signing-key',
  aiProviderApiKey: 'ai.provider-api-key',
} as const;

const SEALED_VERSION = 'xs1';
const HKDF_SALT = Buffer.from('xueli.secret-key.v1', 'utf8');
const PURPOSE_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export type SecretErrorCode = 'malformed' | 'other-secret' | 'failed' | 'bad-purpose' | 'missing-secret' | 'bad-secret';

export class SecretError extends Error {
  constructor(
    readonly code: SecretErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SecretError';
  }
}

const secretMaterial = new WeakMap<ServerSecret, Buffer>();

/**
 * The server secret. The key material is not a property (it never shows up in logs, JSON or
 * `util.inspect`); derived keys are cached per purpose.
 */
export class ServerSecret {
  /** Identifies this secret in sealed values (16 hex characters); safe to log. */
  readonly fingerprint: string;
  readonly #derived = new Map<string, Buffer>();

  constructor(
    text: string,
    /** Where it came from, for the start-up log line. */
    readonly source: 'env' | 'file' | 'generated' | 'test' = 'env',
  ) {
    if (text.trim().length < MIN_SECRET_LENGTH) {
      throw new SecretError('bad-secret', `the server secret must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    const material = Buffer.from(text.trim(), 'utf8');
    secretMaterial.set(this, material);
    this.fingerprint = Buffer.from(hkdfSync('sha256', material, HKDF_SALT, 'xueli/fingerprint', 8)).toString('hex');
  }

  /** The 32-byte key for `purpose` (HKDF-SHA256, info `xueli/<purpose>/v1`). */
  deriveKey(purpose: string): Buffer {
    assertPurpose(purpose);
    let key = this.#derived.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', secretMaterial.get(this)!, HKDF_SALT, `xueli/${purpose}/v1`, 32));
      this.#derived.set(purpose, key);
    }
    return key;
  }

  toJSON() {
    return { fingerprint: this.fingerprint, source: this.source };
  }
}

function assertPurpose(purpose: string) {
  if (!PURPOSE_RE.test(purpose))
    throw new SecretError('bad-purpose', `not a secret purpose: ${JSON.stringify(purpose)}`);
}

/** Encrypts `plaintext` for `purpose` under the server secret; a fresh random IV every call. */
export function sealSecret(plaintext: string, purpose: string, secret: ServerSecret): string {
  const key = secret.deriveKey(purpose);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [SEALED_VERSION, secret.fingerprint, iv.toString('base64url'), body.toString('base64url')].join('.');
}

/**
 * Decrypts a value from `sealSecret`. Throws `SecretError`: `malformed` (not a sealed value),
 * `other-secret` (sealed under a different server secret), `failed` (wrong purpose or altered).
 */
export function openSecret(sealed: string, purpose: string, secret: ServerSecret): string {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== SEALED_VERSION || !parts.slice(1).every((p) => /^[A-Za-z0-9_-]+$/.test(p))) {
    throw new SecretError('malformed', 'not a sealed secret (expected xs1.<fingerprint>.<iv>.<data>)');
  }
  const [, fingerprint, ivText, bodyText] = parts as [string, string, string, string];
  if (fingerprint !== secret.fingerprint) {
    throw new SecretError(
      'other-secret',
      `this secret was sealed under another server secret (fingerprint ${fingerprint}, current ${secret.fingerprint}); was XUELI_SECRET_KEY or ${SECRET_KEY_FILE} changed?`,
    );
  }
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== 12 || body.length < 16)
    throw new SecretError('malformed', 'sealed secret has a bad IV or is truncated');
  const key = secret.deriveKey(purpose);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretError(
      'failed',
      `the sealed secret does not open for purpose ${purpose} (wrong purpose, or it was altered)`,
    );
  }
}

export interface LoadServerSecretOptions {
  /** XUELI_SECRET_KEY (config.secretKey). */
  configured: string | null;
  dataDir: string;
  env: 'development' | 'production' | 'test';
  database: 'pglite' | 'postgres';
  /** Told once when a secret is generated or read from the data directory. */
  log?: (level: 'info' | 'warn', message: string) => void;
}

/**
 * The server secret for this process: XUELI_SECRET_KEY when set; else `<dataDir>/secret.key`,
 * generated (32 random bytes, mode 0600) on first start so that `npm start` needs no configuration.
 * Refuses in production with PostgreSQL (several processes, possibly on several machines, would each
 * make their own and could not open each other's sealed values) — set XUELI_SECRET_KEY there.
 */
export function loadServerSecret(o: LoadServerSecretOptions): ServerSecret {
  if (o.configured) return new ServerSecret(o.configured, 'env');
  const file = path.join(o.dataDir, SECRET_KEY_FILE);
  const existing = readSecretFile(file, o.log);
  if (existing !== null) return new ServerSecret(existing, 'file');
  if (o.env === 'production' && o.database === 'postgres') {
    throw new SecretError(
      'missing-secret',
      'XUELI_SECRET_KEY is required in production with PostgreSQL: every server process must derive the same keys. ' +
        'Set it to at least 32 random characters (e.g. `openssl rand -base64 48`) and keep it with your database backups.',
    );
  }
  fs.mkdirSync(o.dataDir, { recursive: true });
  const text = randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(file, `${text}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      const raced = readSecretFile(file, o.log);
      if (raced !== null) return new ServerSecret(raced, 'file');
    }
    throw err;
  }
  o.log?.(
    'warn',
    `XUELI_SECRET_KEY is not set: generated a server secret into ${file} (mode 0600). It encrypts signing and API keys at rest; ` +
      'back it up separately from the database, or set XUELI_SECRET_KEY to its content.',
  );
  return new ServerSecret(text, 'generated');
}

function readSecretFile(file: string, log: LoadServerSecretOptions['log']): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if (text.length < MIN_SECRET_LENGTH) {
    throw new SecretError(
      'bad-secret',
      `${file} holds fewer than ${MIN_SECRET_LENGTH} characters; restore it from a backup or set XUELI_SECRET_KEY`,
    );
  }
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) {
    log?.('warn', `${file} is readable by other users; run: chmod 600 ${file}`);
  }
  return text;
}

const secretsByConfig = new WeakMap<object, ServerSecret>();

/**
 * The server secret for a loaded configuration, loaded once (then cached for that configuration
 * object): what services use to seal and open secrets at rest (AI provider key, signing keys).
 */
export function serverSecretFor(config: {
  secretKey: string | null;
  dataDir: string;
  env: 'development' | 'production' | 'test';
  database: { kind: 'pglite' | 'postgres' };
}, log?: LoadServerSecretOptions['log']): ServerSecret {
  let s = secretsByConfig.get(config);
  if (!s) {
    s = loadServerSecret({ configured: config.secretKey, dataDir: config.dataDir, env: config.env, database: config.database.kind, log });
    secretsByConfig.set(config, s);
  }
  return s;
}
