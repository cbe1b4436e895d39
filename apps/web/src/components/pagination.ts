import type { TablePaginationConfig } from 'antd';

/**
 * A table's pagination over a server-paged list: the page, size and total the server returned,
 * "共 N 条 / N in total", and the change handler (usually a state setter). `extra` adds options such as
 * the size changer.
 */
export function serverPagination(
  list: { page: number; pageSize: number; total: number },
  onChange: (page: number, pageSize: number) => void,
  t: (key: 'common.total', options: { count: number }) => string,
  extra: TablePaginationConfig = {},
): TablePaginationConfig {
  return {
    current: list.page,
    pageSize: list.pageSize,
    total: list.total,
    showTotal: (n) => t('common.total', { count: n }),
    onChange,
    ...extra,
  };
}
