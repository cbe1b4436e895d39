import type { UseQueryResult } from '@tanstack/react-query';
import { Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { ProblemAlert } from './ProblemAlert.tsx';

interface Props<T> {
  query: UseQueryResult<T>;
  /** Decides whether the loaded data counts as empty (then `empty` is shown). */
  isEmpty?: (data: T) => boolean;
  /** A helpful sentence, and optionally an action, for the empty state. */
  empty?: ReactNode;
  children: (data: T) => ReactNode;
  rows?: number;
}

/**
 * The three states every data view has: a skeleton while loading, the problem (with request
 * id) on error, and an Empty with a helpful sentence when there is nothing to show.
 */
export function QueryState<T>({ query, isEmpty, empty, children, rows = 4 }: Props<T>) {
  if (query.isPending) return <Skeleton active paragraph={{ rows }} data-testid="loading" />;
  if (query.isError) return <ProblemAlert error={query.error} />;
  if (isEmpty?.(query.data))
    return (
      <div data-testid="empty-state">{typeof empty === 'string' || !empty ? <Empty description={empty} /> : empty}</div>
    );
  return <>{children(query.data)}</>;
}
