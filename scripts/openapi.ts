/**
 * Writes the OpenAPI 3.1 document generated from the route schemas to docs/openapi.json;
 * with --check, fails when the committed document differs (CI runs it: CONVENTIONS.md §12).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../apps/server/src/config.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { buildApp } from '../apps/server/src/http/app.ts';
import { localFileStore } from '../apps/server/src/lib/file-store.ts';

const file = path.resolve(import.meta.dirname, '../docs/openapi.json');
const config = loadConfig({ XUELI_DATA_DIR: '/nonexistent-openapi', LOG_LEVEL: 'silent' });
const database = await openDatabase({ kind: 'pglite-memory' });
const app = await buildApp({ deps: { db: database.db, config, files: localFileStore(config.uploadsDir) }, database, serveWeb: false });
await app.ready();
const doc = JSON.stringify(app.swagger(), null, 2) + '\n';
await app.close();
await database.close();
if (process.argv.includes('--check')) {
  const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (committed !== doc) {
    console.error('docs/openapi.json is out of date: run `npm run openapi` and commit the result.');
    process.exit(1);
  }
  console.log('docs/openapi.json is up to date.');
} else {
  fs.writeFileSync(file, doc);
  console.log(`wrote ${file}`);
}
