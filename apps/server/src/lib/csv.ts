/**
 * CSV files people upload (HR exports, knowledge-point lists) and download (exports opened in
 * Excel), shared by every import:
 *   decodeTextFile → parseCsvTable (records with file line numbers, headers mapped through an
 *   alias table built by `headerMapper`) → the caller's own planning.
 *
 * Decoding: Excel on a zh-CN Windows saves "CSV" as GBK (GB18030 is its superset), newer Excel
 * and most HR systems as UTF-8 with or without a BOM, and "Unicode text" as UTF-16LE with a BOM.
 * UTF-8 is tried strictly first: GBK bytes are almost never valid UTF-8, so a decoding failure
 * is a reliable sign of GB18030.
 *
 * Line numbers: quoted fields may contain line breaks, so they come from the parser's line
 * counter (`info.lines`, the line where a record ends) minus the line breaks inside the record.
 */
import type { ImportError } from '@xueli/contracts';
import { CsvError, parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

// ---- decoding -------------------------------------------------------------------------

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'gb18030';

/** Decodes an uploaded text file; the BOM, when present, is not part of the text. */
export function decodeTextFile(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  }
  try {
    // `fatal` throws on any invalid sequence; the UTF-8 BOM is dropped (ignoreBOM: false).
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return {
      text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'),
      encoding: 'gb18030',
    };
  }
}

// ---- headers --------------------------------------------------------------------------

/** Lower-case, full-width ASCII folded to half-width, and spaces, `_`, `-`, `.` removed. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_\-.\u3000]+/g, '');
}

export interface HeaderMapping<F extends string> {
  /** Column index → field, for every recognised column. */
  columns: Map<number, F>;
  /** Headers that name no known column, as written. */
  unknown: string[];
  /** Required fields with no column. */
  missing: F[];
  /** Fields named by more than one column, with the headers that named them. */
  duplicated: { field: F; headers: string[] }[];
}

export interface HeaderMapper<F extends string> {
  /** The canonical field a header names, or undefined when the header is unknown. */
  fieldOfHeader: (header: string) => F | undefined;
  /** Maps a header row. Blank header cells (trailing commas from spreadsheets) are ignored. */
  mapHeaders: (headers: readonly string[]) => HeaderMapping<F>;
}

/**
 * Header recognition for one kind of file: each header is normalised (`normalizeHeader`) and
 * looked up in the alias table, so `Employee No`, `employee_no` and `工号` all name one field.
 */
export function headerMapper<F extends string>(
  aliases: Record<F, readonly string[]>,
  required: readonly F[],
): HeaderMapper<F> {
  const lookup = new Map<string, F>(
    (Object.keys(aliases) as F[]).flatMap((f) => aliases[f].map((a) => [normalizeHeader(a), f] as const)),
  );
  const fieldOfHeader = (header: string) => lookup.get(normalizeHeader(header));
  return {
    fieldOfHeader,
    mapHeaders: (headers) => {
      const columns = new Map<number, F>();
      const unknown: string[] = [];
      const seen = new Map<F, string[]>();
      headers.forEach((raw, i) => {
        const header = raw.trim();
        if (!header) return;
        const field = fieldOfHeader(header);
        if (!field) return void unknown.push(header);
        columns.set(i, field);
        seen.set(field, [...(seen.get(field) ?? []), header]);
      });
      return {
        columns,
        unknown,
        missing: required.filter((f) => !seen.has(f)),
        duplicated: [...seen].filter(([, hs]) => hs.length > 1).map(([field, hs]) => ({ field, headers: hs })),
      };
    },
  };
}

// ---- cells ----------------------------------------------------------------------------

/**
 * The text of a cell: trimmed, and unwrapped from Excel's `="00123"` (used by HR exports to
 * keep leading zeros in employee numbers).
 */
export function cleanCell(raw: string | undefined): string {
  const t = (raw ?? '').trim();
  const m = /^="(.*)"$/.exec(t);
  return m ? m[1]!.trim() : t;
}

