/**
 * Skill framework authoring (issue 3 §1): the framework list, one framework with its points and
 * prerequisite edges, and every change to them, plus the CASE 1.0 JSON and CSV interchange.
 * Keys start with `frameworks` (as the skills views' framework queries do), so one invalidation
 * after any change refreshes the editor, the list and the skills pages' framework pickers.
 */
import type {
  CaseImportReport,
  CFPackageInput,
  FrameworkDetail,
  FrameworkItem,
  FrameworkStatus,
  ImportSummary,
} from '@xueli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, request } from './client.ts';

export interface FrameworkFilter {
  status?: FrameworkStatus | undefined;
  code?: string | undefined;
}

export const frameworkKeys = {
  all: ['frameworks'] as const,
  list: (filter: FrameworkFilter) => ['frameworks', 'list', filter] as const,
  /** The same key (and data) as `skillsKeys.framework`. */
  detail: (id: number) => ['frameworks', id] as const,
};

/** Every framework version (by code, newest first), optionally with one status or one code. */
export function useFrameworkList(filter: FrameworkFilter) {
  return useQuery({
    queryKey: frameworkKeys.list(filter),
    queryFn: () => api.get<{ items: FrameworkItem[] }>('/frameworks', { ...filter }),
  });
}

/** One framework with its points (flat, depth-first) and prerequisite edges. */
export function useFrameworkDetail(id: number) {
  return useQuery({
    queryKey: frameworkKeys.detail(id),
    queryFn: () => api.get<FrameworkDetail>(`/frameworks/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export interface FrameworkFields {
  code: string;
  name: string;
  nameEn?: string | null;
  description?: string;
  version: string;
}

export interface PointFields {
  code: string;
  name: string;
  nameEn?: string | null;
  description?: string;
  domain?: string;
  parentId?: number | null;
}

type Method = 'POST' | 'PATCH' | 'DELETE';

/**
 * One change (`path` under /api/v1, JSON body) that refreshes every framework query when it
 * succeeds; the caller handles the result and the error.
 */
export function useFrameworkChange<V, R = unknown>(call: (v: V) => { method: Method; path: string; body?: unknown }) {
  const qc = useQueryClient();
  return useMutation<R, Error, V>({
    mutationFn: (v: V) => {
      const c = call(v);
      return request<R>(c.method, c.path, c.body === undefined ? {} : { body: c.body });
    },
    // Not awaited: the caller's callbacks run at once, even when the refetched data re-mounts
    // the component that started the change (e.g. a form keyed by the saved values).
    onSuccess: () => void qc.invalidateQueries({ queryKey: frameworkKeys.all }),
  });
}

/** Sends an optional text field as null/absent instead of an empty string. */
const optional = (v: string | null | undefined) => (v && v.trim() ? v.trim() : undefined);

export const createFrameworkCall = (v: FrameworkFields) => ({
  method: 'POST' as const,
  path: '/frameworks',
  body: {
    code: v.code,
    name: v.name,
    version: v.version,
    ...(optional(v.nameEn) ? { nameEn: optional(v.nameEn) } : {}),
    ...(optional(v.description) ? { description: optional(v.description) } : {}),
  },
});

/** PATCH body for a draft's details: empty English name → null, empty description → ''. */
export const frameworkPatchBody = (v: FrameworkFields) => ({
  code: v.code,
  name: v.name,
  version: v.version,
  nameEn: optional(v.nameEn) ?? null,
  description: v.description?.trim() ?? '',
});

/** POST body for a new point (empty optional fields left out). */
export const pointCreateBody = (v: PointFields) => ({
  code: v.code,
  name: v.name,
  ...(optional(v.nameEn) ? { nameEn: optional(v.nameEn) } : {}),
  ...(optional(v.description) ? { description: optional(v.description) } : {}),
  ...(optional(v.domain) ? { domain: optional(v.domain) } : {}),
  parentId: v.parentId ?? null,
});

/** PATCH body for a point: every field, empties as null ('' for description and domain). */
export const pointPatchBody = (v: PointFields) => ({
  code: v.code,
  name: v.name,
  nameEn: optional(v.nameEn) ?? null,
  description: v.description?.trim() ?? '',
  domain: v.domain?.trim() ?? '',
  parentId: v.parentId ?? null,
});

/** Checks (dryRun) or imports a CASE 1.0 package; `code` and `version` override the package's. */
export function importCase(
  pkg: CFPackageInput,
  dryRun: boolean,
  override: { code?: string | undefined; version?: string | undefined } = {},
) {
  return api.post<CaseImportReport>('/frameworks/import/case', pkg, { dryRun, ...override });
}

/** Checks (dryRun) or imports a CSV of knowledge points into a draft (multipart field `file`). */
export function importPointsCsv(frameworkId: number, file: File, dryRun: boolean) {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<ImportSummary>('POST', `/frameworks/${frameworkId}/points/import`, { body: form, query: { dryRun } });
}

/** The URL of the points CSV (the server names the file; the session cookie goes along). */
export const pointsCsvUrl = (id: number) => apiUrl(`/frameworks/${id}/points.csv`);

/** Fetches the CASE package and saves it as `<code>-<version>.case.json`. */
export async function downloadCase(f: Pick<FrameworkItem, 'id' | 'code' | 'version'>) {
  const pkg = await api.get<unknown>(`/frameworks/${f.id}/case`);
  const blob = new Blob([JSON.stringify(pkg, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${f.code}-${f.version}.case.json`.replace(/[^\p{L}\p{N}._-]+/gu, '_');
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
