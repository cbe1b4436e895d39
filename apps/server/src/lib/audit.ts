import type { Db } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';

export interface AuditEntry {
  actorUserId: number | null;
  /** Verb in dotted form, e.g. `employee.import`, `user.roles.change`. */
  action: string;
  entity: string;
  entityId?: string | number | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

/** Appends to the audit log; call inside the same transaction as the change it records. */
export async function recordAudit(db: Db, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: e.actorUserId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId == null ? null : String(e.entityId),
    details: e.details ?? {},
    requestId: e.requestId ?? null,
  });
}
