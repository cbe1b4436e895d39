/**
 * Validation and planning of an employee import, against a snapshot of the database. Pure:
 * no I/O, so every rule is unit-tested without a database. Every row is checked and every
 * problem collected (an HR officer fixes the whole file in one pass), then the valid rows are
 * sorted into creates, updates and unchanged by employee number.
 *
 * Column semantics: a column absent from the file leaves that attribute of existing employees
 * as it is; a blank cell in a present column clears it (status: blank keeps the current
 * status, `active` for a new employee).
 */
import type { ImportError } from '@xueli/contracts';
import type { EmployeeStatus } from '../../../db/schema/index.ts';
import type { ImportField } from './columns.ts';
import { RefIndex, type NamedRef } from './lookup.ts';
import type { FileRow, ParsedFile } from './parse.ts';
import { STATUS_HINT, isEmail, parseHrDate, parseHrStatus } from './values.ts';

/** An employee as the database holds it, reduced to what an import can change. */
export interface ExistingEmployee {
  id: number;
  employeeNo: string;
  name: string;
  email: string | null;
  departmentId: number | null;
  positionId: number | null;
  managerId: number | null;
  hireDate: string | null;
  status: EmployeeStatus;
}

/** The database state an import is validated against. */
export interface ImportReference {
  departments: readonly NamedRef[];
  positions: readonly NamedRef[];
  employees: readonly ExistingEmployee[];
}

/** An employee's state after the import; the manager is named by employee number because it may be new. */
export interface EmployeeDraft {
  employeeNo: string;
  name: string;
  email: string | null;
  departmentId: number | null;
  positionId: number | null;
  hireDate: string | null;
  status: EmployeeStatus;
  managerNo: string | null;
}

export interface ImportPlan {
  totalRows: number;
  /** New employees, a new manager always before their reports (see `managersFirst`). */
  creates: EmployeeDraft[];
  updates: (EmployeeDraft & { id: number })[];
  unchanged: number;
  /** Ordered by line; empty means the plan may be applied. */
  errors: ImportError[];
}

const DATE_HINT = 'use YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日';

interface RowState {
  row: FileRow;
  draft: EmployeeDraft;
  existing: ExistingEmployee | undefined;
}

class Problems {
  readonly list: ImportError[] = [];
  readonly lines = new Set<number>();
  add(line: number, field: ImportField | null, value: string | null, message: string) {
    this.list.push({ line, field, value, message: `line ${line}: ${message}` });
    this.lines.add(line);
  }
}

function resolveRef(
  p: Problems,
  row: FileRow,
  field: 'department' | 'position',
  index: RefIndex,
): number | null | undefined {
  const cell = row.cells[field] ?? '';
  if (!cell) return null;
  const r = index.resolve(cell);
  if ('id' in r) return r.id;
  if (r.error === 'ambiguous') {
    p.add(row.line, field, cell, `${field} '${cell}' is ambiguous (codes ${r.codes.join(', ')}); use the code`);
  } else {
    p.add(row.line, field, cell, `${field} '${cell}' does not exist`);
  }
  return undefined;
}

/** Reads one row's cells over the employee's current state (or the defaults for a new one). */
function draftOf(
  p: Problems,
  row: FileRow,
  fields: ReadonlySet<ImportField>,
  existing: ExistingEmployee | undefined,
  ctx: { depts: RefIndex; positions: RefIndex; managerNoOf: (e: ExistingEmployee) => string | null },
): EmployeeDraft {
  const c = row.cells;
  const draft: EmployeeDraft = {
    employeeNo: c.employeeNo ?? '',
    name: existing?.name ?? '',
    email: existing?.email ?? null,
    departmentId: existing?.departmentId ?? null,
    positionId: existing?.positionId ?? null,
    hireDate: existing?.hireDate ?? null,
    status: existing?.status ?? 'active',
    managerNo: existing ? ctx.managerNoOf(existing) : null,
  };
  const name = c.name ?? '';
  if (!name) p.add(row.line, 'name', '', 'name is required');
  else if (name.length > 200) p.add(row.line, 'name', name, 'name is longer than 200 characters');
  else draft.name = name;

  if (fields.has('email')) {
    const email = c.email ?? '';
    if (email && !isEmail(email)) p.add(row.line, 'email', email, `email '${email}' is not a valid e-mail address`);
    else draft.email = email || null;
  }
  for (const [field, index, key] of [
    ['department', ctx.depts, 'departmentId'],
    ['position', ctx.positions, 'positionId'],
  ] as const) {
    if (!fields.has(field)) continue;
    const id = resolveRef(p, row, field, index);
    if (id !== undefined) draft[key] = id;
  }
  if (fields.has('hireDate')) {
    const text = c.hireDate ?? '';
    const date = text ? parseHrDate(text) : null;
    if (text && !date) p.add(row.line, 'hireDate', text, `hireDate '${text}' is not a valid date (${DATE_HINT})`);
    else draft.hireDate = date;
  }
  if (fields.has('status') && c.status) {
    const status = parseHrStatus(c.status);
    if (!status) p.add(row.line, 'status', c.status, `status '${c.status}' is not one of ${STATUS_HINT}`);
    else draft.status = status;
  }
  if (fields.has('manager')) draft.managerNo = c.manager || null;
  return draft;
}

/**
 * Finds reporting cycles in the final manager graph (database edges overridden by the file's)
 * and blames every file row whose manager cell closes one. Each employee has at most one
 * manager, so one walk per chain finds every cycle in O(n).
 */
