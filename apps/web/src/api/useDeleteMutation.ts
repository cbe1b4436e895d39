import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from './client.ts';

/**
 * Deletes `path(id)`; on success shows a message (default `common.deleted`) and refreshes the
 * `invalidate` queries; on failure shows the problem's detail. Callers confirm first (Popconfirm).
 */
export function useDeleteMutation(props: { path: (id: number) => string; invalidate: QueryKey; successKey?: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(props.path(id)),
    onSuccess: () => {
      void message.success(t(props.successKey ?? 'common.deleted'));
      void qc.invalidateQueries({ queryKey: props.invalidate });
    },
    onError: (e) => void message.error(e.message, 6),
  });
}
