/**
 * Item bank import and export (issue 4 §2): spreadsheets (CSV, xlsx), Moodle XML, GIFT and
 * QTI 3.0. Every imported item becomes a `createItemBody` and is validated like `POST /items`;
 * the report lists every problem with where it is, and a real run writes all or nothing.
 */
import { z } from 'zod';
import { itemListQuery } from './items.ts';

export const ITEM_IMPORT_FORMATS = ['csv', 'xlsx', 'moodle', 'gift', 'qti'] as const;
export type ItemImportFormat = (typeof ITEM_IMPORT_FORMATS)[number];

/** Query of `POST /items/import`; the same names may be sent as multipart fields (which win). */
export const itemImportQuery = z.strictObject({
  /** The file's format; when absent it is inferred from the file name and content. */
  format: z.enum(ITEM_IMPORT_FORMATS).optional(),
  /** `true` (default) validates and reports without writing anything. */
  dryRun: z.enum(['true', 'false']).default('true'),
  /**
   * Knowledge-point codes (or FRAMEWORK:CODE) given to every item that names none, separated by
   * `,` `;` or `；` — needed for Moodle, GIFT, QTI and MMLU files, which carry no knowledge points.
   */
  defaultKnowledgePoints: z.string().trim().max(2000).optional(),
});
export type ItemImportQuery = z.infer<typeof itemImportQuery>;

export const itemTemplateQuery = z.strictObject({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  lang: z.enum(['zh', 'en']).default('zh'),
});

/** `GET /items/export`: the filters of `GET /items` (no paging), the format and, for spreadsheets, the header language. */
export const itemExportQuery = itemListQuery.omit({ page: true, pageSize: true }).extend({
  format: z.enum(ITEM_IMPORT_FORMATS),
  lang: z.enum(['zh', 'en']).default('zh'),
});
export type ItemExportQuery = z.infer<typeof itemExportQuery>;

/** One problem (or warning) of an import, with where it is. */
export const itemImportProblem = z.object({
  /** The file inside a package (a QTI zip) or among several files; null for a single file. */
  file: z.string().nullable(),
  /** 1-based item number in the file (XML, GIFT) or null (spreadsheets, file-level problems). */
  item: z.number().int().nullable(),
  /** CSV: the line where the row starts; xlsx: the spreadsheet row; XML/GIFT: the line where the item starts. */
  line: z.number().int().nullable(),
  /** The column (spreadsheets, canonical English name) or item field the problem is about, or null. */
  field: z.string().nullable(),
  /** The offending value as written, or null. */
  value: z.string().nullable(),
  /** English sentence starting with where it is (`line 4:`, `row 4:`, `item 3 (line 27):`). */
  message: z.string(),
});
export type ItemImportProblem = z.infer<typeof itemImportProblem>;

export const itemImportReport = z.object({
  format: z.enum(ITEM_IMPORT_FORMATS),
  dryRun: z.boolean(),
  /** How the text was decoded (utf-8, gb18030, utf-16le), when it is text. */
  encoding: z.string().nullable(),
  /** Spreadsheets: `header` (a header row) or `mmlu` (headerless question,A,B,C,D,answer). */
  layout: z.enum(['header', 'mmlu']).nullable(),
  /** Items found in the file(s). */
  totalItems: z.number().int(),
  /** Items without any problem. */
  validItems: z.number().int(),
  /** Valid items by type. */
  byType: z.record(z.string(), z.number().int()),
  /** Items written (0 on a dry run), as drafts; their ids in file order. */
  created: z.number().int(),
  itemIds: z.array(z.number().int()),
  /** Every problem found, in file order; capped at 1000 (see `errorCount`). */
  errors: z.array(itemImportProblem),
  errorCount: z.number().int(),
  /** What was imported differently from the file (skipped parts, approximated scoring); capped at 1000. */
  warnings: z.array(itemImportProblem),
  warningCount: z.number().int(),
});
export type ItemImportReport = z.infer<typeof itemImportReport>;
