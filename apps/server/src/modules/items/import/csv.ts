/**
 * Item bank CSV: decoding as every import does (lib/csv.ts: UTF-8 with or without BOM, GBK/
 * GB18030, UTF-16LE), then the spreadsheet rules of table.ts; export as UTF-8 with BOM (Excel
 * opens it as UTF-8) with formula-like cells guarded.
 */
import type { ItemView } from '@xueli/contracts';
import { csvDocument, decodeTextFile, readCsvRecords } from '../../../lib/csv.ts';
import { issue, type ParsedFile } from './plan.ts';
import { itemToRow, parseTableRecords, tableHeaderRow, templateRows, type TableField } from './table.ts';

/** MMLU file names are `<subject>_dev.csv`, `<subject>_val.csv`, `<subject>_test.csv`: the subject becomes a tag. */
export const mmluSubject = (fileName: string | null | undefined): string | undefined =>
  fileName ? /([a-z_]+?)_(?:dev|val|test)\.csv$/i.exec(fileName.split(/[\\/]/).pop() ?? '')?.[1]?.slice(0, 60) : undefined;

export function parseCsvItems(bytes: Uint8Array, fileName?: string | null): ParsedFile {
  const { text, encoding } = decodeTextFile(bytes);
  const { records, error } = readCsvRecords(text);
  if (error) {
    return { items: [], errors: [{ where: { kind: 'line', file: null, item: null, line: error.line }, issue: issue(null, error.message.replace(/^line \d+: /, ''), error.value) }], warnings: [], encoding, layout: null };
  }
  return { ...parseTableRecords(records, 'line', mmluSubject(fileName)), encoding };
}

export interface SheetRows {
  headers: string[];
  fields: TableField[];
  rows: Partial<Record<TableField, string | number>>[];
  skipped: { id: number; reason: string }[];
}

/** Items as spreadsheet rows (shared by the CSV and xlsx exports). */
export function itemSheet(items: ItemView[], lang: 'zh' | 'en', kpRef: (kp: ItemView['knowledgePoints'][number]) => string): SheetRows {
  const rows: SheetRows['rows'] = [];
  const skipped: SheetRows['skipped'] = [];
  let maxOptions = 0;
  for (const item of items) {
    const r = itemToRow(item, lang, kpRef);
    if ('skip' in r) skipped.push({ id: item.id, reason: r.skip });
    else {
      rows.push(r.cells);
      maxOptions = Math.max(maxOptions, item.options?.length ?? 0);
    }
  }
  const { fields, headers } = tableHeaderRow(lang, maxOptions);
  return { headers, fields, rows, skipped };
}

export function writeCsvItems(sheet: SheetRows): Buffer {
  return csvDocument(
    sheet.headers,
    sheet.rows.map((r) => sheet.fields.map((f) => r[f] ?? '')),
  );
}

/** The CSV template: headers and one example row per type. */
export function csvTemplate(lang: 'zh' | 'en'): Buffer {
  const { fields, headers } = tableHeaderRow(lang);
  return csvDocument(
    headers,
    templateRows(lang).map((r) => fields.map((f) => r[f] ?? '')),
  );
}
