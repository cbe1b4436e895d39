/**
 * The AI call log (`ai_calls`, ADR 0010): who, which feature, which model, tokens, latency and
 * outcome of every provider call. Written outside any transaction, right after the call; a failed
 * write is reported to `onError` and never fails the feature that made the call.
 */
import { and, eq, gt, gte, isNotNull, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { aiCalls } from '../../db/schema/index.ts';
import type { AiCallLogger, AiMeter } from './provider.ts';

const int = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? null : Math.max(0, Math.round(v)));

export function aiCallLogger(db: Db, onError: (e: unknown) => void = () => undefined): AiCallLogger {
  return async (r) => {
    try {
      await db.insert(aiCalls).values({
        actorUserId: r.actorUserId,
        feature: r.feature,
        subject: r.subject ?? null,
        model: r.model,
        outcome: r.outcome,
        httpStatus: r.httpStatus,
        promptTokens: int(r.usage?.promptTokens),
        completionTokens: int(r.usage?.completionTokens),
        latencyMs: int(r.latencyMs) ?? 0,
        error: r.error,
      });
    } catch (e) {
      onError(e);
    }
  };
}

/**
 * The rate limit's and the budget's counts, from `ai_calls` with the database's clock, so every
 * server process sharing the database agrees. Refusals (rate_limited or budget_exhausted with no
 * HTTP status: nothing was sent) do not count as calls.
 */
export function aiCallMeter(db: Db): AiMeter {
  return {
    async recentUserCalls(userId, windowMs) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(aiCalls)
        .where(
          and(
            eq(aiCalls.actorUserId, userId),
            gt(aiCalls.createdAt, sql`now() - make_interval(secs => ${windowMs / 1000})`),
            or(isNotNull(aiCalls.httpStatus), notInArray(aiCalls.outcome, ['rate_limited', 'budget_exhausted'])),
          ),
        );
      return Number(row?.n ?? 0);
    },
    async monthTokens() {
      const [row] = await db
        .select({ n: sql<number>`coalesce(sum(coalesce(${aiCalls.promptTokens}, 0) + coalesce(${aiCalls.completionTokens}, 0)), 0)::bigint` })
        .from(aiCalls)
        .where(gte(aiCalls.createdAt, sql`date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'`));
      return Number(row?.n ?? 0);
    },
  };
}
