/**
 * Queries shared by the organisation pages and by pickers elsewhere (department tree,
 * positions, employee search). Keys start with the resource name so one invalidation
 * refreshes every view of it.
 */
import type { DepartmentItem, EmployeeItem, Page, PositionItem } from '@xueli/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

export const orgKeys = {
  departments: ['departments'] as const,
  positions: ['positions'] as const,
  employees: ['employees'] as const,
};

/** Every department, parents before children (depth-first), with `depth`. */
export function useDepartments() {
  return useQuery({
    queryKey: orgKeys.departments,
    queryFn: () => api.get<{ items: DepartmentItem[] }>('/departments'),
    staleTime: 60_000,
  });
}

export function usePositions() {
  return useQuery({
    queryKey: orgKeys.positions,
    queryFn: () => api.get<{ items: PositionItem[] }>('/positions'),
    staleTime: 60_000,
  });
}

/** Up to 20 employees matching `search` (name, number or e-mail), for pickers. */
export const searchEmployees = (search: string) => api.get<Page<EmployeeItem>>('/employees', { search, pageSize: 20 });

export interface TreeNode<T> {
  key: number;
  value: number;
  title: string;
  item: T;
  children?: TreeNode<T>[];
}

/** Builds a nested tree (for Tree, TreeSelect and tree tables) from the flat department list. */
export function departmentTree(
  items: DepartmentItem[],
  label: (d: DepartmentItem) => string,
): TreeNode<DepartmentItem>[] {
  const nodes = new Map<number, TreeNode<DepartmentItem>>();
  for (const d of items) nodes.set(d.id, { key: d.id, value: d.id, title: label(d), item: d });
  const roots: TreeNode<DepartmentItem>[] = [];
  for (const d of items) {
    const node = nodes.get(d.id)!;
    const parent = d.parentId === null ? undefined : nodes.get(d.parentId);
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}
