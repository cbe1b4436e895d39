import { describe, expect, it } from 'vitest';
import { clockOffset, formatCountdown, remainingMs, timerLevel } from './timer.ts';

describe('exam timer', () => {
  it('measures how far the server clock is ahead of (or behind) the client', () => {
    const server = '2026-03-01T10:00:00.000Z';
    const serverMs = Date.parse(server);
    // Client clock 2 minutes fast: the offset is −2 min.
    expect(clockOffset(server, serverMs + 120_000)).toBe(-120_000);
    // Client clock 1 h slow.
    expect(clockOffset(server, serverMs - 3_600_000)).toBe(3_600_000);
    expect(clockOffset('not a date', 123)).toBe(0);
  });

  it('gives the same time left whatever the client clock says', () => {
    const serverNow = '2026-03-01T10:00:00.000Z';
    const deadline = '2026-03-01T10:30:00.000Z';
    for (const skew of [0, 5 * 60_000, -3 * 3_600_000, 17_123]) {
      const loadedAt = Date.parse(serverNow) + skew;
      const offset = clockOffset(serverNow, loadedAt);
      expect(remainingMs(deadline, offset, loadedAt)).toBe(30 * 60_000);
      // Ten seconds later on the (skewed) client clock.
      expect(remainingMs(deadline, offset, loadedAt + 10_000)).toBe(30 * 60_000 - 10_000);
    }
  });

  it('never goes below zero and is null for an untimed attempt', () => {
    const offset = clockOffset('2026-03-01T10:00:00Z', Date.parse('2026-03-01T10:00:00Z'));
    expect(remainingMs('2026-03-01T09:59:00Z', offset, Date.parse('2026-03-01T10:00:00Z'))).toBe(0);
    expect(remainingMs(null, offset, 0)).toBeNull();
  });

  it('formats the countdown, rounding up to the next second', () => {
    expect(formatCountdown(0)).toBe('00:00');
    expect(formatCountdown(1)).toBe('00:01');
    expect(formatCountdown(59_001)).toBe('01:00');
    expect(formatCountdown(25 * 60_000)).toBe('25:00');
    expect(formatCountdown(3_600_000 + 5 * 60_000 + 9_000)).toBe('1:05:09');
    expect(formatCountdown(-5)).toBe('00:00');
  });

  it('turns orange in the last five minutes and red in the last one', () => {
    expect(timerLevel(null)).toBe('normal');
    expect(timerLevel(5 * 60_000 + 1)).toBe('normal');
    expect(timerLevel(5 * 60_000)).toBe('warning');
    expect(timerLevel(60_001)).toBe('warning');
    expect(timerLevel(60_000)).toBe('danger');
    expect(timerLevel(0)).toBe('danger');
  });
});
