/**
 * Cell parsers for the HR import: the formats HR systems and Excel (zh-CN) actually export.
 * Each returns null for a value it cannot read; the caller turns that into a line error.
 */
import type { EmployeeStatus } from '../../../db/schema/index.ts';

const DATE_FORMATS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/,
];

/**
 * A calendar date as ISO `YYYY-MM-DD`. Accepts `2024-03-01`, `2024/3/1` and `2024年3月1日`
 * (one- or two-digit month and day); rejects days that do not exist (`2023-02-29`).
 */
export function parseHrDate(text: string): string | null {
  for (const re of DATE_FORMATS) {
    const m = re.exec(text.trim());
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
      return null;
    return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  return null;
}

const STATUS_WORDS: Record<string, EmployeeStatus> = {
  active: 'active',
  在职: 'active',
  在岗: 'active',
  leave: 'leave',
  'on leave': 'leave',
  休假: 'leave',
  terminated: 'terminated',
  离职: 'terminated',
  已离职: 'terminated',
};

/** Employment status from English (`active`, `leave`, `terminated`, any case) or Chinese (`在职`, `休假`, `离职`). */
export function parseHrStatus(text: string): EmployeeStatus | null {
  return STATUS_WORDS[text.trim().toLowerCase()] ?? null;
}

/** The status words accepted by `parseHrStatus`, for error messages. */
export const STATUS_HINT = 'active, leave, terminated, 在职, 休假 or 离职';

// Deliberately simple (RFC 5322 is far wider): one @, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** True for a plausible e-mail address (`name@example.com`). */
export const isEmail = (text: string): boolean => text.length <= 200 && EMAIL.test(text);

/** The text of a cell (trimmed, Excel's `="00123"` unwrapped): shared with every CSV import. */
export { cleanCell } from '../../../lib/csv.ts';
