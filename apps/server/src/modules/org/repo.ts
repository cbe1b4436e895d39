/** All SQL of the organisation context. */
import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { departments, employees, positions, type EmployeeStatus } from '../../db/schema/index.ts';
import type { ExistingEmployee, ImportReference } from './import/plan.ts';
import { scopeCondition, type EmployeeScope } from './policy.ts';

export type DepartmentRow = typeof departments.$inferSelect;
export type PositionRow = typeof positions.$inferSelect;
export type EmployeeRow = typeof employees.$inferSelect;

/** Rows per statement in bulk writes: large enough to amortise a round trip, small enough for PGlite's message buffer. */
const BATCH = 1000;

/** Rows of a raw `execute`: PGlite and node-postgres both answer with `{ rows }`. */
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

const chunks = <T>(items: readonly T[], size = BATCH): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

// ---- departments ----------------------------------------------------------------------

export async function listDepartments(db: Db) {
  return db.select().from(departments).orderBy(asc(departments.code));
}

export async function findDepartment(db: Db, id: number) {
  const [d] = await db.select().from(departments).where(eq(departments.id, id));
  return d;
}

export async function findDepartmentByCode(db: Db, code: string) {
  const [d] = await db.select().from(departments).where(eq(departments.code, code));
  return d;
}

export async function insertDepartment(db: Db, values: typeof departments.$inferInsert) {
  const [d] = await db.insert(departments).values(values).returning();
  return d!;
}

export async function updateDepartment(db: Db, id: number, values: Partial<typeof departments.$inferInsert>) {
  const [d] = await db.update(departments).set(values).where(eq(departments.id, id)).returning();
  return d;
}

export async function deleteDepartment(db: Db, id: number) {
  await db.delete(departments).where(eq(departments.id, id));
}

/** Direct children of a department. */
export async function countChildDepartments(db: Db, id: number) {
  const [r] = await db.select({ n: count() }).from(departments).where(eq(departments.parentId, id));
  return r?.n ?? 0;
}

/** Employees (any status) per department id; departments with none are absent. */
export async function employeeCountsByDepartment(db: Db, onlyId?: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: employees.departmentId, n: count() })
    .from(employees)
    .where(onlyId === undefined ? undefined : eq(employees.departmentId, onlyId))
    .groupBy(employees.departmentId);
  return new Map(rows.filter((r) => r.id != null).map((r) => [r.id!, r.n]));
}

/** Ids of a department and every department below it. */
const subtreeIds = (departmentId: number): SQL => sql`(
  with recursive sub(id) as (
    select id from departments where id = ${departmentId}
    union
    select d.id from departments d join sub on d.parent_id = sub.id
  ) select id from sub)`;

// ---- positions ------------------------------------------------------------------------

export async function listPositions(db: Db) {
  return db.select().from(positions).orderBy(asc(positions.code));
}

export async function findPosition(db: Db, id: number) {
  const [p] = await db.select().from(positions).where(eq(positions.id, id));
  return p;
}

export async function findPositionByCode(db: Db, code: string) {
  const [p] = await db.select().from(positions).where(eq(positions.code, code));
  return p;
}

export async function insertPosition(db: Db, values: typeof positions.$inferInsert) {
  const [p] = await db.insert(positions).values(values).returning();
  return p!;
}

export async function updatePosition(db: Db, id: number, values: Partial<typeof positions.$inferInsert>) {
  const [p] = await db.update(positions).set(values).where(eq(positions.id, id)).returning();
  return p;
}

export async function deletePosition(db: Db, id: number) {
  await db.delete(positions).where(eq(positions.id, id));
}

/** Employees (any status) per position id; positions with none are absent. */
export async function employeeCountsByPosition(db: Db, onlyId?: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: employees.positionId, n: count() })
    .from(employees)
    .where(onlyId === undefined ? undefined : eq(employees.positionId, onlyId))
    .groupBy(employees.positionId);
  return new Map(rows.filter((r) => r.id != null).map((r) => [r.id!, r.n]));
}

