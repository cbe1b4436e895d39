/**
 * The item bank (issue 4 §1): the paged list with its filters, one item (the author view, key
 * included), its version history, and every change to it. Keys start with `items`, so one
 * invalidation after any change refreshes the list, the editor and the history.
 */
import type {
  ItemImportFormat,
  ItemImportReport,
  ItemStatusName,
  ItemTypeName,
  ItemView,
  Page,
} from '@xueli/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, apiUrl, request, type ProblemBody } from './client.ts';

export interface ItemFilter {
  type?: ItemTypeName | undefined;
  status?: ItemStatusName | undefined;
  kpId?: number | undefined;
  tag?: string | undefined;
  search?: string | undefined;
  page: number;
  pageSize: number;
}

export interface ItemVersion {
  version: number;
  changedBy: string | null;
  changedAt: string;
  note: string;
  snapshot: Record<string, unknown>;
}

export const itemKeys = {
  all: ['items'] as const,
  list: (f: ItemFilter) => ['items', 'list', f] as const,
  detail: (id: number) => ['items', id] as const,
  versions: (id: number) => ['items', id, 'versions'] as const,
};

/** One page of the bank, newest change first. */
export function useItemList(filter: ItemFilter) {
  return useQuery({
    queryKey: itemKeys.list(filter),
    queryFn: () => api.get<Page<ItemView>>('/items', { ...filter }),
    placeholderData: keepPreviousData,
  });
}

export function useItem(id: number) {
  return useQuery({
    queryKey: itemKeys.detail(id),
    queryFn: () => api.get<ItemView>(`/items/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** The version history, newest first (fetched when the drawer opens). */
export function useItemVersions(id: number, enabled: boolean) {
  return useQuery({
    queryKey: itemKeys.versions(id),
    queryFn: () => api.get<{ itemId: number; items: ItemVersion[] }>(`/items/${id}/versions`),
    enabled,
  });
}

type Method = 'POST' | 'PATCH' | 'DELETE';

/**
 * One change (`path` under /api/v1, JSON body). A returned item is put in the cache at once;
 * every item query is refreshed (after a delete, only the lists). The caller handles the result and the error.
 */
export function useItemChange<V, R = unknown>(call: (v: V) => { method: Method; path: string; body?: unknown }) {
  const qc = useQueryClient();
  return useMutation<R, Error, V>({
    mutationFn: (v: V) => {
      const c = call(v);
      return request<R>(c.method, c.path, c.body === undefined ? {} : { body: c.body });
    },
    onSuccess: (r, v) => {
      // A deleted item is left alone (the page goes back to the list): only the lists refresh.
      if (call(v).method === 'DELETE') return void qc.invalidateQueries({ queryKey: ['items', 'list'] });
      const item = r as Partial<ItemView> | undefined;
      if (item && typeof item.id === 'number' && typeof item.version === 'number')
        qc.setQueryData(itemKeys.detail(item.id), r);
      void qc.invalidateQueries({ queryKey: itemKeys.all });
    },
  });
}

// ---- import and export (issue 4 §2) -------------------------------------------------------

export interface ItemImportOptions {
  /** Absent: the server infers it from the file name and content. */
  format?: ItemImportFormat | undefined;
  dryRun: boolean;
  /** `FRAMEWORK:CODE` refs given to every item that names no knowledge point. */
  defaultKnowledgePoints?: string[];
}

/** Checks (dryRun) or imports a file of items (multipart field `file`); a refused commit is a 422 with the report. */
export function importItems(file: File, o: ItemImportOptions) {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<ItemImportReport>('POST', '/items/import', {
    body: form,
    query: { format: o.format, dryRun: o.dryRun, defaultKnowledgePoints: o.defaultKnowledgePoints?.join(',') },
  });
}

/** The spreadsheet template's URL (the session cookie goes along with a plain link). */
export const itemTemplateUrl = (format: 'csv' | 'xlsx', lang: 'zh' | 'en') =>
  apiUrl('/items/import/template', { format, lang });

/**
 * Downloads the items matching `filter` (paging ignored) in `format` and saves the file under the
 * server's name; returns how many items were written and how many the format could not hold.
 */
export async function exportItems(
  filter: Omit<ItemFilter, 'page' | 'pageSize'>,
  format: ItemImportFormat,
  lang: 'zh' | 'en',
) {
  const res = await fetch(apiUrl('/items/export', { ...filter, format, lang }), { credentials: 'same-origin' });
  if (!res.ok) {
    let problem: Partial<ProblemBody> = {};
    try {
      problem = (await res.json()) as Partial<ProblemBody>;
    } catch {
      // not JSON
    }
    throw new ApiError({
      type: problem.type ?? 'about:blank',
      title: problem.title ?? res.statusText,
      status: res.status,
      detail: problem.detail ?? `HTTP ${res.status}`,
      requestId: problem.requestId,
    });
  }
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `items.${format}`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return {
    exported: Number(res.headers.get('x-xueli-exported') ?? 0),
    skipped: Number(res.headers.get('x-xueli-skipped') ?? 0),
    filename: name,
  };
}
