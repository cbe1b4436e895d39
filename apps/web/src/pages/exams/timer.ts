/**
 * The exam countdown runs on the server's clock: at load the client measures how far the
 * server's clock is ahead of its own (`serverNow` − client time when the answer arrived) and
 * adds that offset to every later reading, so a wrong client clock changes nothing.
 */

/** Milliseconds to add to the client's clock to get the server's. */
export function clockOffset(serverNow: string, clientNowMs: number): number {
  const server = Date.parse(serverNow);
  return Number.isFinite(server) ? server - clientNowMs : 0;
}

/** Time left until `deadlineAt` on the server's clock (never negative); null when untimed. */
export function remainingMs(deadlineAt: string | null, offsetMs: number, clientNowMs: number): number | null {
  if (!deadlineAt) return null;
  const deadline = Date.parse(deadlineAt);
  if (!Number.isFinite(deadline)) return null;
  return Math.max(0, deadline - (clientNowMs + offsetMs));
}

/** `mm:ss`, or `h:mm:ss` from one hour; rounded up so 0:00 shows only when time is up. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** How urgently the timer should look: red in the last minute, orange in the last five. */
export function timerLevel(ms: number | null): 'normal' | 'warning' | 'danger' {
  if (ms === null) return 'normal';
  if (ms <= 60_000) return 'danger';
  if (ms <= 5 * 60_000) return 'warning';
  return 'normal';
}
