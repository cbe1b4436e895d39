/**
 * Child process of the API benchmark: the REAL app (buildApp, the same plugins, auth hook and
 * routes as `npm start`) on an already generated database, listening on 127.0.0.1 at a free
 * port. Runs apart from the load generator so that autocannon does not share its event loop.
 * Prints one JSON line `{"port": N}` when ready; SIGTERM closes it.
 *
 * Usage: tsx bench/serve.ts '{"kind":"postgres","url":"postgres://…"}' | '{"kind":"pglite","dataDir":"…"}'
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../apps/server/src/config.ts';
import { openDatabase, type DatabaseTarget } from '../apps/server/src/db/client.ts';
import { buildApp } from '../apps/server/src/http/app.ts';
import { localFileStore } from '../apps/server/src/lib/file-store.ts';

const target = JSON.parse(process.argv[2] ?? '') as DatabaseTarget;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-bench-app-'));
// Request logging is off (no logger), as in a benchmark of the handlers rather than of pino.
const config = loadConfig({ XUELI_DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'silent' });
const database = await openDatabase(target);
const app = await buildApp({ deps: { db: database.db, config, files: localFileStore(config.uploadsDir) }, database, serveWeb: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);

process.on('SIGTERM', () => {
  void (async () => {
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  })();
});
