import { PlusOutlined } from '@ant-design/icons';
import type { PositionItem } from '@xueli/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Drawer, Form, Grid, Input, Popconfirm, Skeleton, Space, Table } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useDeleteMutation } from '../../api/useDeleteMutation.ts';
import { orgKeys, usePositions } from '../../api/org.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { localName } from '../../i18n/label.ts';

const PositionTargetsEditor = lazy(() =>
  import('../skills/PositionTargetsEditor.tsx').then((m) => ({ default: m.PositionTargetsEditor })),
);

interface Values {
  code: string;
  name: string;
  nameEn?: string;
  description?: string;
}

function PositionModal({ position, onClose }: { position: PositionItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  return (
    <FormModal<Values>
      title={position ? t('positions.editTitle', { name: position.name }) : t('positions.create')}
      onClose={onClose}
      saveTestId="position-save"
      errorFields={['code', 'name', 'nameEn', 'description']}
      onSubmit={(v) => {
        const nameEn = v.nameEn?.trim() ? v.nameEn.trim() : undefined;
        const body = { code: v.code, name: v.name, description: v.description ?? '' };
        return position
          ? api.patch(`/positions/${position.id}`, { ...body, nameEn: nameEn ?? null })
          : api.post('/positions', { ...body, ...(nameEn ? { nameEn } : {}) });
      }}
      onSaved={() => {
        void message.success(t('common.saved'));
        void qc.invalidateQueries({ queryKey: orgKeys.positions });
        onClose();
      }}
      initialValues={position ? { ...position, nameEn: position.nameEn ?? '' } : {}}
    >
      <Form.Item name="code" label={t('positions.code')} rules={[{ required: true }]}>
        <Input data-testid="position-code" />
      </Form.Item>
      <Form.Item name="name" label={t('positions.name')} rules={[{ required: true }]}>
        <Input data-testid="position-name" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('positions.nameEn')}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('positions.description')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </FormModal>
  );
}

/** /admin/positions: positions with the number of employees holding each. */
export function PositionsPage() {
  const { t } = useTranslation();
  const positions = usePositions();
  const [editing, setEditing] = useState<PositionItem | 'new' | null>(null);
  const [targetsOf, setTargetsOf] = useState<PositionItem | null>(null);
  const screens = Grid.useBreakpoint();
  const remove = useDeleteMutation({ path: (id) => `/positions/${id}`, invalidate: orgKeys.positions });
  return (
    <>
      <PageTitle
        title={t('positions.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="position-create"
          >
            {t('positions.create')}
          </Button>
        }
      />
      <QueryState query={positions} isEmpty={(d) => d.items.length === 0} empty={t('positions.empty')}>
        {(d) => (
          <Table<PositionItem>
            rowKey="id"
            dataSource={d.items}
            pagination={d.items.length > 50 ? { pageSize: 50 } : false}
            scroll={{ x: 'max-content' }}
            data-testid="positions-table"
            columns={[
              { title: t('positions.code'), dataIndex: 'code' },
              { title: t('positions.name'), dataIndex: 'name' },
              { title: t('positions.nameEn'), dataIndex: 'nameEn', render: (v: string | null) => v ?? '—' },
              { title: t('positions.description'), dataIndex: 'description', ellipsis: true },
              { title: t('positions.employeeCount'), dataIndex: 'employeeCount', align: 'right' },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, p) => (
                  <Space size={4}>
                    <Button size="small" onClick={() => setEditing(p)}>
                      {t('common.edit')}
                    </Button>
                    <Button size="small" onClick={() => setTargetsOf(p)} data-testid={`position-targets-${p.id}`}>
                      {t('skills.targets.action')}
                    </Button>
                    <Popconfirm
                      title={t('positions.deleteConfirm', { name: p.name })}
                      okButtonProps={{ danger: true }}
                      okText={t('common.delete')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => remove.mutate(p.id)}
                    >
                      <Button size="small" danger>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {editing && <PositionModal position={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <Drawer
        open={targetsOf !== null}
        onClose={() => setTargetsOf(null)}
        width={screens.md ? 760 : '100%'}
        destroyOnHidden
        title={targetsOf ? t('skills.targets.drawerTitle', { name: localName(targetsOf.name, targetsOf.nameEn) }) : null}
      >
        {targetsOf && (
          <Suspense fallback={<Skeleton active />}>
            <PositionTargetsEditor positionId={targetsOf.id} />
          </Suspense>
        )}
      </Drawer>
    </>
  );
}
