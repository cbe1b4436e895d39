/**
 * The header's bell (issue 7 §5): the unread count, polled every minute, and a drawer listing the
 * newest notifications; clicking one marks it read and opens its link.
 */
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Empty, Grid, List, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useNotifications, useReadNotification } from '../api/certification.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { formatDateTime } from '../format.ts';

export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const screens = Grid.useBreakpoint();
  const q = useNotifications();
  const read = useReadNotification();
  const unread = q.data?.unread ?? 0;
  return (
    <>
      <Button
        type="text"
        onClick={() => setOpen(true)}
        aria-label={t('notifications.title')}
        data-testid="notifications-bell"
        data-unread={unread}
        icon={
          <Badge count={unread} size="small" overflowCount={99}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('notifications.title')}
        width={screens.sm === false ? '100%' : 400}
        extra={
          <Button size="small" disabled={unread === 0} loading={read.isPending} onClick={() => read.mutate('all')} data-testid="notifications-read-all">
            {t('notifications.readAll')}
          </Button>
        }
      >
        {q.isError && <ProblemAlert error={q.error} />}
        {q.data && q.data.items.length === 0 ? (
          <Empty description={t('notifications.empty')} />
        ) : (
          <List
            loading={q.isPending}
            dataSource={q.data?.items ?? []}
            data-testid="notifications-list"
            renderItem={(n) => (
              <List.Item
                data-testid={`notification-${n.id}`}
                data-read={String(n.read)}
                style={{ cursor: n.link || !n.read ? 'pointer' : undefined, background: n.read ? undefined : 'rgba(22,119,255,0.06)', paddingInline: 8 }}
                onClick={() => {
                  if (!n.read) read.mutate(n.id);
                  if (n.link) {
                    setOpen(false);
                    void navigate(n.link);
                  }
                }}
              >
                <List.Item.Meta
                  title={<Typography.Text strong={!n.read}>{n.title}</Typography.Text>}
                  description={
                    <>
                      {n.body && <div>{n.body}</div>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTime(n.createdAt)}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Drawer>
    </>
  );
}
