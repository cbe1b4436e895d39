/**
 * A short-lived, per-process cache of resolved sessions, so that most requests authenticate
 * without a database round trip (the learner home at 100 connections spent a third of its time
 * in the session lookup's socket writes; docs/BENCHMARKS.md).
 *
 * Correctness: this process evicts a user's entries at once when it ends a session, changes a
 * password, roles or status. Another server process may honour a revoked session for at most
 * `ttlMs` (XUELI_SESSION_CACHE_SECONDS; 0 disables the cache). ADR 0003 records the trade.
 */
import type { Actor } from '../../http/policy.ts';

const MAX_ENTRIES = 20_000;

export class SessionCache {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();

  constructor(private readonly ttlMs: number) {}

  /** The cached actor of a session id (SHA-256 of the cookie), if fresh. */
  get(sessionId: string, now = Date.now()): Actor | undefined {
    const hit = this.entries.get(sessionId);
    if (!hit) return undefined;
    if (hit.until <= now) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return hit.actor;
  }

  /** Caches until the earlier of now + ttl and the session's own expiry. */
  set(sessionId: string, actor: Actor, sessionExpiresAt: Date, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) {
      // Map iteration is insertion order: drop the oldest tenth.
      let n = MAX_ENTRIES / 10;
      for (const key of this.entries.keys()) {
        this.entries.delete(key);
        if (--n <= 0) break;
      }
    }
    this.entries.set(sessionId, { actor, until: Math.min(now + this.ttlMs, sessionExpiresAt.getTime()) });
  }

  evictSession(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  evictUser(userId: number): void {
    for (const [key, value] of this.entries) if (value.actor.userId === userId) this.entries.delete(key);
  }
}
