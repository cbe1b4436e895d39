/**
 * Between a response as the server stores it (`unknown`: whatever was saved last) and the
 * value an answer widget edits, per item type, and back to the shape the server accepts
 * (`responseValue`): option id (single), option ids (multiple), boolean (true/false), one
 * string per blank (fill-in), text (short answer, essay) or code (programming). An empty
 * answer is sent as `null`, so "unanswered" means the same on both sides.
 */
import type { CandidateItemView, ItemTypeName, ResponseValue } from '@xueli/contracts';

export type WidgetValue = string | boolean | string[] | null;

type ItemShape = Pick<CandidateItemView, 'type' | 'blanks' | 'programming'>;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The widget's value for a stored response (a programming item starts from its starter code). */
export function toWidgetValue(item: ItemShape, response: unknown): WidgetValue {
  switch (item.type) {
    case 'single':
      return typeof response === 'string' ? response : null;
    case 'multiple':
      return strings(response);
    case 'true_false':
      return typeof response === 'boolean' ? response : null;
    case 'fill_blank': {
      const n = Math.max(1, item.blanks ?? (Array.isArray(response) ? response.length : 1));
      const given = Array.isArray(response) ? response : [];
      return Array.from({ length: n }, (_, i) => (typeof given[i] === 'string' ? given[i] : ''));
    }
    case 'programming':
      return typeof response === 'string' ? response : (item.programming?.starterCode ?? '');
    case 'short_answer':
    case 'essay':
      return typeof response === 'string' ? response : '';
  }
}

/** What to send for a widget value; empty answers become null. */
export function toResponse(item: ItemShape, value: WidgetValue): ResponseValue {
  switch (item.type) {
    case 'single':
      return typeof value === 'string' && value ? value : null;
    case 'multiple': {
      const ids = strings(value);
      return ids.length ? ids : null;
    }
    case 'true_false':
      return typeof value === 'boolean' ? value : null;
    case 'fill_blank': {
      const blanks = strings(value);
      return blanks.some((b) => b.trim() !== '') ? blanks : null;
    }
    case 'programming': {
      const code = typeof value === 'string' ? value : '';
      // Untouched starter code is no answer.
      return code.trim() === '' || code === (item.programming?.starterCode ?? '') ? null : code;
    }
    case 'short_answer':
    case 'essay':
      return typeof value === 'string' && value.trim() !== '' ? value : null;
  }
}

/** Whether a stored or local response counts as an answer (the navigator and the submit summary). */
export function isAnswered(response: unknown): boolean {
  if (response === null || response === undefined) return false;
  if (typeof response === 'boolean') return true;
  if (typeof response === 'string') return response.trim() !== '';
  if (Array.isArray(response)) return response.some((x) => (typeof x === 'string' ? x.trim() !== '' : x !== null));
  return true;
}

/** Text widgets wait for a pause in typing before saving; clicks on choices save at once. */
export const isTyped = (type: ItemTypeName) =>
  type === 'fill_blank' || type === 'short_answer' || type === 'essay' || type === 'programming';

export interface AnswerLabels {
  yes: string;
  no: string;
  blank: (n: number) => string;
}

/**
 * A readable rendering of a response or a correct answer: option ids become "A. text",
 * booleans the true/false labels, fill-in answers "Blank 1: x / y" (accepted alternatives),
 * short-answer keys their keywords, anything else JSON.
 */
export function describeAnswer(
  value: unknown,
  item: { type: ItemTypeName; options?: { id: string; text: string }[] | null },
  labels: AnswerLabels,
): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? labels.yes : labels.no;
  if (typeof value === 'number') return String(value);
  const options = item.options ?? null;
  const option = (id: string) => {
    const o = options?.find((x) => x.id === id);
    return o ? `${o.id}. ${o.text}` : id;
  };
  if (typeof value === 'string') return options ? option(value) : value;
  if (Array.isArray(value)) {
    if (item.type === 'single' || item.type === 'multiple')
      return value.map((v) => (typeof v === 'string' ? option(v) : describeScalar(v))).join('；');
    if (item.type === 'fill_blank')
      return value
        .map((v, i) => {
          const text = Array.isArray(v) ? v.map(describeScalar).join(' / ') : describeScalar(v);
          return value.length > 1 ? `${labels.blank(i + 1)}: ${text}` : text;
        })
        .join('；');
    return value.map(describeScalar).join('、');
  }
  return JSON.stringify(value);
}

function describeScalar(v: unknown): string {
  if (typeof v === 'string') return v === '' ? '—' : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object' && 'value' in v) return String(v.value);
  if (v && typeof v === 'object' && 'pattern' in v) return `/${String(v.pattern)}/`;
  return JSON.stringify(v);
}
