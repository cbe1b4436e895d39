/**
 * CSV text → employee rows keyed by canonical field, each with the file line where its record
 * starts. The reading itself (quoted line breaks, line numbers, header problems) is the shared
 * `parseCsvTable` of lib/csv.ts; this file fixes the employee columns.
 */
import { parseCsvTable, type CsvRow, type CsvTable } from '../../../lib/csv.ts';
import { employeeHeaders, type ImportField } from './columns.ts';

export type FileRow = CsvRow<ImportField>;

/**
 * A parsed HR file. `fields` are the columns present: an absent column leaves that attribute
 * of existing employees unchanged. When `errors` is non-empty, `rows` may be incomplete.
 */
export type ParsedFile = CsvTable<ImportField>;

/**
 * Reads a decoded HR file. Blank rows are skipped. A row with more non-blank cells than the
 * header has columns is an error; missing trailing cells (spreadsheets drop them) are blank.
 */
export const parseEmployeeCsv = (decoded: string): ParsedFile => parseCsvTable(decoded, employeeHeaders);
