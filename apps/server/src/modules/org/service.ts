/**
 * Organisation: the department tree, positions and employees (no hard delete: HR records are
 * terminated, not erased), and the HR CSV import (`employeeImporter`, in import/importer.ts).
 */
import type { EmployeeListQuery, EmployeeStatus } from '@xueli/contracts';
import type { Db } from '../../db/client.ts';
import type { Deps, OpContext } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { employeeScope } from './policy.ts';
import { presentDepartment, presentEmployee, presentPosition } from './present.ts';
import * as repo from './repo.ts';

export { employeeImporter, importTemplate } from './import/importer.ts';

const audit = (
  db: Db,
  ctx: OpContext,
  action: string,
  entity: string,
  entityId: number,
  details: Record<string, unknown> = {},
) =>
  recordAudit(db, {
    actorUserId: ctx.actorUserId,
    action,
    entity,
    entityId,
    details,
    requestId: ctx.requestId ?? null,
  });

const fieldError = (path: string, message: string, extra: Record<string, unknown> = {}) =>
  invalid(message, { errors: [{ path, message }], ...extra });

// ---- departments ----------------------------------------------------------------------

/** The department tree as a flat list, depth-first (parents before children, siblings by code). */
export async function departmentLister(deps: Deps) {
  const [rows, counts] = await Promise.all([repo.listDepartments(deps.db), repo.employeeCountsByDepartment(deps.db)]);
  const children = new Map<number | null, repo.DepartmentRow[]>();
  for (const d of rows) {
    const siblings = children.get(d.parentId);
    if (siblings) siblings.push(d);
    else children.set(d.parentId, [d]);
  }
  const out: ReturnType<typeof presentDepartment>[] = [];
  const listed = new Set<number>();
  const visit = (parentId: number | null, depth: number) => {
    for (const d of children.get(parentId) ?? []) {
      if (listed.has(d.id)) continue;
      listed.add(d.id);
      out.push(presentDepartment(d, depth, counts.get(d.id) ?? 0));
      visit(d.id, depth + 1);
    }
  };
  visit(null, 0);
  // A loop written by direct SQL is unreachable from the roots; list it rather than hide it.
  for (const d of rows) if (!listed.has(d.id)) visit(d.parentId, 0);
  return out;
}

async function departmentView(deps: Deps, id: number) {
  const all = await departmentLister(deps);
  const d = all.find((x) => x.id === id);
  if (!d) throw notFound('department', id);
  return d;
}

async function assertDepartmentCodeFree(deps: Deps, code: string, exceptId?: number) {
  const other = await repo.findDepartmentByCode(deps.db, code);
  if (other && other.id !== exceptId) throw conflict(`The department code ${code} is taken`, { field: 'code' });
}

/**
 * Rejects making `parentId` the parent of `id` when `parentId` lies below `id`: the chain
 * (child → parent) in the error shows the loop.
 */
async function assertNoDepartmentCycle(deps: Deps, dept: repo.DepartmentRow, parentId: number) {
  const all = new Map((await repo.listDepartments(deps.db)).map((d) => [d.id, d]));
  const parent = all.get(parentId);
  if (!parent) throw fieldError('parentId', `Parent department ${parentId} does not exist`);
  const chain = [dept.code];
  for (
    let p: repo.DepartmentRow | undefined = parent;
    p && chain.length <= all.size;
    p = p.parentId == null ? undefined : all.get(p.parentId)
  ) {
    chain.push(p.code);
    if (p.id === dept.id) {
      throw fieldError(
        'parentId',
        `Moving department ${dept.code} under ${parent.code} would create a cycle: ${chain.join(' → ')}`,
        { chain },
      );
    }
  }
}

export async function departmentCreator(
  deps: Deps,
  ctx: OpContext,
  props: { code: string; name: string; nameEn?: string | undefined; parentId?: number | undefined },
) {
  await assertDepartmentCodeFree(deps, props.code);
  if (props.parentId && !(await repo.findDepartment(deps.db, props.parentId))) {
    throw fieldError('parentId', `Parent department ${props.parentId} does not exist`);
  }
  const d = await deps.db.transaction(async (tx) => {
    const row = await repo.insertDepartment(tx, {
      code: props.code,
      name: props.name,
      nameEn: props.nameEn ?? null,
      parentId: props.parentId ?? null,
    });
    await audit(tx, ctx, 'department.create', 'department', row.id, { code: row.code, parentId: row.parentId });
    return row;
  });
  return departmentView(deps, d.id);
}

