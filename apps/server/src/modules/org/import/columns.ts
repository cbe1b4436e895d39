/**
 * Header mapping for the HR import. HR exports name their columns in Chinese or English,
 * with any case, spacing or separators (`Employee No`, `employee_no`, `工号`); each header is
 * normalised and looked up in one alias table.
 */

/** The columns the importer understands, by their canonical (English) names. */
export const IMPORT_FIELDS = [
  'employeeNo',
  'name',
  'email',
  'department',
  'position',
  'manager',
  'hireDate',
  'status',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Columns without which a file is refused. */
export const REQUIRED_FIELDS: readonly ImportField[] = ['employeeNo', 'name'];

const ALIASES: Record<ImportField, readonly string[]> = {
  employeeNo: [
    'employeeNo',
    'employee_no',
    'employee number',
    'employeeId',
    'staffNo',
    'empNo',
    '工号',
    '员工编号',
    '员工工号',
    '员工号',
    '职工号',
  ],
  name: ['name', 'fullName', 'employeeName', '姓名', '员工姓名'],
  email: ['email', 'e-mail', 'mail', '邮箱', '电子邮件', '电子邮箱', '邮件'],
  department: ['department', 'dept', 'departmentCode', 'departmentName', '部门', '所属部门', '部门编码', '部门名称'],
  position: [
    'position',
    'job',
    'jobTitle',
    'title',
    'positionCode',
    'positionName',
    '岗位',
    '职位',
    '岗位名称',
    '职位名称',
  ],
  manager: [
    'manager',
    'managerNo',
    'manager_no',
    'managerEmployeeNo',
    'reportsTo',
    'supervisor',
    '上级',
    '直属上级',
    '上级工号',
    '直属上级工号',
    '汇报对象',
  ],
  hireDate: ['hireDate', 'hire_date', 'startDate', 'joinDate', 'dateHired', '入职日期', '入职时间'],
  status: ['status', 'employmentStatus', '状态', '员工状态', '在职状态'],
};

/** Lower-case, full-width ASCII folded to half-width, and spaces, `_`, `-`, `.` removed. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_\-.\u3000]+/g, '');
}

const LOOKUP = new Map<string, ImportField>(
  IMPORT_FIELDS.flatMap((f) => ALIASES[f].map((a) => [normalizeHeader(a), f] as const)),
);

/** The canonical field a header names, or undefined when the header is unknown. */
export const fieldOfHeader = (header: string): ImportField | undefined => LOOKUP.get(normalizeHeader(header));

export interface HeaderMapping {
  /** Column index → field, for every recognised column. */
  columns: Map<number, ImportField>;
  /** Headers that name no known column, as written. */
  unknown: string[];
  /** Required fields with no column. */
  missing: ImportField[];
  /** Fields named by more than one column, with the headers that named them. */
  duplicated: { field: ImportField; headers: string[] }[];
}

/** Maps a header row. Blank header cells (trailing commas from spreadsheets) are ignored. */
export function mapHeaders(headers: readonly string[]): HeaderMapping {
  const columns = new Map<number, ImportField>();
  const unknown: string[] = [];
  const seen = new Map<ImportField, string[]>();
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
    missing: REQUIRED_FIELDS.filter((f) => !seen.has(f)),
    duplicated: [...seen].filter(([, hs]) => hs.length > 1).map(([field, hs]) => ({ field, headers: hs })),
  };
}

/** Template headers, in column order, for `GET /employees/import/template`. */
export const TEMPLATE_HEADERS: Record<'zh' | 'en', readonly string[]> = {
  zh: ['工号', '姓名', '邮箱', '部门', '岗位', '上级工号', '入职日期', '状态'],
  en: ['employeeNo', 'name', 'email', 'department', 'position', 'managerNo', 'hireDate', 'status'],
};
