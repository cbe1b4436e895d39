#!/usr/bin/env node
// `npm start`: build the web UI when it is missing or older than its sources, then run the
// server in this process (TypeScript through tsx, no separate compile step).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'apps/web');
const builtAt = (() => {
  try {
    return fs.statSync(path.join(web, 'dist/index.html')).mtimeMs;
  } catch {
    return 0;
  }
})();

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const inputs = [path.join(web, 'src'), path.join(root, 'packages/contracts/src')];
const newest = Math.max(
  ...inputs.filter((d) => fs.existsSync(d)).map(newestSource),
  ...['index.html', 'vite.config.ts', 'package.json'].map((f) => (fs.existsSync(path.join(web, f)) ? fs.statSync(path.join(web, f)).mtimeMs : 0)),
);
if (newest > builtAt) {
  process.stdout.write('Building the web UI (first start or sources changed)…\n');
  const r = spawnSync('npm', ['run', 'build', '-w', '@xueli/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('The web UI build failed; see the output above.\n');
    process.exit(r.status ?? 1);
  }
}

const { register } = await import('tsx/esm/api');
register();
await import(path.join(root, 'apps/server/src/server.ts'));