/** Renames or moves a department; a move under its own subtree is refused with the loop. */
export async function departmentUpdater(
  deps: Deps,
  ctx: OpContext,
  props: {
    id: number;
    code?: string | undefined;
    name?: string | undefined;
    nameEn?: string | null | undefined;
    parentId?: number | null | undefined;
  },
) {
  const dept = await repo.findDepartment(deps.db, props.id);
  if (!dept) throw notFound('department', props.id);
  if (props.code !== undefined && props.code !== dept.code) await assertDepartmentCodeFree(deps, props.code, dept.id);
  if (props.parentId === dept.id)
    throw fieldError('parentId', `Department ${dept.code} cannot be its own parent`, { chain: [dept.code, dept.code] });
  if (props.parentId != null && props.parentId !== dept.parentId)
    await assertNoDepartmentCycle(deps, dept, props.parentId);
  const { id, ...changes } = props;
  await deps.db.transaction(async (tx) => {
    await repo.updateDepartment(tx, id, changes);
    await audit(tx, ctx, 'department.update', 'department', id, changes);
  });
  return departmentView(deps, id);
}

/** Deletes an empty department: no sub-departments and no employees (of any status). */
export async function departmentDeleter(deps: Deps, ctx: OpContext, props: { id: number }) {
  const dept = await repo.findDepartment(deps.db, props.id);
  if (!dept) throw notFound('department', props.id);
  const [children, counts] = await Promise.all([
    repo.countChildDepartments(deps.db, dept.id),
    repo.employeeCountsByDepartment(deps.db, dept.id),
  ]);
  const employees = counts.get(dept.id) ?? 0;
  if (children || employees) {
    throw conflict(
      `Department ${dept.code} still has ${children} sub-department(s) and ${employees} employee(s); move them first`,
      { children, employees },
    );
  }
  await deps.db.transaction(async (tx) => {
    await repo.deleteDepartment(tx, dept.id);
    await audit(tx, ctx, 'department.delete', 'department', dept.id, { code: dept.code });
  });
}

// ---- positions ------------------------------------------------------------------------

export async function positionLister(deps: Deps) {
  const [rows, counts] = await Promise.all([repo.listPositions(deps.db), repo.employeeCountsByPosition(deps.db)]);
  return rows.map((p) => presentPosition(p, counts.get(p.id) ?? 0));
}

async function positionView(deps: Deps, id: number) {
  const p = await repo.findPosition(deps.db, id);
  if (!p) throw notFound('position', id);
  return presentPosition(p, (await repo.employeeCountsByPosition(deps.db, id)).get(id) ?? 0);
}

async function assertPositionCodeFree(deps: Deps, code: string, exceptId?: number) {
  const other = await repo.findPositionByCode(deps.db, code);
  if (other && other.id !== exceptId) throw conflict(`The position code ${code} is taken`, { field: 'code' });
}

export async function positionCreator(
  deps: Deps,
  ctx: OpContext,
  props: { code: string; name: string; nameEn?: string | undefined; description?: string | undefined },
) {
  await assertPositionCodeFree(deps, props.code);
  const p = await deps.db.transaction(async (tx) => {
    const row = await repo.insertPosition(tx, {
      code: props.code,
      name: props.name,
      nameEn: props.nameEn ?? null,
      description: props.description ?? '',
    });
    await audit(tx, ctx, 'position.create', 'position', row.id, { code: row.code });
    return row;
  });
  return positionView(deps, p.id);
}

export async function positionUpdater(
  deps: Deps,
  ctx: OpContext,
  props: {
    id: number;
    code?: string | undefined;
    name?: string | undefined;
    nameEn?: string | null | undefined;
    description?: string | undefined;
  },
) {
  const pos = await repo.findPosition(deps.db, props.id);
  if (!pos) throw notFound('position', props.id);
  if (props.code !== undefined && props.code !== pos.code) await assertPositionCodeFree(deps, props.code, pos.id);
  const { id, ...changes } = props;
  await deps.db.transaction(async (tx) => {
    await repo.updatePosition(tx, id, changes);
    await audit(tx, ctx, 'position.update', 'position', id, changes);
  });
  return positionView(deps, id);
}

