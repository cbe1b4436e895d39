/**
 * Row scope for employee data: whose records a caller may see.
 *   admin, trainer   → every employee (trainers enter classroom records and read analytics)
 *   manager          → their whole reporting line (direct and indirect reports) and themselves
 *   anyone else      → only themselves (and nobody when the account has no employee)
 * Every query that returns employee-owned rows filters with `scopeCondition`, on the server.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { hasRole, type Actor } from '../../http/policy.ts';

export type EmployeeScope =
  | { kind: 'all' }
  | { kind: 'line'; managerEmployeeId: number }
  | { kind: 'self'; employeeId: number }
  | { kind: 'none' };

export function employeeScope(actor: Actor): EmployeeScope {
  if (hasRole(actor, 'admin', 'trainer')) return { kind: 'all' };
  if (actor.employeeId == null) return { kind: 'none' };
  if (hasRole(actor, 'manager')) return { kind: 'line', managerEmployeeId: actor.employeeId };
  return { kind: 'self', employeeId: actor.employeeId };
}

/**
 * Ids of everyone below `managerEmployeeId` in the reporting line, at any depth: one index
 * range scan of team_members, the closure table that database triggers derive from
 * employees.manager_id (ADR 0005).
 */
export const reportingLineIds = (managerEmployeeId: number): SQL =>
  sql`(select employee_id from team_members where manager_id = ${managerEmployeeId})`;

/**
 * A WHERE condition restricting `employeeIdColumn` to the scope; undefined means no limit.
 * Managers also see their own rows.
 */
export function scopeCondition(scope: EmployeeScope, employeeIdColumn: AnyPgColumn): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'line':
      return sql`(${employeeIdColumn} = ${scope.managerEmployeeId} or ${employeeIdColumn} in ${reportingLineIds(scope.managerEmployeeId)})`;
    case 'self':
      return sql`${employeeIdColumn} = ${scope.employeeId}`;
    case 'none':
      return sql`false`;
  }
}
