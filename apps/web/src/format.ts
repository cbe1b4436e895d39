/**
 * Display formatting that follows the active UI language (dayjs locale is switched together
 * with i18next). Null-safe: missing values render as an em dash.
 */
import dayjs from 'dayjs';
import i18n from './i18n/index.ts';

/** `2026-03-01 14:05` in local time. */
export const formatDateTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** `2026-03-01`; accepts a date-only string or a timestamp. */
export const formatDate = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');

/** Minutes as `1 h 20 min` / `1 小时 20 分钟` in the UI language. */
export function formatMinutes(min: number) {
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (!h) return i18n.t('duration.minutes', { count: m });
  return m
    ? `${i18n.t('duration.hours', { count: h })} ${i18n.t('duration.minutes', { count: m })}`
    : i18n.t('duration.hours', { count: h });
}

/** Bytes as B/KB/MB with one decimal. */
export function formatBytes(n: number | null | undefined) {
  if (n === null || n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A share as a percentage: 0.724 → `72%` (digits 0), `72.4%` (digits 1); null → `—`. */
export const formatPercent = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`;

/** Today as YYYY-MM-DD in local time (for due-date pickers and overdue checks). */
export const todayIso = () => dayjs().format('YYYY-MM-DD');
