/**
 * Item import and export, for the API and the CLI alike:
 *   file(s) → format parser (csv.ts, xlsx.ts, moodle.ts, gift.ts, qti.ts) → checkCandidates
 *   (plan.ts: default knowledge points, the request schema) → prepareItems (items.service:
 *   checkItem and knowledge-point resolution, as POST /items) → report.
 * A dry run only reports. A real run re-checks inside one transaction and writes every item as a
 * draft with its version-1 snapshot (insertItems, the path POST /items takes) and one audit
 * entry — or, when anything is wrong, nothing, refusing with `import-invalid` and the report.
 */
import type { ItemExportQuery, ItemImportFormat, ItemImportReport, ItemView } from '@xueli/contracts';
import type { Db } from '../../../db/client.ts';
import type { Deps, OpContext } from '../../../deps.ts';
import { recordAudit } from '../../../lib/audit.ts';
import { decodeTextFile } from '../../../lib/csv.ts';
import { DomainError, invalid } from '../../../lib/errors.ts';
import { resolveKps } from '../../skills/evidence.service.ts';
import { presentItem } from '../items.present.ts';
import * as repo from '../items.repo.ts';
import { insertItems, prepareItems, type PreparedItem } from '../items.service.ts';
import { csvTemplate, itemSheet, parseCsvItems, writeCsvItems } from './csv.ts';
import { parseGift, writeGift } from './gift.ts';
import { parseMoodleXml, writeMoodleXml } from './moodle.ts';
import { buildReport, checkCandidates, emptyParsedFile, issue, MAX_IMPORT_ITEMS, serviceProblems, splitList, type CheckedCandidate, type ParsedFile } from './plan.ts';
import { packageItemFiles, parseQti, writeQtiPackage, type QtiSource } from './qti.ts';
import { tableFieldOf } from './table.ts';
import { parseXlsxItems, writeXlsxItems, xlsxTemplate } from './xlsx.ts';
import { isZip, readZip, ZipError } from './zip.ts';

/** Items one export may hold (narrow the filters for more). */
export const MAX_EXPORT_ITEMS = 10000;
/** A QTI package may hold this many files, expanding to at most this much. */
const QTI_ZIP_LIMITS = { maxEntries: MAX_IMPORT_ITEMS + 100, maxTotalBytes: 200 * 1024 * 1024 };

export interface ImportSource {
  /** The file name as uploaded or given on the command line (for format inference, MMLU tags and messages). */
  name: string | null;
  bytes: Uint8Array;
}

/** The format of a file from its name, then from its first bytes; undefined when unclear. */
export function inferFormat(src: ImportSource): ItemImportFormat | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(src.name ?? '')?.[1]?.toLowerCase();
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'gift') return 'gift';
  if (ext === 'zip') return 'qti';
  const head = Buffer.from(src.bytes.subarray(0, 4096)).toString('latin1');
  if (isZip(src.bytes)) return head.includes('[Content_Types].xml') || head.includes('xl/') ? 'xlsx' : 'qti';
  if (/<quiz[\s>]/.test(head)) return 'moodle';
  if (/<(\w+:)?qti-assessment-item[\s>]/.test(head)) return 'qti';
  if (ext === 'txt' && /\{[\s\S]*\}/.test(head)) return 'gift';
  return undefined;
}

const labelled = (file: ParsedFile, label: string | null): ParsedFile => {
  if (!label) return file;
  const tag = <T extends { where: { file: string | null } }>(x: T): T => ({ ...x, where: { ...x.where, file: x.where.file ?? label } });
  return { ...file, items: file.items.map(tag), errors: file.errors.map(tag), warnings: file.warnings.map(tag) };
};

function merge(files: ParsedFile[]): ParsedFile {
  const out = emptyParsedFile();
  for (const f of files) {
    out.items.push(...f.items);
    out.errors.push(...f.errors);
    out.warnings.push(...f.warnings);
    out.encoding ??= f.encoding;
    out.layout ??= f.layout;
  }
  return out;
}

