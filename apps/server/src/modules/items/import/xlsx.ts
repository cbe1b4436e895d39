/**
 * Item bank xlsx (exceljs): the first worksheet is read with the spreadsheet rules of
 * table.ts, each problem at its spreadsheet row. The zip is checked (entry count, expanded
 * size) before exceljs opens it. Exports and templates have a frozen, bold header row; the
 * template has a second sheet explaining the columns.
 */
import ExcelJS from 'exceljs';
import { issue, type ParsedFile } from './plan.ts';
import { tableHeaderRow, TEMPLATE_HELP, templateRows, parseTableRecords, type TableField } from './table.ts';
import type { SheetRows } from './csv.ts';
import { checkZip, isZip, ZipError } from './zip.ts';

/** An xlsx may expand to at most this much (its XML is verbose, but not this verbose). */
export const MAX_XLSX_EXPANDED_BYTES = 200 * 1024 * 1024;

const fileError = (message: string): ParsedFile => ({
  items: [],
  errors: [{ where: { kind: 'row', file: null, item: null, line: 1 }, issue: issue(null, message) }],
  warnings: [],
  encoding: null,
  layout: null,
});

/** The text a cell shows (rich text joined, formulas by their result, dates as ISO dates). */
function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v && typeof v.text === 'string') return v.text;
  }
  return '';
}

export async function parseXlsxItems(bytes: Uint8Array): Promise<ParsedFile> {
  if (!isZip(bytes)) return fileError('not an xlsx file (an .xlsx is a zip; save the sheet as Excel Workbook, or import it as CSV)');
  try {
    checkZip(bytes, { maxEntries: 10000, maxTotalBytes: MAX_XLSX_EXPANDED_BYTES });
  } catch (e) {
    if (e instanceof ZipError) return fileError(`the xlsx cannot be read: ${e.message}`);
    throw e;
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    return fileError(`the xlsx cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return fileError('the workbook has no worksheet');
  const records: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = Array.isArray(row.values) ? row.values : [];
    const cells: string[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i] ?? null));
    records.push({ line: rowNumber, cells });
  });
  return { ...parseTableRecords(records, 'row'), encoding: null };
}

function addItemSheet(wb: ExcelJS.Workbook, name: string, headers: string[], rows: (string | number)[][]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(headers).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((col, i) => {
    col.width = i === 1 ? 48 : 16;
  });
  return ws;
}

export async function writeXlsxItems(sheet: SheetRows, lang: 'zh' | 'en'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  addItemSheet(
    wb,
    lang === 'zh' ? '题目' : 'items',
    sheet.headers,
    sheet.rows.map((r) => sheet.fields.map((f) => r[f] ?? '')),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The xlsx template: an items sheet with one example row per type, and a help sheet. */
export async function xlsxTemplate(lang: 'zh' | 'en'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const { fields, headers } = tableHeaderRow(lang);
  addItemSheet(
    wb,
    lang === 'zh' ? '题目' : 'items',
    headers,
    templateRows(lang).map((r) => fields.map((f: TableField) => r[f] ?? '')),
  );
  const help = wb.addWorksheet(lang === 'zh' ? '说明' : 'help');
  help.addRow(lang === 'zh' ? ['列', '说明'] : ['column', 'meaning']).font = { bold: true };
  for (const [c, m] of TEMPLATE_HELP[lang]) help.addRow([c, m]);
  help.getColumn(1).width = 18;
  help.getColumn(2).width = 100;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
