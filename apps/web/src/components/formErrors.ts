import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';

/**
 * Puts the server's field problems (`errors[].path`, e.g. `email` or `tags.0`) next to the
 * matching form fields. Paths whose first segment is not one of `fields` are left for the
 * caller to show in an Alert. Returns true when at least one field got a message.
 */
export function applyServerErrors(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError) || !Array.isArray(error.problem.errors)) return false;
  const byField = new Map<string, string[]>();
  for (const e of error.problem.errors) {
    const head = e.path.split('.')[0] ?? '';
    if (!fields.includes(head)) continue;
    byField.set(head, [...(byField.get(head) ?? []), e.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return byField.size > 0;
}
