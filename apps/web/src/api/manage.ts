/**
 * Authoring mutations for the course editor. Every change invalidates the edited course and
 * the course lists so the editor, the preview and the catalog agree.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { catalogKeys } from './catalog.ts';
import { request } from './client.ts';

export type Method = 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One authoring call (`path` under /api/v1, JSON or FormData body) that refreshes course `courseId`. */
export function useCourseMutation<V>(
  courseId: number,
  call: (v: V) => { method: Method; path: string; body?: unknown },
) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => {
      const c = call(v);
      return request<unknown>(c.method, c.path, c.body === undefined ? {} : { body: c.body });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: catalogKeys.course(courseId) });
      void qc.invalidateQueries({ queryKey: catalogKeys.courses });
    },
  });
}

/** A FormData with one file (field `file`) and optional text fields. */
export function fileForm(file: File, fields: Record<string, string> = {}) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', file, file.name);
  return f;
}
