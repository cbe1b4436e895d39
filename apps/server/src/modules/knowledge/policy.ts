/**
 * Row scope for the knowledge base: which collections (and so which documents and passages) a
 * caller may see. One rule, used by every read (lists, documents, passages, search, the tutor):
 *   admin, trainer → every collection
 *   anyone else    → collections with visibility 'everyone', plus 'restricted' ones whose
 *                    kb_collection_access lists the caller's employee's department or one of its
 *                    ancestors (access to a department reaches its whole subtree), the employee's
 *                    position, or one of the caller's roles.
 * Hidden rows are answered as missing (404), never as forbidden, so their existence does not leak.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { hasRole, type Actor } from '../../http/policy.ts';
import { rowsOf } from '../catalog/sql.ts';

export type KbScope = { kind: 'all' } | { kind: 'some'; collectionIds: ReadonlySet<number> };

/** The collections the actor may see (one query; `all` for admins and trainers). */
export async function kbScope(db: Db, actor: Actor): Promise<KbScope> {
  if (hasRole(actor, 'admin', 'trainer')) return { kind: 'all' };
  const roles = [...actor.roles];
  const emp = actor.employeeId;
  const byRole = roles.length ? sql`a.role in (${sql.join(roles.map((r) => sql`${r}`), sql`, `)})` : sql`false`;
  const byOrg =
    emp == null
      ? sql`false`
      : sql`a.department_id in (
            with recursive up(id) as (
              select department_id from employees where id = ${emp} and department_id is not null
              union
              select d.parent_id from departments d join up on d.id = up.id where d.parent_id is not null
            ) select id from up)
          or a.position_id = (select position_id from employees where id = ${emp})`;
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`
      select c.id from kb_collections c
      where c.visibility = 'everyone'
         or exists (select 1 from kb_collection_access a where a.collection_id = c.id and (${byRole} or ${byOrg}))`),
  );
  return { kind: 'some', collectionIds: new Set(rows.map((r) => Number(r.id))) };
}

/** Whether a collection is inside the scope. */
export const inKbScope = (scope: KbScope, collectionId: number): boolean =>
  scope.kind === 'all' || scope.collectionIds.has(collectionId);

/** Who may manage collections and documents. */
export const canManageKb = (actor: Actor): boolean => hasRole(actor, 'admin', 'trainer');
