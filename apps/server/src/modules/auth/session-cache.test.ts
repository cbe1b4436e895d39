import { describe, expect, it } from 'vitest';
import type { Actor } from '../../http/policy.ts';
import { SessionCache } from './session-cache.ts';

const actor = (userId: number): Actor => ({ userId, username: `u${userId}`, displayName: 'x', roles: new Set(['learner']), employeeId: null, via: 'session' });
const far = new Date(Date.now() + 3600_000);

describe('session cache', () => {
  it('serves an entry until its time to live runs out', () => {
    const c = new SessionCache(5000);
    c.set('s1', actor(1), far, 1000);
    expect(c.get('s1', 5999)?.userId).toBe(1);
    expect(c.get('s1', 6000)).toBeUndefined();
  });

  it('never outlives the session itself', () => {
    const c = new SessionCache(5000);
    c.set('s1', actor(1), new Date(2000), 1000);
    expect(c.get('s1', 2000)).toBeUndefined();
  });

  it('evicts every session of a user, and nothing else', () => {
    const c = new SessionCache(5000);
    c.set('a', actor(1), far, 0);
    c.set('b', actor(1), far, 0);
    c.set('c', actor(2), far, 0);
    c.evictUser(1);
    expect([c.get('a', 1), c.get('b', 1), c.get('c', 1)?.userId]).toEqual([undefined, undefined, 2]);
  });

  it('caches nothing with a time to live of zero', () => {
    const c = new SessionCache(0);
    c.set('a', actor(1), far, 0);
    expect(c.get('a', 0)).toBeUndefined();
  });
});
