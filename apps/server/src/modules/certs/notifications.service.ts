/**
 * Notifications (issue 7 §5): in the app for every step a person must act on, and by e-mail through the
 * configured SMTP server (XUELI_SMTP_URL). A notification is written in the transaction of the step
 * that causes it; e-mails are sent after that transaction commits (`deliverPendingEmails`, also run
 * periodically by the server), so a slow or failing mail server never blocks or undoes a decision —
 * a failed delivery is recorded on the notification and retried.
 */
import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, notInArray, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../../db/client.ts';
import { certificates, certLevels, certProgrammes, employees, notifications, userRoles, users, type Role } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../lib/errors.ts';

export interface NotificationInput {
  kind: string;
  title: string;
  body: string;
  link?: string | null;
  /** Same key for the same user: written once (reminders). */
  dedupeKey?: string | null;
}

/** Active users holding any of `roles`, minus `exclude`. */
export async function usersWithRoles(db: Db, roles: Role[], exclude: number[]): Promise<number[]> {
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(inArray(userRoles.role, roles), eq(users.status, 'active'), exclude.length ? notInArray(users.id, exclude) : undefined));
  return rows.map((r) => r.id);
}

const pendingDelivery = new WeakMap<Db, boolean>();

/** Writes a notification for each user (inside the caller's transaction); e-mail goes out after commit. */
export async function notify(tx: Db, deps: Pick<Deps, 'config' | 'db'>, userIds: number[], n: NotificationInput): Promise<void> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return;
  await tx
    .insert(notifications)
    .values(ids.map((userId) => ({ userId, kind: n.kind, title: n.title, body: n.body, link: n.link ?? null, dedupeKey: n.dedupeKey ?? null, emailStatus: deps.config.smtp ? ('pending' as const) : ('none' as const) })))
    .onConflictDoNothing();
  if (deps.config.smtp && !pendingDelivery.get(deps.db)) {
    pendingDelivery.set(deps.db, true);
    // after the caller's transaction has committed (or rolled back: then there is nothing to send)
    setTimeout(() => {
      pendingDelivery.set(deps.db, false);
      deliverPendingEmails(deps).catch(() => undefined);
    }, 50).unref();
  }
}

const transports = new Map<string, Transporter>();

/** Sends pending notification e-mails; returns how many were sent and failed. Never throws for one bad address. */
export async function deliverPendingEmails(deps: Pick<Deps, 'config' | 'db'>): Promise<{ sent: number; failed: number }> {
  const smtp = deps.config.smtp;
  if (!smtp) return { sent: 0, failed: 0 };
  let transport = transports.get(smtp.url);
  if (!transport) transports.set(smtp.url, (transport = nodemailer.createTransport(smtp.url, { from: smtp.from })));
  const rows = await deps.db
    .select({ n: notifications, email: sql<string | null>`coalesce(${users.email}, ${employees.email})` })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(employees, eq(employees.id, users.employeeId))
    .where(eq(notifications.emailStatus, 'pending'))
    .orderBy(asc(notifications.id))
    .limit(200);
  let sent = 0;
  let failed = 0;
  const base = deps.config.publicUrl;
  for (const r of rows) {
    if (!r.email) {
      await deps.db.update(notifications).set({ emailStatus: 'none', emailError: 'no e-mail address' }).where(eq(notifications.id, r.n.id));
      continue;
    }
    try {
      await transport.sendMail({
        to: r.email,
        from: smtp.from,
        subject: r.n.title,
        text: [r.n.body, r.n.link ? `${base}${r.n.link}` : ''].filter(Boolean).join('\n\n'),
      });
      await deps.db.update(notifications).set({ emailStatus: 'sent', emailError: null }).where(eq(notifications.id, r.n.id));
      sent++;
    } catch (e) {
      await deps.db.update(notifications).set({ emailStatus: 'failed', emailError: (e instanceof Error ? e.message : String(e)).slice(0, 300) }).where(eq(notifications.id, r.n.id));
      failed++;
    }
  }
  return { sent, failed };
}