// ---- employees ------------------------------------------------------------------------

const manager = alias(employees, 'manager');

const employeeView = {
  id: employees.id,
  employeeNo: employees.employeeNo,
  name: employees.name,
  email: employees.email,
  departmentId: employees.departmentId,
  departmentName: departments.name,
  positionId: employees.positionId,
  positionName: positions.name,
  managerId: employees.managerId,
  managerName: manager.name,
  hireDate: employees.hireDate,
  status: employees.status,
};

const selectEmployeeView = (db: Db) =>
  db
    .select(employeeView)
    .from(employees)
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .leftJoin(positions, eq(positions.id, employees.positionId))
    .leftJoin(manager, eq(manager.id, employees.managerId));

/** An employee with the names of their department, position and manager. */
export type EmployeeView = NonNullable<Awaited<ReturnType<typeof findEmployeeView>>>;

export interface EmployeeFilter {
  scope: EmployeeScope;
  search?: string | undefined;
  departmentId?: number | undefined;
  positionId?: number | undefined;
  status?: EmployeeStatus | undefined;
  managerId?: number | undefined;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function employeeWhere(f: EmployeeFilter): SQL | undefined {
  const pattern = f.search ? `%${likeEscape(f.search)}%` : undefined;
  return and(
    scopeCondition(f.scope, employees.id),
    pattern
      ? or(ilike(employees.name, pattern), ilike(employees.employeeNo, pattern), ilike(employees.email, pattern))
      : undefined,
    f.departmentId ? sql`${employees.departmentId} in ${subtreeIds(f.departmentId)}` : undefined,
    f.positionId ? eq(employees.positionId, f.positionId) : undefined,
    f.status ? eq(employees.status, f.status) : undefined,
    f.managerId ? eq(employees.managerId, f.managerId) : undefined,
  );
}

export async function listEmployees(db: Db, f: EmployeeFilter & { page: number; pageSize: number }) {
  const where = employeeWhere(f);
  const [rows, [total]] = await Promise.all([
    selectEmployeeView(db)
      .where(where)
      .orderBy(asc(employees.employeeNo), asc(employees.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(employees).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** One employee, or undefined when unknown or outside `scope`. */
export async function findEmployeeView(db: Db, id: number, scope: EmployeeScope = { kind: 'all' }) {
  const [row] = await selectEmployeeView(db).where(and(eq(employees.id, id), scopeCondition(scope, employees.id)));
  return row;
}

export async function findEmployee(db: Db, id: number) {
  const [e] = await db.select().from(employees).where(eq(employees.id, id));
  return e;
}

export async function findEmployeeByNo(db: Db, employeeNo: string) {
  const [e] = await db.select().from(employees).where(eq(employees.employeeNo, employeeNo));
  return e;
}

export async function insertEmployee(db: Db, values: typeof employees.$inferInsert) {
  const [e] = await db.insert(employees).values(values).returning();
  return e!;
}

export async function updateEmployee(db: Db, id: number, values: Partial<typeof employees.$inferInsert>) {
  const [e] = await db
    .update(employees)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(employees.id, id))
    .returning();
  return e;
}

/**
 * The management chain above `employeeId` (the employee first, then their manager, …), as
 * `{id, employeeNo}`. Stops at the top, or where existing data already loops.
 */
export async function managementChain(db: Db, employeeId: number) {
  const ids = sql`(
    with recursive up(id) as (
      select id from employees where id = ${employeeId}
      union
      select e.manager_id from employees e join up on e.id = up.id where e.manager_id is not null
    ) select id from up)`;
  const rows = await db
    .select({ id: employees.id, employeeNo: employees.employeeNo, managerId: employees.managerId })
    .from(employees)
    .where(inArray(employees.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const chain: { id: number; employeeNo: string }[] = [];
  const seen = new Set<number>();
  for (
    let r = byId.get(employeeId);
    r && !seen.has(r.id);
    r = r.managerId == null ? undefined : byId.get(r.managerId)
  ) {
    seen.add(r.id);
    chain.push({ id: r.id, employeeNo: r.employeeNo });
  }
  return chain;
}

// ---- import ---------------------------------------------------------------------------

/** Everything an import is validated against, read in three queries (no per-row lookups). */
export async function loadImportReference(db: Db): Promise<ImportReference> {
  const ref = { id: departments.id, code: departments.code, name: departments.name, nameEn: departments.nameEn };
  const [depts, pos, emps] = await Promise.all([
    db.select(ref).from(departments),
    db
      .select({ id: positions.id, code: positions.code, name: positions.name, nameEn: positions.nameEn })
      .from(positions),
    db
      .select({
        id: employees.id,
        employeeNo: employees.employeeNo,
        name: employees.name,
        email: employees.email,
        departmentId: employees.departmentId,
        positionId: employees.positionId,
        managerId: employees.managerId,
        hireDate: employees.hireDate,
        status: employees.status,
      })
      .from(employees),
  ]);
  return { departments: depts, positions: pos, employees: emps satisfies ExistingEmployee[] };
}

/** An employee row as an import writes it: every attribute an HR file can carry, and the id. */
export type ImportedEmployee = Pick<
  typeof employees.$inferSelect,
  'id' | 'employeeNo' | 'name' | 'email' | 'departmentId' | 'positionId' | 'managerId' | 'hireDate' | 'status'
>;

/** One array parameter per column: a batch is 8 parameters instead of 8 per row, and cheap to build. */
const column = <T>(rows: readonly T[], pick: (r: T) => unknown) => sql.param(rows.map(pick));

/**
 * Reserves `n` ids from the employees' identity sequence, so an import knows every new
 * employee's id (and can link managers) before writing anything.
 */
export async function reserveEmployeeIds(db: Db, n: number): Promise<number[]> {
  if (n === 0) return [];
  const result = await db.execute<{ id: number }>(
    sql`select nextval(pg_get_serial_sequence('employees', 'id'))::int as id from generate_series(1, ${n}::int)`,
  );
  return rowsOf<{ id: number }>(result).map((r) => r.id);
}

/** `unnest` over the columns of a batch, in the order of EMPLOYEE_COLUMNS. */
const unnestEmployees = (b: readonly ImportedEmployee[]) => sql`unnest(
  ${column(b, (r) => r.id)}::int[], ${column(b, (r) => r.employeeNo)}::text[], ${column(b, (r) => r.name)}::text[],
  ${column(b, (r) => r.email)}::text[], ${column(b, (r) => r.departmentId)}::int[], ${column(b, (r) => r.positionId)}::int[],
  ${column(b, (r) => r.managerId)}::int[], ${column(b, (r) => r.hireDate)}::date[], ${column(b, (r) => r.status)}::text[])`;
const EMPLOYEE_COLUMNS = sql.raw(
  'id, employee_no, name, email, department_id, position_id, manager_id, hire_date, status',
);

/**
 * Inserts employees with ids from `reserveEmployeeIds`, in batches. Rows must come managers
 * first: the manager foreign key is checked at the end of each statement, so a row may name
 * a manager in its own batch or an earlier one, never a later one.
 */
export async function insertEmployeesWithIds(db: Db, rows: readonly ImportedEmployee[]) {
  for (const b of chunks(rows)) {
    await db.execute(
      sql`insert into employees (${EMPLOYEE_COLUMNS}) overriding system value select * from ${unnestEmployees(b)}`,
    );
  }
}

/** Overwrites every imported attribute of existing employees (matched by id), in batches. */
export async function updateEmployeesBulk(db: Db, rows: readonly ImportedEmployee[]) {
  for (const b of chunks(rows)) {
    await db.execute(sql`
      update employees set name = v.name, email = v.email, department_id = v.department_id,
        position_id = v.position_id, manager_id = v.manager_id, hire_date = v.hire_date, status = v.status, updated_at = now()
      from ${unnestEmployees(b)} as v(${EMPLOYEE_COLUMNS})
      where employees.id = v.id`);
  }
}