async function parseSources(format: ItemImportFormat, sources: ImportSource[]): Promise<ParsedFile> {
  const many = sources.length > 1;
  const label = (s: ImportSource) => (many ? (s.name ?? 'file') : null);
  const text = (s: ImportSource) => decodeTextFile(s.bytes);
  switch (format) {
    case 'csv':
      return merge(sources.map((s) => labelled(parseCsvItems(s.bytes, s.name), label(s))));
    case 'xlsx':
      return merge(await Promise.all(sources.map(async (s) => labelled(await parseXlsxItems(s.bytes), label(s)))));
    case 'moodle':
      return merge(
        sources.map((s) => {
          const t = text(s);
          return { ...parseMoodleXml(t.text, label(s)), encoding: t.encoding };
        }),
      );
    case 'gift':
      return merge(
        sources.map((s) => {
          const t = text(s);
          return { ...parseGift(t.text, label(s)), encoding: t.encoding };
        }),
      );
    case 'qti': {
      const qti: QtiSource[] = [];
      const problems = emptyParsedFile();
      for (const s of sources) {
        if (!isZip(s.bytes)) {
          qti.push({ name: label(s), text: text(s).text });
          continue;
        }
        try {
          const prefix = many ? `${s.name ?? 'package'}:` : '';
          for (const e of packageItemFiles(readZip(s.bytes, QTI_ZIP_LIMITS))) qti.push({ name: `${prefix}${e.name}`, text: decodeTextFile(e.data).text });
        } catch (e) {
          if (!(e instanceof ZipError)) throw e;
          problems.errors.push({ where: { kind: 'item', file: label(s), item: null, line: null }, issue: issue(null, `the QTI package cannot be read: ${e.message}`) });
        }
      }
      return merge([problems, qti.length || !problems.errors.length ? parseQti(qti) : emptyParsedFile()]);
    }
  }
}

const fieldOfFor = (format: ItemImportFormat) => (format === 'csv' || format === 'xlsx' ? tableFieldOf : (p: readonly PropertyKey[]) => (p.length ? String(p[0]) : null));

/** Checks every parsed item as POST /items would; returns the checked items and the writable ones. */
async function check(db: Db, format: ItemImportFormat, file: ParsedFile, defaults: string[]): Promise<{ checked: CheckedCandidate[]; prepared: PreparedItem[] }> {
  const fieldOf = fieldOfFor(format);
  const checked = checkCandidates(file.items, defaults, fieldOf);
  const valid = checked.filter((c) => c.body !== null);
  const results = await prepareItems(
    db,
    valid.map((c) => c.body!),
  );
  const prepared: PreparedItem[] = [];
  results.forEach((r, i) => {
    const c = valid[i]!;
    if (r.item) prepared.push(r.item);
    else {
      c.problems.push(...serviceProblems(r.problems, fieldOf));
      c.body = null;
    }
  });
  return { checked, prepared };
}

/**
 * Imports items from files of one format. `defaultKnowledgePoints` (codes or FRAMEWORK:CODE)
 * go to every item that names none. With `dryRun` nothing is written and the report lists every
 * problem; otherwise a file with any problem is refused as a whole (`import-invalid`, 422, with
 * the report) and a valid one is written in one transaction.
 */
export async function itemImporter(
  deps: Deps,
  ctx: OpContext,
  props: { format?: ItemImportFormat | undefined; sources: ImportSource[]; dryRun: boolean; defaultKnowledgePoints?: string | string[] | undefined },
): Promise<ItemImportReport> {
  if (!props.sources.length || props.sources.every((s) => s.bytes.length === 0)) throw invalid('The file is empty');
  const format = props.format ?? inferFormat(props.sources[0]!);
  if (!format) throw invalid('Say which format the file is in: format=csv, xlsx, moodle, gift or qti', { formats: ['csv', 'xlsx', 'moodle', 'gift', 'qti'] });
  const defaults = Array.isArray(props.defaultKnowledgePoints) ? props.defaultKnowledgePoints.flatMap(splitList) : splitList(props.defaultKnowledgePoints);
  const file = await parseSources(format, props.sources);
  if (file.items.length > MAX_IMPORT_ITEMS) {
    file.errors.push({ where: { kind: 'item', file: null, item: null, line: null }, issue: issue(null, `the file has ${file.items.length} items; import at most ${MAX_IMPORT_ITEMS} at a time`) });
  }
  const tooMany = file.items.length > MAX_IMPORT_ITEMS;
  const run = async (db: Db) => (tooMany ? { checked: [], prepared: [] } : check(db, format, file, defaults));
  const report = (checked: CheckedCandidate[], createdIds: number[], dryRun: boolean) => {
    const r = buildReport({ format, dryRun, file, checked, createdIds });
    return tooMany ? { ...r, totalItems: file.items.length } : r;
  };

  if (props.dryRun) return report((await run(deps.db)).checked, [], true);

  return deps.db.transaction(async (tx) => {
    const { checked, prepared } = await run(tx);
    const r = report(checked, [], false);
    if (r.errorCount || !prepared.length) {
      const why = r.errorCount ? `${r.errorCount} problem${r.errorCount === 1 ? '' : 's'}` : 'no items';
      throw new DomainError('import-invalid', `The file has ${why}; nothing was imported`, { ...r });
    }
    const views = await insertItems(tx, ctx.actorUserId, prepared, `imported (${format})`);
    const ids = views.map((v) => v.id);
    await recordAudit(tx, {
      actorUserId: ctx.actorUserId,
      action: 'item.import',
      entity: 'item',
      details: { format, files: props.sources.map((s) => s.name), encoding: file.encoding, layout: file.layout, created: ids.length, byType: r.byType, firstId: ids[0], lastId: ids.at(-1) },
      requestId: ctx.requestId ?? null,
    });
    return report(checked, ids, false);
  });
}

