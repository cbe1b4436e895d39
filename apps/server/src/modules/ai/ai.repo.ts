/** Queries of the AI admin module: the settings row, the call log page and the usage report. */
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { aiCalls, aiSettings, users } from '../../db/schema/index.ts';
import { rowsOf } from '../catalog/sql.ts';

export type AiSettingsInsert = typeof aiSettings.$inferInsert;

/** Writes the one settings row (id 1). */
export async function upsertAiSettings(db: Db, values: Omit<AiSettingsInsert, 'id' | 'updatedAt'>): Promise<void> {
  await db
    .insert(aiSettings)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: aiSettings.id, set: { ...values, updatedAt: sql`now()` } });
}

export interface CallFilter {
  feature?: string | undefined;
  outcome?: string | undefined;
  userId?: number | undefined;
  /** Inclusive day, YYYY-MM-DD (UTC). */
  from?: string | undefined;
  /** Inclusive day, YYYY-MM-DD (UTC). */
  to?: string | undefined;
}

const dayStart = (d: string) => new Date(`${d}T00:00:00Z`);

export async function callPage(db: Db, q: CallFilter & { page: number; pageSize: number }) {
  const where = and(
    q.feature ? eq(aiCalls.feature, q.feature) : undefined,
    q.outcome ? eq(aiCalls.outcome, q.outcome as never) : undefined,
    q.userId ? eq(aiCalls.actorUserId, q.userId) : undefined,
    q.from ? gte(aiCalls.createdAt, dayStart(q.from)) : undefined,
    q.to ? lt(aiCalls.createdAt, new Date(dayStart(q.to).getTime() + 86_400_000)) : undefined,
  );
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: aiCalls.id,
        createdAt: aiCalls.createdAt,
        actorUserId: aiCalls.actorUserId,
        actorName: users.displayName,
        feature: aiCalls.feature,
        subject: aiCalls.subject,
        model: aiCalls.model,
        outcome: aiCalls.outcome,
        httpStatus: aiCalls.httpStatus,
        promptTokens: aiCalls.promptTokens,
        completionTokens: aiCalls.completionTokens,
        latencyMs: aiCalls.latencyMs,
        error: aiCalls.error,
      })
      .from(aiCalls)
      .leftJoin(users, eq(users.id, aiCalls.actorUserId))
      .where(where)
      .orderBy(desc(aiCalls.createdAt), desc(aiCalls.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(aiCalls).where(where),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

export interface UsageRow {
  month: string;
  feature: string;
  outcome: string;
  calls: number;
  prompt: number;
  completion: number;
}

const MONTH_START = sql`date_trunc('month', now() at time zone 'UTC')`;

/** Calls and tokens per UTC month × feature × outcome since the start of the month `monthsBack` ago. */
export async function usageByMonth(db: Db, monthsBack: number): Promise<UsageRow[]> {
  const since: SQL = sql`(${MONTH_START} - make_interval(months => ${monthsBack})) at time zone 'UTC'`;
  return rowsOf<UsageRow>(
    await db.execute(sql`
      select to_char(${aiCalls.createdAt} at time zone 'UTC', 'YYYY-MM') as month, ${aiCalls.feature} as feature, ${aiCalls.outcome} as outcome,
             count(*)::int as calls,
             coalesce(sum(${aiCalls.promptTokens}), 0)::bigint as prompt,
             coalesce(sum(${aiCalls.completionTokens}), 0)::bigint as completion
      from ${aiCalls}
      where ${aiCalls.createdAt} >= ${since}
      group by 1, 2, 3`),
  ).map((r) => ({ ...r, calls: Number(r.calls), prompt: Number(r.prompt), completion: Number(r.completion) }));
}

/** p50/p95 latency per UTC month × feature of the calls that reached the provider (refusals left out). */
export async function latencyByMonth(db: Db, monthsBack: number): Promise<{ month: string; feature: string; p50: number | null; p95: number | null }[]> {
  const since: SQL = sql`(${MONTH_START} - make_interval(months => ${monthsBack})) at time zone 'UTC'`;
  return rowsOf<{ month: string; feature: string; p50: number | null; p95: number | null }>(
    await db.execute(sql`
      select to_char(${aiCalls.createdAt} at time zone 'UTC', 'YYYY-MM') as month, ${aiCalls.feature} as feature,
             round(percentile_cont(0.5) within group (order by ${aiCalls.latencyMs}))::int as p50,
             round(percentile_cont(0.95) within group (order by ${aiCalls.latencyMs}))::int as p95
      from ${aiCalls}
      where ${aiCalls.createdAt} >= ${since}
        and not (${aiCalls.outcome} in ('rate_limited', 'budget_exhausted') and ${aiCalls.httpStatus} is null)
      group by 1, 2`),
  ).map((r) => ({ ...r, p50: r.p50 == null ? null : Number(r.p50), p95: r.p95 == null ? null : Number(r.p95) }));
}

/** The current UTC month as YYYY-MM, by the database's clock. */
export async function currentMonth(db: Db): Promise<string> {
  const [row] = rowsOf<{ m: string }>(await db.execute(sql`select to_char(now() at time zone 'UTC', 'YYYY-MM') as m`));
  return row!.m;
}
