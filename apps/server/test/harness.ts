/**
 * Test harness: a real, migrated database per test file (PGlite from a snapshot, or a fresh
 * PostgreSQL database cloned from the run's template when TEST_DATABASE_URL is set), the real
 * app on top, and an HTTP client that logs in like a browser (cookie + CSRF header).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Database, type Db } from '../src/db/client.ts';
import * as schema from '../src/db/schema/index.ts';
import type { Deps } from '../src/deps.ts';
import { buildApp } from '../src/http/app.ts';
import { localFileStore } from '../src/lib/file-store.ts';

/** Which database this run tests on. */
export const dbKind = (): 'pglite' | 'postgres' => (inject('pgTemplate') ? 'postgres' : 'pglite');

/** A fresh migrated database for one test file. */
export async function testDatabase(): Promise<Database> {
  const template = inject('pgTemplate');
  const url = process.env.TEST_DATABASE_URL;
  if (template && url) {
    const name = `xueli_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: u.toString(), poolSize: 5 });
    const closePool = database.close.bind(database);
    database.close = async () => {
      await closePool();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name}`);
      await a.end();
    };
    return database;
  }
  const snapshot = fs.readFileSync(inject('pgliteSnapshot'));
  const client = await PGlite.create({ loadDataDir: new Blob([snapshot]) });
  return {
    db: drizzle(client, { schema }) as unknown as Db,
    kind: 'pglite',
    pglite: client,
    migrate: async () => undefined,
    ping: async () => true,
    close: () => client.close(),
  };
}

export interface Response<T = unknown> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

export interface Client {
  get<T = any>(url: string): Promise<Response<T>>;
  post<T = any>(url: string, body?: unknown): Promise<Response<T>>;
  patch<T = any>(url: string, body?: unknown): Promise<Response<T>>;
  put<T = any>(url: string, body?: unknown): Promise<Response<T>>;
  delete<T = any>(url: string): Promise<Response<T>>;
  /** Raw access for multipart and odd bodies; cookie and CSRF headers are added. */
  request(opts: { method: string; url: string; headers?: Record<string, string>; payload?: string | Buffer }): Promise<LightMyRequestResponse>;
}

function parse(res: LightMyRequestResponse): Response {
  const type = String(res.headers['content-type'] ?? '');
  return { status: res.statusCode, body: type.includes('json') ? res.json() : res.body, headers: res.headers, raw: res };
}

/** An HTTP client; `auth` is a session (cookie + CSRF) or a bearer token. */
export function client(app: FastifyInstance, auth?: { cookie: string; csrf: string } | { token: string }): Client {
  const headers = (): Record<string, string> =>
    !auth ? {} : 'token' in auth ? { authorization: `Bearer ${auth.token}` } : { cookie: `xueli_session=${auth.cookie}`, 'x-csrf-token': auth.csrf };
  const call = async (method: string, url: string, body?: unknown) =>
    parse(
      await app.inject({
        method: method as 'GET',
        url,
        headers: headers(),
        ...(body === undefined ? {} : { payload: body as object }),
      }),
    );
  return {
    get: (url) => call('GET', url) as never,
    post: (url, body) => call('POST', url, body ?? {}) as never,
    patch: (url, body) => call('PATCH', url, body ?? {}) as never,
    put: (url, body) => call('PUT', url, body ?? {}) as never,
    delete: (url) => call('DELETE', url) as never,
    request: (o) => app.inject({ method: o.method as 'GET', url: o.url, headers: { ...headers(), ...o.headers }, ...(o.payload === undefined ? {} : { payload: o.payload }) }),
  };
}

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  database: Database;
  db: Db;
  /** Anonymous client. */
  anon: Client;
  /** Logs in through the real endpoint and returns a client carrying the session. */
  login(username: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'test-password-1';
let logins = 0;

/** Builds the real app on a fresh database. Call in `beforeAll`, close in `afterAll`. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await testDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-app-'));
  const config = loadConfig({ XUELI_DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const deps: Deps = { db: database.db, config, files: localFileStore(config.uploadsDir) };
  const app = await buildApp({ deps, database, serveWeb: false });
  await app.ready();
  return {
    app,
    deps,
    database,
    db: database.db,
    anon: client(app),
    async login(username, password = TEST_PASSWORD) {
      // Each login from its own address: a file that logs in many users is not a brute-force attempt
      // (the per-address brake, 30 a minute, is for clients; tests of it use app.inject directly).
      const n = ++logins;
      const remoteAddress = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'xueli_session')!.value;
      return client(app, { cookie, csrf: res.json<{ csrfToken: string }>().csrfToken });
    },
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
