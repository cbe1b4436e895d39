/**
 * `xueli items import|export` — the item bank's import and export on the command line, through
 * the same services as the API (modules/items/import/import.service.ts).
 *
 *   xueli items import [--format csv|xlsx|moodle|gift|qti] FILE... [--dry-run] [--kp CODE,...]
 *   xueli items export --format csv|xlsx|moodle|gift|qti --out FILE [--type …] [--status …] [--tag …] [--search …] [--kp-id ID] [--lang zh|en]
 *
 * Import prints the report (each problem with its line or item number) and exits 2 when anything
 * is invalid, writing nothing; otherwise it says how many items were imported (as drafts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ITEM_IMPORT_FORMATS, ITEM_STATUSES, ITEM_TYPES, itemExportQuery, type ItemImportFormat, type ItemImportReport } from '@xueli/contracts';
import type { Command } from 'commander';
import type { Deps } from '../deps.ts';
import { DomainError } from '../lib/errors.ts';
import { itemExporter, itemImporter } from '../modules/items/import/import.service.ts';

type WithDeps = <T>(fn: (deps: Deps) => Promise<T>) => Promise<T>;

const out = (s: string): void => void process.stdout.write(s + '\n');

const formatOption = (value: string): ItemImportFormat => {
  if (!(ITEM_IMPORT_FORMATS as readonly string[]).includes(value)) throw new DomainError('validation', `--format must be one of ${ITEM_IMPORT_FORMATS.join(', ')}`);
  return value as ItemImportFormat;
};

/** The report as the terminal shows it. */
export function formatImportReport(r: ItemImportReport, files: string[]): string[] {
  const lines: string[] = [];
  const types = Object.entries(r.byType)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ');
  lines.push(`${files.map((f) => path.basename(f)).join(', ')} (${r.format}${r.layout === 'mmlu' ? ', MMLU layout' : ''}${r.encoding ? `, ${r.encoding}` : ''}): ${r.totalItems} item(s), ${r.validItems} valid${types ? ` (${types})` : ''}.`);
  for (const e of r.errors) lines.push(`  ${e.message}`);
  if (r.errorCount > r.errors.length) lines.push(`  … and ${r.errorCount - r.errors.length} more problem(s)`);
  for (const w of r.warnings) lines.push(`  warning: ${w.message}`);
  if (r.warningCount > r.warnings.length) lines.push(`  … and ${r.warningCount - r.warnings.length} more warning(s)`);
  return lines;
}

export function registerItemCommands(program: Command, withDeps: WithDeps): Command {
  const items = program.command('items').description('the item bank: import and export (CSV, xlsx, Moodle XML, GIFT, QTI 3.0)');

  items
    .command('import')
    .description('import items (as drafts); every problem is reported with its line or item number and nothing is written unless all items are valid')
    .argument('<files...>', 'the file(s); QTI: item XML files or a content package (.zip)')
    .option('-f, --format <format>', `${ITEM_IMPORT_FORMATS.join('|')} (default: from the file name and content)`)
    .option('--dry-run', 'validate and report only; write nothing', false)
    .option('--kp <codes>', 'knowledge-point codes (comma-separated) for items that name none (Moodle, GIFT, QTI and MMLU files name none)')
    .action((files: string[], o: { format?: string; dryRun: boolean; kp?: string }) =>
      withDeps(async (deps) => {
        for (const f of files) if (!fs.existsSync(f) || !fs.statSync(f).isFile()) throw new DomainError('validation', `File not found: ${f}`);
        const format = o.format === undefined ? undefined : formatOption(o.format);
        let report: ItemImportReport;
        try {
          report = await itemImporter(deps, { actorUserId: null }, {
            format,
            sources: files.map((f) => ({ name: path.basename(f), bytes: fs.readFileSync(f) })),
            dryRun: o.dryRun,
            defaultKnowledgePoints: o.kp,
          });
        } catch (e) {
          if (!(e instanceof DomainError) || e.code !== 'import-invalid') throw e;
          report = e.details as unknown as ItemImportReport;
        }
        for (const l of formatImportReport(report, files)) out(l);
        if (report.errorCount || !report.validItems) {
          out(report.errorCount ? `${report.errorCount} problem(s); nothing was imported.` : 'No items; nothing was imported.');
          process.exitCode = 2;
        } else if (report.dryRun) out(`Dry run: all ${report.validItems} item(s) are valid; nothing was written.`);
        else out(`Imported ${report.created} item(s) as drafts (ids ${report.itemIds[0]}–${report.itemIds.at(-1)}).`);
      }),
    );

  items
    .command('export')
    .description('export the items matching the filters (answer keys included)')
    .requiredOption('-f, --format <format>', ITEM_IMPORT_FORMATS.join('|'))
    .requiredOption('-o, --out <file>', 'output file')
    .option('--type <type>', ITEM_TYPES.join('|'))
    .option('--status <status>', ITEM_STATUSES.join('|'))
    .option('--tag <tag>', 'items with this tag')
    .option('--search <text>', 'stem or explanation contains')
    .option('--kp-id <id>', 'items measuring this knowledge point (id)')
    .option('--lang <lang>', 'spreadsheet headers: zh or en', 'zh')
    .action((o: { format: string; out: string; type?: string; status?: string; tag?: string; search?: string; kpId?: string; lang: string }) =>
      withDeps(async (deps) => {
        const q = itemExportQuery.safeParse({
          format: o.format,
          lang: o.lang,
          ...(o.type !== undefined && { type: o.type }),
          ...(o.status !== undefined && { status: o.status }),
          ...(o.tag !== undefined && { tag: o.tag }),
          ...(o.search !== undefined && { search: o.search }),
          ...(o.kpId !== undefined && { kpId: o.kpId }),
        });
        if (!q.success) throw new DomainError('validation', q.error.issues.map((i) => `--${i.path.map(String).join('.')}: ${i.message}`).join('; '));
        const f = await itemExporter(deps, { query: q.data });
        fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
        fs.writeFileSync(o.out, f.body);
        out(`${f.exported} item(s) written to ${o.out}${f.skipped.length ? `; ${f.skipped.length} left out:` : '.'}`);
        for (const s of f.skipped) out(`  item ${s.id}: ${s.reason}`);
      }),
    );
  return program;
}
