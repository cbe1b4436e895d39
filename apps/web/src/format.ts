/**
 * Display formatting that follows the active UI language (dayjs locale is switched together
 * with i18next). Null-safe: missing values render as an em dash.
 */
import dayjs from 'dayjs';

/** `2026-03-01 14:05` in local time. */
export const formatDateTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** `2026-03-01`; accepts a date-only string or a timestamp. */
export const formatDate = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');

/** Minutes as `1 h 20 min` / `45 min`. */
export function formatMinutes(min: number) {
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** Bytes as B/KB/MB with one decimal. */
export function formatBytes(n: number | null | undefined) {
  if (n === null || n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Today as YYYY-MM-DD in local time (for due-date pickers and overdue checks). */
export const todayIso = () => dayjs().format('YYYY-MM-DD');
