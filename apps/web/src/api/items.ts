/**
 * The item bank (issue 4 §1): the paged list with its filters, one item (the author view, key
 * included), its version history, and every change to it. Keys start with `items`, so one
 * invalidation after any change refreshes the list, the editor and the history.
 */
import type { ItemStatusName, ItemTypeName, ItemView, Page } from '@xueli/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from './client.ts';

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
      if (item && typeof item.id === 'number' && typeof item.version === 'number') qc.setQueryData(itemKeys.detail(item.id), r);
      void qc.invalidateQueries({ queryKey: itemKeys.all });
    },
  });
}
