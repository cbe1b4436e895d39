/**
 * The review workflow buttons for the item's status (the moves the server allows, from
 * ITEM_TRANSITIONS): submit for review, approve and activate, back to draft, retire (confirmed);
 * and delete for a draft (confirmed). Disabled while the editor holds unsaved changes.
 */
import { ITEM_TRANSITIONS, type ItemStatusName, type ItemView } from '@xueli/contracts';
import { App as AntApp, Button, Popconfirm, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useItemChange } from '../../api/items.ts';

/** The button label for a move to each status. */
const MOVE_LABEL: Record<ItemStatusName, string> = {
  review: 'items.toReview',
  active: 'items.toActive',
  draft: 'items.toDraft',
  retired: 'items.toRetired',
};

export function ItemStatusActions({ item, dirty }: { item: ItemView; dirty: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const move = useItemChange<ItemStatusName, ItemView>((status) => ({
    method: 'POST',
    path: `/items/${item.id}/status`,
    body: { status },
  }));
  const remove = useItemChange<void>(() => ({ method: 'DELETE', path: `/items/${item.id}` }));
  const go = (to: ItemStatusName) =>
    move.mutate(to, {
      onSuccess: (r) => void message.success(t('items.statusNow', { status: t(`items.statuses.${r.status}`) })),
      onError: (e) => void message.error(e.message, 8),
    });
  const hint = dirty ? t('items.saveFirst') : undefined;
  const buttons = ITEM_TRANSITIONS[item.status].map((to) => {
    const button = (
      <Button
        type={to === 'review' || to === 'active' ? 'primary' : 'default'}
        danger={to === 'retired'}
        disabled={dirty}
        loading={move.isPending && move.variables === to}
        onClick={to === 'retired' ? undefined : () => go(to)}
        data-testid={`status-${to}`}
      >
        {t(MOVE_LABEL[to])}
      </Button>
    );
    return (
      <Tooltip key={to} title={hint}>
        {to === 'retired' ? (
          <Popconfirm
            title={t('items.retireConfirm')}
            description={t('items.retireConfirmText')}
            okText={t('items.toRetired')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'confirm-retired' }}
            disabled={dirty}
            onConfirm={() => go('retired')}
          >
            {button}
          </Popconfirm>
        ) : (
          button
        )}
      </Tooltip>
    );
  });
  return (
    <>
      {buttons}
      {item.status === 'draft' && (
        <Popconfirm
          title={t('items.deleteConfirm')}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, 'data-testid': 'confirm-delete' }}
          onConfirm={() =>
            remove.mutate(undefined, {
              onSuccess: () => {
                void message.success(t('common.deleted'));
                void navigate('/manage/items');
              },
              onError: (e) => void message.error(e.message, 8),
            })
          }
        >
          <Button danger loading={remove.isPending} data-testid="item-delete">
            {t('common.delete')}
          </Button>
        </Popconfirm>
      )}
    </>
  );
}
