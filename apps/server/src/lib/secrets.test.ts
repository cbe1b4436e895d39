import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import {
  loadServerSecret,
  openSecret,
  SECRET_KEY_FILE,
  SECRET_PURPOSES,
  SecretError,
  sealSecret,
  ServerSecret,
} from './secrets.ts';

const SECRET_TEXT = 'correct horse battery staple — 0123456789';
const secret = new ServerSecret(SECRET_TEXT, 'test');

function secretError(fn: () => unknown): SecretError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SecretError) return err;
    throw err;
  }
  throw new Error('expected a SecretError');
}

describe('sealSecret / openSecret', () => {
  it('round-trips text (Chinese, empty, long) with a fresh IV each time', () => {
    for (const text of ['sk-live-abc123', '密钥：学力', '', 'x'.repeat(10_000)]) {
      const sealed = sealSecret(text, SECRET_PURPOSES.aiProviderApiKey, secret);
      expect(sealed).toMatch(/^xs1\.[0-9a-f]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(sealed).not.toContain(text || 'never');
      expect(openSecret(sealed, SECRET_PURPOSES.aiProviderApiKey, secret)).toBe(text);
    }
    const a = sealSecret('same', 'certs.signing-key', secret);
    const b = sealSecret('same', 'certs.signing-key', secret);
    expect(a).not.toBe(b);
  });

  it('opens under the same secret text in another process (keys are derived, not random)', () => {
    const sealed = sealSecret('hello', 'certs.signing-key', secret);
    expect(openSecret(sealed, 'certs.signing-key', new ServerSecret(SECRET_TEXT))).toBe('hello');
  });

  it('fails with a wrong purpose (distinct HKDF info and GCM additional data)', () => {
    const sealed = sealSecret('api-key', SECRET_PURPOSES.aiProviderApiKey, secret);
    expect(secretError(() => openSecret(sealed, SECRET_PURPOSES.certSigningKey, secret)).code).toBe('failed');
    expect(secret.deriveKey('a.b').equals(secret.deriveKey('a.c'))).toBe(false);
  });

  it('fails when any byte of the ciphertext, tag or IV is changed', () => {
    const sealed = sealSecret('api-key-value', 'ai.provider-api-key', secret);
    const [v, fp, iv, body] = sealed.split('.') as [string, string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    for (const i of [0, bytes.length - 1, bytes.length - 17]) {
      const changed = Buffer.from(bytes);
      changed[i] = changed[i]! ^ 0x01;
      expect(
        secretError(() =>
          openSecret([v, fp, iv, changed.toString('base64url')].join('.'), 'ai.provider-api-key', secret),
        ).code,
      ).toBe('failed');
    }
    const ivBytes = Buffer.from(iv, 'base64url');
    ivBytes[0] = ivBytes[0]! ^ 0x80;
    expect(
      secretError(() =>
        openSecret([v, fp, ivBytes.toString('base64url'), body].join('.'), 'ai.provider-api-key', secret),
      ).code,
    ).toBe('failed');
  });

  it('says when a value was sealed under another server secret, and rejects malformed values', () => {
    const sealed = sealSecret('x', 'certs.signing-key', secret);
    const other = new ServerSecret('another secret that is long enough 0123456789');
    const err = secretError(() => openSecret(sealed, 'certs.signing-key', other));
    expect(err.code).toBe('other-secret');
    expect(err.message).toMatch(/XUELI_SECRET_KEY/);
    for (const bad of [
      '',
      'plain text',
      'xs1.a.b',
      `xs2.${secret.fingerprint}.AAAA.AAAA`,
      `xs1.${secret.fingerprint}.AA+A.AAAA`,
    ]) {
      expect(secretError(() => openSecret(bad, 'certs.signing-key', secret)).code).toBe('malformed');
    }
    expect(secretError(() => sealSecret('x', 'Bad Purpose', secret)).code).toBe('bad-purpose');
  });

  it('never exposes the secret material', () => {
    expect(JSON.stringify(secret)).not.toContain('horse');
    expect(inspect(secret, { showHidden: true, depth: 5 })).not.toContain('horse');
    expect(() => new ServerSecret('too short')).toThrow(SecretError);
  });
});

describe('loadServerSecret', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-secret-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('generates <dataDir>/secret.key (mode 0600) on first start, logs it, and reuses it afterwards', () => {
    const dataDir = path.join(tmp(), 'data');
    const logs: string[] = [];
    const first = loadServerSecret({
      configured: null,
      dataDir,
      env: 'development',
      database: 'pglite',
      log: (_l, m) => logs.push(m),
    });
    expect(first.source).toBe('generated');
    const file = path.join(dataDir, SECRET_KEY_FILE);
    expect(fs.readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(logs.join('\n')).toMatch(/generated a server secret/);
    const sealed = sealSecret('kept', 'certs.signing-key', first);
    const second = loadServerSecret({ configured: null, dataDir, env: 'development', database: 'pglite' });
    expect(second.source).toBe('file');
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(openSecret(sealed, 'certs.signing-key', second)).toBe('kept');
  });

  it('uses XUELI_SECRET_KEY when set and writes nothing', () => {
    const dataDir = tmp();
    const s = loadServerSecret({ configured: SECRET_TEXT, dataDir, env: 'production', database: 'postgres' });
    expect(s.source).toBe('env');
    expect(s.fingerprint).toBe(secret.fingerprint);
    expect(fs.existsSync(path.join(dataDir, SECRET_KEY_FILE))).toBe(false);
  });

  it('refuses in production with PostgreSQL when unset, and refuses a short secret file', () => {
    const err = secretError(() =>
      loadServerSecret({ configured: null, dataDir: tmp(), env: 'production', database: 'postgres' }),
    );
    expect(err.code).toBe('missing-secret');
    expect(err.message).toMatch(/XUELI_SECRET_KEY is required/);
    const dataDir = tmp();
    fs.writeFileSync(path.join(dataDir, SECRET_KEY_FILE), 'short\n', { mode: 0o600 });
    expect(
      secretError(() => loadServerSecret({ configured: null, dataDir, env: 'development', database: 'pglite' })).code,
    ).toBe('bad-secret');
  });

  it('warns when the secret file is readable by others', () => {
    if (process.platform === 'win32') return;
    const dataDir = tmp();
    fs.writeFileSync(path.join(dataDir, SECRET_KEY_FILE), `${'k'.repeat(40)}\n`, { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, SECRET_KEY_FILE), 0o644);
    const logs: string[] = [];
    loadServerSecret({
      configured: null,
      dataDir,
      env: 'development',
      database: 'pglite',
      log: (_l, m) => logs.push(m),
    });
    expect(logs.join('\n')).toMatch(/chmod 600/);
  });
});

describe('XUELI_SECRET_KEY in config.ts', () => {
  it('is optional (empty counts as unset) and must have at least 32 characters', () => {
    expect(loadConfig({}).secretKey).toBeNull();
    expect(loadConfig({ XUELI_SECRET_KEY: '  ' }).secretKey).toBeNull();
    expect(loadConfig({ XUELI_SECRET_KEY: SECRET_TEXT }).secretKey).toBe(SECRET_TEXT);
    expect(() => loadConfig({ XUELI_SECRET_KEY: 'too-short' })).toThrow(ConfigError);
    expect(() => loadConfig({ XUELI_SECRET_KEY: 'too-short' })).toThrow(
      /XUELI_SECRET_KEY: must be at least 32 characters/,
    );
  });
});
