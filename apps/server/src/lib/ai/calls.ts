/**
 * The AI call log (`ai_calls`, ADR 0010): who, which feature, which model, tokens, latency and
 * outcome of every provider call. Written outside any transaction, right after the call; a failed
 * write is reported to `onError` and never fails the feature that made the call.
 */
import type { Db } from '../../db/client.ts';
import { aiCalls } from '../../db/schema/index.ts';
import type { AiCallLogger } from './provider.ts';

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