// ---- reading --------------------------------------------------------------------------

/** A file-level problem (no column), with the `line N:` prefix every import message has. */
export const fileError = (line: number, message: string, value: string | null = null): ImportError => ({
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

/** One record of a table file: the 1-based line (or spreadsheet row) where it starts, and its raw cells. */
export interface TableRecord {
  line: number;
  cells: string[];
}

/** Records of a CSV text (line breaks already `\n`), each with the line where it starts. */
function readRecords(text: string): { records: TableRecord[]; error?: ImportError } {
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

export interface CsvRow<F extends string> {
  /** 1-based line where the record starts; the header is line 1. */
  line: number;
  /** Cleaned cell text per field present in the file ('' for a blank cell). */
  cells: Partial<Record<F, string>>;
}

export interface CsvTable<F extends string> {
  /** Fields that have a column. */
  fields: ReadonlySet<F>;
  rows: CsvRow<F>[];
  /** File-level and row-shape problems; when non-empty, `rows` may be incomplete. */
  errors: ImportError[];
}

/**
 * Reads a decoded CSV file whose first record is a header row, mapped with `headers`. Blank
 * rows are skipped. Unknown, missing required or duplicated columns are file errors (no rows
 * are returned then). A row with more non-blank cells than the header has columns is an
 * error; missing trailing cells (spreadsheets drop them) are blank.
 */
export function parseCsvTable<F extends string>(decoded: string, headers: HeaderMapper<F>): CsvTable<F> {
  const { records, error } = readCsvRecords(decoded);
  if (error) return { fields: new Set(), rows: [], errors: [error] };
  return tableOfRecords(records, headers);
}

/**
 * The raw records of a decoded CSV file (no header handling), for files whose layout is decided
 * by their content; `error` is a file-level problem that stopped the reading.
 */
export function readCsvRecords(decoded: string): { records: TableRecord[]; error?: ImportError } {
  // One line-break convention for the parser (and inside quoted cells); a lone CR is a break too.
  return readRecords(decoded.replace(/\r\n?/g, '\n'));
}

/**
 * A header row and data records (from a CSV file or a spreadsheet) as rows keyed by field, with
 * the same rules as `parseCsvTable`.
 */
export function tableOfRecords<F extends string>(records: readonly TableRecord[], headers: HeaderMapper<F>): CsvTable<F> {
  const [header, ...data] = records;
  if (!header)
    return {
      fields: new Set(),
      rows: [],
      errors: [fileError(1, 'the file is empty; the first line must be a header row')],
    };

  const mapping = headers.mapHeaders(header.cells);
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
  const rows: CsvRow<F>[] = [];
  for (const rec of data) {
    if (rec.cells.every((c) => c.trim() === '')) continue;
    const extra = rec.cells.slice(width).filter((c) => c.trim() !== '');
    if (extra.length) {
      errors.push(
        fileError(rec.line, `has ${rec.cells.length} cells but the header has ${width} columns`, extra.join(', ')),
      );
    }
    const cells: CsvRow<F>['cells'] = {};
    for (const [i, field] of columns) cells[field] = cleanCell(rec.cells[i]);
    rows.push({ line: rec.line, cells });
  }
  return { fields: new Set(mapping.columns.values()), rows, errors };
}

// ---- writing --------------------------------------------------------------------------

/**
 * A cell as CSV text: quoted when it holds a comma, quote or line break. A cell that a
 * spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) is prefixed
 * with `'` (OWASP CSV injection); `unescapeFormula` undoes it on import.
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value == null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Reverses the `'` that `csvCell` puts before a formula-like cell. */
export const unescapeFormula = (cell: string): string => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/**
 * A CSV document (CRLF line ends) starting with a UTF-8 BOM, so that Excel opens it as UTF-8
 * rather than the system code page.
 */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): Buffer {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