/** Deletes a position nobody holds (employees of any status count). */
export async function positionDeleter(deps: Deps, ctx: OpContext, props: { id: number }) {
  const pos = await repo.findPosition(deps.db, props.id);
  if (!pos) throw notFound('position', props.id);
  const employees = (await repo.employeeCountsByPosition(deps.db, pos.id)).get(pos.id) ?? 0;
  if (employees) throw conflict(`Position ${pos.code} is held by ${employees} employee(s)`, { employees });
  await deps.db.transaction(async (tx) => {
    await repo.deletePosition(tx, pos.id);
    await audit(tx, ctx, 'position.delete', 'position', pos.id, { code: pos.code });
  });
}

// ---- employees ------------------------------------------------------------------------

/** Employees the actor may see (org/policy.ts row scope), filtered and paginated. */
export async function employeeLister(deps: Deps, actor: Actor, q: EmployeeListQuery) {
  const { rows, total } = await repo.listEmployees(deps.db, { ...q, scope: employeeScope(actor) });
  return { items: rows.map(presentEmployee), total, page: q.page, pageSize: q.pageSize };
}

/** One employee; outside the actor's scope it is reported as not found, so existence does not leak. */
export async function employeeView(deps: Deps, actor: Actor, id: number) {
  const row = await repo.findEmployeeView(deps.db, id, employeeScope(actor));
  if (!row) throw notFound('employee', id);
  return presentEmployee(row);
}

async function employeeById(deps: Deps, id: number) {
  const row = await repo.findEmployeeView(deps.db, id);
  if (!row) throw notFound('employee', id);
  return presentEmployee(row);
}

interface EmployeeFields {
  employeeNo?: string | undefined;
  name?: string | undefined;
  email?: string | null | undefined;
  departmentId?: number | null | undefined;
  positionId?: number | null | undefined;
  managerId?: number | null | undefined;
  hireDate?: string | null | undefined;
  status?: EmployeeStatus | undefined;
}

async function assertEmployeeRefs(deps: Deps, props: EmployeeFields, selfId?: number) {
  if (props.employeeNo !== undefined) {
    const other = await repo.findEmployeeByNo(deps.db, props.employeeNo);
    if (other && other.id !== selfId)
      throw conflict(`The employee number ${props.employeeNo} is taken`, { field: 'employeeNo' });
  }
  if (props.departmentId != null && !(await repo.findDepartment(deps.db, props.departmentId))) {
    throw fieldError('departmentId', `Department ${props.departmentId} does not exist`);
  }
  if (props.positionId != null && !(await repo.findPosition(deps.db, props.positionId))) {
    throw fieldError('positionId', `Position ${props.positionId} does not exist`);
  }
  if (props.managerId == null) return;
  if (props.managerId === selfId) throw fieldError('managerId', 'An employee cannot be their own manager');
  const chain = await repo.managementChain(deps.db, props.managerId);
  if (chain.length === 0) throw fieldError('managerId', `Manager ${props.managerId} does not exist`);
  const at = chain.findIndex((c) => c.id === selfId);
  if (at >= 0) {
    const nos = [chain[at]!.employeeNo, ...chain.slice(0, at + 1).map((c) => c.employeeNo)];
    throw fieldError('managerId', `This manager would create a reporting cycle: ${nos.join(' → ')}`, { chain: nos });
  }
}

export async function employeeCreator(
  deps: Deps,
  ctx: OpContext,
  props: EmployeeFields & { employeeNo: string; name: string },
) {
  await assertEmployeeRefs(deps, props);
  const e = await deps.db.transaction(async (tx) => {
    const row = await repo.insertEmployee(tx, {
      employeeNo: props.employeeNo,
      name: props.name,
      email: props.email ?? null,
      departmentId: props.departmentId ?? null,
      positionId: props.positionId ?? null,
      managerId: props.managerId ?? null,
      hireDate: props.hireDate ?? null,
      status: props.status ?? 'active',
    });
    await audit(tx, ctx, 'employee.create', 'employee', row.id, { employeeNo: row.employeeNo });
    return row;
  });
  return employeeById(deps, e.id);
}

/** Changes an employee; a manager that would close a reporting loop is refused with the loop. */
export async function employeeUpdater(deps: Deps, ctx: OpContext, props: EmployeeFields & { id: number }) {
  const { id, ...changes } = props;
  if (!(await repo.findEmployee(deps.db, id))) throw notFound('employee', id);
  await assertEmployeeRefs(deps, changes, id);
  await deps.db.transaction(async (tx) => {
    await repo.updateEmployee(tx, id, changes);
    await audit(tx, ctx, 'employee.update', 'employee', id, changes);
  });
  return employeeById(deps, id);
}
