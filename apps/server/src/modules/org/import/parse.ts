/**
 * CSV text → rows keyed by canonical field, each with the file line where its record starts.
 * Quoted fields may contain line breaks, so line numbers come from the parser's line counter
 * (`info.lines`, the line where a record ends) minus the line breaks inside the record.
 */
import type { ImportError } from '@xueli/contracts';
import { CsvError, parse } from 'csv-parse/sync';
import { mapHeaders, type ImportField } from './columns.ts';
import { cleanCell } from './values.ts';

export interface FileRow {
  /** 1-based line where the record starts; the header is line 1. */
  line: number;
  /** Cleaned cell text per field present in the file ('' for a blank cell). */
  cells: Partial<Record<ImportField, string>>;
}

export interface ParsedFile {
  /** Fields that have a column. An absent column leaves that attribute of existing employees unchanged. */
  fields: ReadonlySet<ImportField>;
  rows: FileRow[];
  /** File-level and row-shape problems; when non-empty, `rows` may be incomplete. */
  errors: ImportError[];
}

const fileError = (line: number, message: string, value: string | null = null): ImportError => ({
  line,
  field: null,
  value,
  message: `line ${line}: ${message}`,
});

const countBreaks = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/** Comma unless the header line has tabs and no commas (tab-separated exports). */
function delimiterOf(text: string): string {
  const first = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  return !first.includes(',') && first.includes('\t') ? '\t' : ',';
}

type Record_ = { record: string[]; info: { lines: number } };

function readRecords(text: string): { records: { line: number; cells: string[] }[]; error?: ImportError } {
  let lastRecordEnd = 0;
  try {
    const parsed = parse(text, {
      delimiter: delimiterOf(text),
      record_delimiter: '\n',
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: (record: Record_, context: { lines: number }) => {
        lastRecordEnd = context.lines;
        return record;
      },
    }) as Record_[];
    return {
      records: parsed.map((r) => ({
        line: r.info.lines - r.record.reduce((n, c) => n + countBreaks(c), 0),
        cells: r.record,
      })),
    };
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      // The parser stops at the end of the file; the broken record starts at the first
      // non-empty line after the last good record (empty lines are skipped, not records).
      const lines = text.split('\n');
      let start = lastRecordEnd + 1;
      while (start < lines.length && lines[start - 1] === '') start++;
      return { records: [], error: fileError(start, 'a quoted cell is never closed (a " is missing)') };
    }
    const at = (err as unknown as { lines?: unknown }).lines;
    return { records: [], error: fileError(typeof at === 'number' ? at : 1, `the CSV cannot be read: ${err.message}`) };
  }
}

/**
 * Reads a decoded HR file. Blank rows are skipped. A row with more non-blank cells than the
 * header has columns is an error; missing trailing cells (spreadsheets drop them) are blank.
 */
export function parseEmployeeCsv(decoded: string): ParsedFile {
  // One line-break convention for the parser (and inside quoted cells); a lone CR is a break too.
  const text = decoded.replace(/\r\n?/g, '\n');
  const { records, error } = readRecords(text);
  if (error) return { fields: new Set(), rows: [], errors: [error] };
  const [header, ...data] = records;
  if (!header)
    return {
      fields: new Set(),
      rows: [],
      errors: [fileError(1, 'the file is empty; the first line must be a header row')],
    };

  const mapping = mapHeaders(header.cells);
  const errors: ImportError[] = [];
  if (mapping.unknown.length) {
    const list = mapping.unknown.map((h) => `'${h}'`).join(', ');
    errors.push(
      fileError(
        header.line,
        `unknown column${mapping.unknown.length > 1 ? 's' : ''} ${list}`,
        mapping.unknown.join(', '),
      ),
    );
  }
  if (mapping.missing.length) {
    errors.push(
      fileError(
        header.line,
        `required column${mapping.missing.length > 1 ? 's' : ''} missing: ${mapping.missing.join(', ')}`,
      ),
    );
  }
  for (const d of mapping.duplicated) {
    errors.push(
      fileError(
        header.line,
        `columns ${d.headers.map((h) => `'${h}'`).join(' and ')} both mean ${d.field}`,
        d.headers.join(', '),
      ),
    );
  }
  if (errors.length) return { fields: new Set(mapping.columns.values()), rows: [], errors };

  const width = header.cells.length;
  const columns = [...mapping.columns];
  const rows: FileRow[] = [];
  for (const rec of data) {
    if (rec.cells.every((c) => c.trim() === '')) continue;
    const extra = rec.cells.slice(width).filter((c) => c.trim() !== '');
    if (extra.length) {
      errors.push(
        fileError(rec.line, `has ${rec.cells.length} cells but the header has ${width} columns`, extra.join(', ')),
      );
    }
    const cells: FileRow['cells'] = {};
    for (const [i, field] of columns) cells[field] = cleanCell(rec.cells[i]);
    rows.push({ line: rec.line, cells });
  }
  return { fields: new Set(mapping.columns.values()), rows, errors };
}