function findCycles(p: Problems, managerOf: Map<string, string | null>, setByFile: Map<string, RowState>) {
  const state = new Map<string, 'walking' | 'done'>();
  for (const start of managerOf.keys()) {
    const path: string[] = [];
    let node: string | null = start;
    while (node != null && !state.has(node)) {
      state.set(node, 'walking');
      path.push(node);
      node = managerOf.get(node) ?? null;
    }
    if (node != null && state.get(node) === 'walking') {
      const cycle = path.slice(path.indexOf(node));
      cycle.forEach((member, i) => {
        const rs = setByFile.get(member);
        if (!rs) return;
        const chain = [...cycle.slice(i), ...cycle.slice(0, i), member].join(' → ');
        p.add(
          rs.row.line,
          'manager',
          rs.draft.managerNo,
          `manager '${rs.draft.managerNo}' would create a reporting cycle: ${chain}`,
        );
      });
    }
    for (const n of path) state.set(n, 'done');
  }
}

/**
 * Orders new employees so that a new manager comes before their reports: the order in which
 * rows can be written when the manager foreign key is checked statement by statement.
 * O(n); the `placed` guard also stops on a cycle (which validation has already refused).
 */
export function managersFirst(creates: readonly EmployeeDraft[]): EmployeeDraft[] {
  const byNo = new Map(creates.map((d) => [d.employeeNo, d]));
  const placed = new Set<string>();
  const out: EmployeeDraft[] = [];
  for (const d of creates) {
    const chain: EmployeeDraft[] = [];
    for (
      let c: EmployeeDraft | undefined = d;
      c && !placed.has(c.employeeNo);
      c = c.managerNo ? byNo.get(c.managerNo) : undefined
    ) {
      placed.add(c.employeeNo);
      chain.push(c);
    }
    for (let i = chain.length - 1; i >= 0; i--) out.push(chain[i]!);
  }
  return out;
}

const sameAs = (d: EmployeeDraft, e: ExistingEmployee, existingManagerNo: string | null) =>
  d.name === e.name &&
  d.email === e.email &&
  d.departmentId === e.departmentId &&
  d.positionId === e.positionId &&
  d.hireDate === e.hireDate &&
  d.status === e.status &&
  d.managerNo === existingManagerNo;

/** Validates a parsed file against the database snapshot and sorts its rows. */
export function planImport(file: ParsedFile, ref: ImportReference): ImportPlan {
  const p = new Problems();
  for (const e of file.errors) {
    p.list.push(e);
    p.lines.add(e.line);
  }
  const existingByNo = new Map(ref.employees.map((e) => [e.employeeNo, e]));
  const noById = new Map(ref.employees.map((e) => [e.id, e.employeeNo]));
  const managerNoOf = (e: ExistingEmployee) => (e.managerId != null ? (noById.get(e.managerId) ?? null) : null);
  const ctx = { depts: new RefIndex(ref.departments), positions: new RefIndex(ref.positions), managerNoOf };

  const firstLine = new Map<string, number>();
  const states: RowState[] = [];
  for (const row of file.rows) {
    const no = row.cells.employeeNo ?? '';
    if (!no) p.add(row.line, 'employeeNo', '', 'employeeNo is required');
    else if (no.length > 64 || /\s/.test(no))
      p.add(row.line, 'employeeNo', no, `employee number '${no}' must be 1–64 characters without spaces`);
    else if (firstLine.has(no))
      p.add(row.line, 'employeeNo', no, `employee number '${no}' already appears on line ${firstLine.get(no)}`);
    else firstLine.set(no, row.line);
    const existing = no ? existingByNo.get(no) : undefined;
    states.push({ row, existing, draft: draftOf(p, row, file.fields, existing, ctx) });
  }

  // Managers may be defined anywhere in the file or already be in the database.
  const managerOf = new Map<string, string | null>(ref.employees.map((e) => [e.employeeNo, managerNoOf(e)]));
  const setByFile = new Map<string, RowState>();
  for (const rs of states) {
    const { employeeNo: no, managerNo: mgr } = rs.draft;
    if (!no || firstLine.get(no) !== rs.row.line) continue;
    if (!file.fields.has('manager') || !mgr) {
      if (file.fields.has('manager')) managerOf.set(no, null);
      continue;
    }
    if (mgr === no) {
      p.add(rs.row.line, 'manager', mgr, `employee '${no}' cannot be their own manager`);
      managerOf.set(no, null);
    } else if (!existingByNo.has(mgr) && !firstLine.has(mgr)) {
      p.add(rs.row.line, 'manager', mgr, `manager '${mgr}' does not exist in the database or in this file`);
      managerOf.set(no, null);
    } else {
      managerOf.set(no, mgr);
      setByFile.set(no, rs);
    }
  }
  findCycles(p, managerOf, setByFile);

  const plan: ImportPlan = { totalRows: file.rows.length, creates: [], updates: [], unchanged: 0, errors: [] };
  for (const rs of states) {
    if (p.lines.has(rs.row.line)) continue;
    const e = rs.existing;
    if (!e) plan.creates.push(rs.draft);
    else if (sameAs(rs.draft, e, managerNoOf(e))) plan.unchanged++;
    else plan.updates.push({ ...rs.draft, id: e.id });
  }
  plan.creates = managersFirst(plan.creates);
  plan.errors = p.list.sort((a, b) => a.line - b.line);
  return plan;
}
