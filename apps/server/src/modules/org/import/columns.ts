/**
 * Header mapping for the HR import. HR exports name their columns in Chinese or English,
 * with any case, spacing or separators (`Employee No`, `employee_no`, `工号`); each header is
 * normalised and looked up in one alias table (lib/csv.ts).
 */
import { headerMapper, normalizeHeader, type HeaderMapping as CsvHeaderMapping } from '../../../lib/csv.ts';

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

/** The header recognition of the employee import, for `parseCsvTable`. */
export const employeeHeaders = headerMapper<ImportField>(ALIASES, REQUIRED_FIELDS);

export { normalizeHeader };

/** The canonical field a header names, or undefined when the header is unknown. */
export const fieldOfHeader = employeeHeaders.fieldOfHeader;

export type HeaderMapping = CsvHeaderMapping<ImportField>;

/** Maps a header row. Blank header cells (trailing commas from spreadsheets) are ignored. */
export const mapHeaders = employeeHeaders.mapHeaders;

/** Template headers, in column order, for `GET /employees/import/template`. */
export const TEMPLATE_HEADERS: Record<'zh' | 'en', readonly string[]> = {
  zh: ['工号', '姓名', '邮箱', '部门', '岗位', '上级工号', '入职日期', '状态'],
  en: ['employeeNo', 'name', 'email', 'department', 'position', 'managerNo', 'hireDate', 'status'],
};
