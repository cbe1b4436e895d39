#!/usr/bin/env node
// Fails when the Drizzle schema has changes that no committed migration captures:
// generates into a scratch copy of the migrations folder and checks that nothing new appears.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const server = process.cwd();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-migrations-'));
fs.cpSync(path.join(server, 'drizzle'), scratch, { recursive: true });
const before = fs.readdirSync(scratch).length;
const r = spawnSync('npx', ['drizzle-kit', 'generate', '--dialect', 'postgresql', '--schema', './src/db/schema/index.ts', '--out', scratch], { cwd: server, encoding: 'utf8' });
const after = fs.readdirSync(scratch).length;
fs.rmSync(scratch, { recursive: true, force: true });
if (r.status !== 0) {
  process.stderr.write(r.stdout + r.stderr);
  process.exit(1);
}
if (after !== before) {
  process.stderr.write('The database schema changed without a migration: run `npm run db:generate -w @xueli/server` and commit it.\n');
  process.exit(1);
}
process.stdout.write('Migrations match the schema.\n');