/** Failed e-mails go back to pending (the periodic sweep retries them). */
export async function retryFailedEmails(db: Db, olderThan: Date): Promise<void> {
  await db.update(notifications).set({ emailStatus: 'pending' }).where(and(eq(notifications.emailStatus, 'failed'), lt(notifications.createdAt, olderThan)));
}

export async function myNotifications(deps: Deps, props: { userId: number; unreadOnly: boolean; page: number; pageSize: number }) {
  const where = and(eq(notifications.userId, props.userId), props.unreadOnly ? isNull(notifications.readAt) : undefined);
  const [{ n }] = (await deps.db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(where)) as [{ n: number }];
  const [{ unread }] = (await deps.db.select({ unread: sql<number>`count(*)::int` }).from(notifications).where(and(eq(notifications.userId, props.userId), isNull(notifications.readAt)))) as [{ unread: number }];
  const rows = await deps.db.select().from(notifications).where(where).orderBy(desc(notifications.id)).limit(props.pageSize).offset((props.page - 1) * props.pageSize);
  return {
    items: rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, read: r.readAt !== null, createdAt: r.createdAt.toISOString() })),
    total: Number(n),
    unread: Number(unread),
    page: props.page,
    pageSize: props.pageSize,
  };
}

export async function notificationReader(deps: Deps, props: { userId: number; id: number | 'all' }): Promise<{ ok: true }> {
  if (props.id === 'all') {
    await deps.db.update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.userId, props.userId), isNull(notifications.readAt)));
    return { ok: true };
  }
  const res = await deps.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.id, props.id), eq(notifications.userId, props.userId)))
    .returning({ id: notifications.id });
  if (!res.length) throw notFound('Notification', props.id);
  return { ok: true };
}

/** Active assessors and admins, for choosing an interview panel. */
export async function assessorDirectory(deps: Deps): Promise<{ id: number; displayName: string }[]> {
  const ids = await usersWithRoles(deps.db, ['assessor', 'admin'], []);
  if (!ids.length) return [];
  return deps.db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids)).orderBy(asc(users.displayName));
}

/** Days before expiry at which a holder is reminded (issue 7 §2: 90/30/7). */
export const EXPIRY_REMINDER_DAYS = [90, 30, 7] as const;

/**
 * 跟踪 track: reminds each holder of an active certificate that expires within 90, 30 or 7 days — once
 * per threshold (the notification's dedupe key), whenever the sweep runs. Returns how many reminders
 * were written.
 */
export async function expiryReminderSweep(deps: Pick<Deps, 'config' | 'db'>, now: Date = new Date()): Promise<number> {
  const horizon = new Date(now.getTime() + EXPIRY_REMINDER_DAYS[0] * 86_400_000);
  const due = await deps.db
    .select({ id: certificates.id, validUntil: certificates.validUntil, userId: users.id, programme: certProgrammes.name, level: certLevels.level })
    .from(certificates)
    .innerJoin(certLevels, eq(certLevels.id, certificates.levelId))
    .innerJoin(certProgrammes, eq(certProgrammes.id, certLevels.programmeId))
    .innerJoin(users, eq(users.employeeId, certificates.employeeId))
    .where(and(eq(certificates.status, 'active'), gt(certificates.validUntil, now), lte(certificates.validUntil, horizon)));
  let written = 0;
  for (const c of due) {
    const days = Math.ceil((c.validUntil!.getTime() - now.getTime()) / 86_400_000);
    // the tightest threshold reached (a certificate found at 5 days left gets the 7-day reminder only)
    const threshold = [...EXPIRY_REMINDER_DAYS].reverse().find((d) => days <= d)!;
    const before = await deps.db.$count(notifications, and(eq(notifications.userId, c.userId), eq(notifications.dedupeKey, `certificate:${c.id}/expiry:${threshold}`)));
    if (before) continue;
    await notify(deps.db, deps, [c.userId], {
      kind: 'cert.expiry',
      title: `证书将在 ${days} 天后到期 / Your certificate expires in ${days} days: ${c.programme} · ${c.level}`,
      body: `有效期至 / valid until ${c.validUntil!.toISOString().slice(0, 10)}`,
      link: '/certificates',
      dedupeKey: `certificate:${c.id}/expiry:${threshold}`,
    });
    written++;
  }
  return written;
}