// ---- export ---------------------------------------------------------------------------

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
  exported: number;
  skipped: { id: number; reason: string }[];
}

/**
 * How a knowledge point is written in an export: its code when the code alone resolves to it,
 * otherwise FRAMEWORK_CODE:CODE.
 */
async function kpWriter(db: Db, items: ItemView[]): Promise<(kp: ItemView['knowledgePoints'][number]) => string> {
  const kps = items.flatMap((i) => i.knowledgePoints);
  const codes = [...new Set(kps.map((k) => k.code))];
  const [resolved, fw] = await Promise.all([codes.length ? resolveKps(db, codes) : Promise.resolve(new Map<string, number | string>()), repo.frameworkCodes(db, [...new Set(kps.map((k) => k.frameworkId))])]);
  return (kp) => (resolved.get(kp.code) === kp.id ? kp.code : `${fw.get(kp.frameworkId) ?? kp.frameworkId}:${kp.code}`);
}

/** Items matching the filters of GET /items in one file of the format; items a format cannot hold are listed as skipped. */
export async function itemExporter(deps: Deps, props: { query: ItemExportQuery }): Promise<ExportFile> {
  const { format, lang, ...filters } = props.query;
  const { rows, total } = await repo.itemsMatching(deps.db, filters, MAX_EXPORT_ITEMS);
  if (total > MAX_EXPORT_ITEMS) throw invalid(`${total} items match; export at most ${MAX_EXPORT_ITEMS} at a time (narrow the filters)`, { total, max: MAX_EXPORT_ITEMS });
  const items = rows.map(presentItem);
  const stamp = new Date().toISOString().slice(0, 10);
  switch (format) {
    case 'csv':
    case 'xlsx': {
      const sheet = itemSheet(items, lang, await kpWriter(deps.db, items));
      const common = { exported: sheet.rows.length, skipped: sheet.skipped };
      return format === 'csv'
        ? { filename: `items-${stamp}.csv`, contentType: 'text/csv; charset=utf-8', body: writeCsvItems(sheet), ...common }
        : { filename: `items-${stamp}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await writeXlsxItems(sheet, lang), ...common };
    }
    case 'moodle':
      return { filename: `items-${stamp}.xml`, contentType: 'application/xml; charset=utf-8', ...writeMoodleXml(items) };
    case 'gift':
      return { filename: `items-${stamp}.gift.txt`, contentType: 'text/plain; charset=utf-8', ...writeGift(items) };
    case 'qti':
      return { filename: `items-${stamp}-qti.zip`, contentType: 'application/zip', ...writeQtiPackage(items) };
  }
}

/** The import template: headers and one example row per item type. */
export async function itemTemplate(props: { format: 'csv' | 'xlsx'; lang: 'zh' | 'en' }): Promise<{ filename: string; contentType: string; body: Buffer }> {
  if (props.format === 'csv') return { filename: `items-template-${props.lang}.csv`, contentType: 'text/csv; charset=utf-8', body: csvTemplate(props.lang) };
  return { filename: `items-template-${props.lang}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await xlsxTemplate(props.lang) };
}
