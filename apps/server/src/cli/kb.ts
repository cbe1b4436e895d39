/**
 * `xueli kb …` — the knowledge base on the command line, through the same code as the API
 * (modules/knowledge/): files are checked, read, chunked and indexed in the foreground.
 *
 *   xueli kb import --collection ID FILE…   one document per file; a progress line on stderr;
 *                                           exit 1 when any file failed (each named with its error)
 *   xueli kb reindex [--collection ID]      re-index every document (of one collection)
 */
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { Deps } from '../deps.ts';
import { DomainError } from '../lib/errors.ts';
import { uploadedDocumentCreator } from '../modules/knowledge/documents.service.ts';
import { indexDocument } from '../modules/knowledge/indexer.ts';
import * as repo from '../modules/knowledge/knowledge.repo.ts';

type WithDeps = <T>(fn: (deps: Deps) => Promise<T>) => Promise<T>;

const out = (s: string): void => void process.stdout.write(s + '\n');
const err = (s: string): void => void process.stderr.write(s + '\n');

const positiveInt = (name: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 2147483647) throw new InvalidArgumentError(`${name} must be a positive whole number, not "${value}"`);
  return n;
};

/** A one-line progress bar on stderr, redrawn in place on a terminal. */
function progressLine(label: string) {
  const tty = process.stderr.isTTY;
  let lastPct = -1;
  return {
    update(fraction: number, message: string) {
      const pct = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
      if (pct === lastPct && !tty) return;
      lastPct = pct;
      const bar = '#'.repeat(Math.round(pct / 5)).padEnd(20, '.');
      const line = `${label} [${bar}] ${String(pct).padStart(3)}% ${message}`;
      if (tty) process.stderr.write(`\r${line.slice(0, (process.stderr.columns || 100) - 1).padEnd((process.stderr.columns || 100) - 1)}`);
      else if (pct === 100 || pct % 25 === 0) process.stderr.write(line + '\n');
    },
    end() {
      if (tty) process.stderr.write('\n');
    },
  };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function registerKbCommands(program: Command, withDeps: WithDeps): Command {
  const kb = program.command('kb').description('knowledge base: import documents, re-index');

  kb.command('import')
    .description('import files (.md .html .txt .pdf .docx) into a collection and index them now')
    .requiredOption('--collection <id>', 'the collection', positiveInt('--collection'))
    .argument('<files...>', 'files to import')
    .action((files: string[], o: { collection: number }) =>
      withDeps(async (deps) => {
        if (!(await repo.collectionById(deps.db, o.collection))) throw new DomainError('not-found', `Collection ${o.collection} was not found`);
        let failed = 0;
        for (const [i, file] of files.entries()) {
          const name = path.basename(file);
          const bar = progressLine(`[${i + 1}/${files.length}] ${name}`);
          try {
            if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new Error('file not found');
            const bytes = fs.readFileSync(file);
            bar.update(0, 'Reading');
            const { documentId, blocks } = await uploadedDocumentCreator(deps, {
              actorUserId: null,
              collectionId: o.collection,
              upload: { bytes, fileName: name, mimeType: 'application/octet-stream' },
              inlineParseBytes: Number.MAX_SAFE_INTEGER,
            });
            const r = await indexDocument(deps, documentId, { blocks, progress: (f, m) => bar.update(f, m) });
            bar.end();
            out(`${name}: document ${documentId}, ${r.chunks} passages`);
          } catch (e) {
            bar.end();
            failed++;
            err(`${name}: ${messageOf(e)}`);
          }
        }
        out(`Imported ${files.length - failed} of ${files.length} file(s).`);
        if (failed) process.exitCode = 1;
      }),
    );

  kb.command('reindex')
    .description('re-index every document (of one collection); a failed one keeps its previous passages')
    .option('--collection <id>', 'only this collection', positiveInt('--collection'))
    .action((o: { collection?: number }) =>
      withDeps(async (deps) => {
        if (o.collection !== undefined && !(await repo.collectionById(deps.db, o.collection))) throw new DomainError('not-found', `Collection ${o.collection} was not found`);
        const ids = o.collection !== undefined ? await repo.documentIdsOfCollection(deps.db, o.collection) : await repo.allDocumentIds(deps.db);
        let failed = 0,
          chunks = 0;
        const bar = progressLine('reindex');
        for (const [i, id] of ids.entries()) {
          try {
            const r = await indexDocument(deps, id, { progress: (f, m) => bar.update((i + f) / ids.length, `document ${id}: ${m}`) });
            chunks += r.chunks;
          } catch (e) {
            failed++;
            bar.end();
            const doc = await repo.documentById(deps.db, id);
            err(`document ${id}${doc ? ` (${doc.d.title})` : ''}: ${messageOf(e)}`);
          }
        }
        bar.update(1, 'done');
        bar.end();
        out(`Re-indexed ${ids.length - failed} of ${ids.length} document(s), ${chunks} passages.`);
        if (failed) process.exitCode = 1;
      }),
    );
  return kb;
}
