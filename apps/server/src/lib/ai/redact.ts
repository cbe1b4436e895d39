/**
 * PII redaction before a prompt leaves the network (issue 6 §1, ADR 0016). Pure: text in, text out.
 * Replaces, in this order:
 * - e-mail addresses → `[EMAIL]`;
 * - 18-digit mainland resident ID numbers whose check character is right (GB 11643) → `[ID_NUMBER]`;
 * - bank card numbers, 16–19 digits (spaces or dashes between groups allowed) that pass the Luhn check → `[CARD_NUMBER]`;
 * - mainland mobile numbers (1[3-9] + 9 digits, optional +86, spaces or dashes as 3-4-4) → `[PHONE]`.
 * A number is only taken when it is not part of a longer run of digits, so order numbers, amounts
 * and dates stay; numbers failing their checksum stay too (few false positives, by design).
 */

export const REDACTION_PLACEHOLDERS = { email: '[EMAIL]', idNumber: '[ID_NUMBER]', card: '[CARD_NUMBER]', phone: '[PHONE]' } as const;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const ID_NUMBER = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g;
const CARD = /(?<![\d])\d(?:[ -]?\d){15,18}(?![\d])/g;
const PHONE = /(?<![\d+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Whether an 18-character resident ID number has the right check character (and a plausible birth date). */
export function validResidentId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  if (ID_CHECK[sum % 11] !== id[17]!.toUpperCase()) return false;
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** The Luhn check (ISO/IEC 7812) over a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** `text` with e-mail addresses, resident ID, bank card and mobile numbers replaced by placeholders. */
export function redactPii(text: string): string {
  if (!text) return text;
  return text
    .replace(EMAIL, REDACTION_PLACEHOLDERS.email)
    .replace(ID_NUMBER, (m) => (validResidentId(m) ? REDACTION_PLACEHOLDERS.idNumber : m))
    .replace(CARD, (m) => {
      const digits = m.replace(/[ -]/g, '');
      return digits.length >= 16 && digits.length <= 19 && luhnValid(digits) ? REDACTION_PLACEHOLDERS.card : m;
    })
    .replace(PHONE, REDACTION_PLACEHOLDERS.phone);
}
