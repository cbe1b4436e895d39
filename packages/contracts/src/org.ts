/**
 * Organisation context: departments (a tree), positions, employees and the HR CSV import.
 * Request bodies are strict (unknown fields → 400); nullable fields in PATCH bodies clear
 * the value when sent as `null` and are left alone when omitted.
 */
import { z } from 'zod';
import { isoDate, pageQuery } from './common.ts';

export const EMPLOYEE_STATUSES = ['active', 'leave', 'terminated'] as const;
export const employeeStatusSchema = z.enum(EMPLOYEE_STATUSES);
export type EmployeeStatus = z.infer<typeof employeeStatusSchema>;

const id = z.number().int().positive().max(2147483647);
/** Department and position codes: short, stable keys that HR files refer to. */
const code = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits and . _ - only');
const label = z.string().trim().min(1).max(200);

// ---- departments ----------------------------------------------------------------------

export const departmentItem = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  parentId: z.number().int().nullable(),
  /** 0 for a root department, 1 for its children, … */
  depth: z.number().int(),
  /** Employees (any status) whose department is exactly this one, not its sub-departments. */
  employeeCount: z.number().int(),
});
export type DepartmentItem = z.infer<typeof departmentItem>;

/** The whole tree as a flat list in depth-first order: every parent comes before its children. */
export const departmentList = z.object({ items: z.array(departmentItem) });

export const createDepartmentBody = z.strictObject({
  code,
  name: label,
  nameEn: label.optional(),
  parentId: id.optional(),
});

export const updateDepartmentBody = z
  .strictObject({
    code: code.optional(),
    name: label.optional(),
    nameEn: label.nullable().optional(),
    /** `null` makes it a root department. */
    parentId: id.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

// ---- positions ------------------------------------------------------------------------

export const positionItem = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string(),
  /** Employees (any status) holding this position. */
  employeeCount: z.number().int(),
});
export type PositionItem = z.infer<typeof positionItem>;

export const positionList = z.object({ items: z.array(positionItem) });

export const createPositionBody = z.strictObject({
  code,
  name: label,
  nameEn: label.optional(),
  description: z.string().trim().max(2000).optional(),
});

export const updatePositionBody = z
  .strictObject({
    code: code.optional(),
    name: label.optional(),
    nameEn: label.nullable().optional(),
    description: z.string().trim().max(2000).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

// ---- employees ------------------------------------------------------------------------

export const employeeItem = z.object({
  id: z.number().int(),
  employeeNo: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  departmentId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
  positionId: z.number().int().nullable(),
  positionName: z.string().nullable(),
  managerId: z.number().int().nullable(),
  managerName: z.string().nullable(),
  hireDate: z.string().nullable(),
  status: employeeStatusSchema,
});
export type EmployeeItem = z.infer<typeof employeeItem>;

export const employeeListQuery = z.strictObject({
  ...pageQuery,
  /** Case-insensitive substring of the name, employee number or email. */
  search: z.string().trim().max(100).optional(),
  /** This department and all departments below it. */
  departmentId: z.coerce.number().int().positive().max(2147483647).optional(),
  positionId: z.coerce.number().int().positive().max(2147483647).optional(),
  status: employeeStatusSchema.optional(),
  /** Direct reports of this employee. */
  managerId: z.coerce.number().int().positive().max(2147483647).optional(),
});
export type EmployeeListQuery = z.infer<typeof employeeListQuery>;

const employeeNo = z.string().trim().min(1).max(64).regex(/^\S+$/, 'no spaces');

export const createEmployeeBody = z.strictObject({
  employeeNo,
  name: label,
  email: z.email().max(200).optional(),
  departmentId: id.optional(),
  positionId: id.optional(),
  managerId: id.optional(),
  hireDate: isoDate.optional(),
  status: employeeStatusSchema.optional(),
});

export const updateEmployeeBody = z
  .strictObject({
    employeeNo: employeeNo.optional(),
    name: label.optional(),
    email: z.email().max(200).nullable().optional(),
    departmentId: id.nullable().optional(),
    positionId: id.nullable().optional(),
    managerId: id.nullable().optional(),
    hireDate: isoDate.nullable().optional(),
    /** There is no hard delete: set `terminated` instead. */
    status: employeeStatusSchema.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

// ---- CSV import -----------------------------------------------------------------------

export const importQuery = z.strictObject({
  /** `true` (default) validates and counts without writing anything. */
  dryRun: z.enum(['true', 'false']).default('true'),
});

export const importTemplateQuery = z.strictObject({ lang: z.enum(['zh', 'en']).default('zh') });

/** One problem in an import file. File-level problems (headers, encoding) use line 1 or the line the parser stopped at. */
export const importError = z.object({
  /** 1-based line in the file where the record starts; the header is line 1. */
  line: z.number().int(),
  /** The column (canonical English name, e.g. `department`), or null for a file-level problem. */
  field: z.string().nullable(),
  /** The offending value as written in the file, or null. */
  value: z.string().nullable(),
  /** English sentence starting with `line N:`. */
  message: z.string(),
});
export type ImportError = z.infer<typeof importError>;

export const importSummary = z.object({
  dryRun: z.boolean(),
  /** Data rows in the file (blank rows are not counted). */
  totalRows: z.number().int(),
  /** Counts among rows without errors. */
  toCreate: z.number().int(),
  toUpdate: z.number().int(),
  unchanged: z.number().int(),
  /** Every problem found, ordered by line; capped at 1000 (see `errorCount`). */
  errors: z.array(importError),
  /** Number of problems found, which may exceed `errors.length`. */
  errorCount: z.number().int(),
});
export type ImportSummary = z.infer<typeof importSummary>;
