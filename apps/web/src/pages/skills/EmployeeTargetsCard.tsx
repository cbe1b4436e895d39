/**
 * One employee's effective targets: inherited from their position, with individual overrides
 * (another T or weight, an extra point, or a point excluded). Managers of the employee and
 * admins edit them; everyone else who may see the employee reads them.
 */
import { EditOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import type { EffectiveTarget } from '@xueli/contracts';
import { App as AntApp, Button, Card, Flex, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEmployeeTargets, useTargetOverride, type TargetOverride } from '../../api/skills.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { localName } from '../../i18n/label.ts';
import { PointPicker } from './PositionTargetsEditor.tsx';
import { pct } from './skillsView.ts';

interface Editing {
  kpId: number;
  label: string;
  target: number;
  weight: number;
  reason: string;
}

function OverrideModal({ editing, employeeId, onClose }: { editing: Editing; employeeId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { set } = useTargetOverride(employeeId);
  const [form] = Form.useForm<{ target: number; weight: number; reason: string }>();
  const save = (v: { target: number; weight: number; reason: string }) =>
    set.mutate({ kpId: editing.kpId, target: v.target / 100, weight: v.weight, reason: v.reason ?? '' }, { onSuccess: onClose });
  return (
    <Modal
      open
      title={t('skills.overrides.editTitle', { point: editing.label })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={set.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {set.isError && <ProblemAlert error={set.error} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ target: Math.round(editing.target * 100), weight: editing.weight, reason: editing.reason }}
        onFinish={save}
      >
        <Form.Item name="target" label={t('skills.overrides.target')} rules={[{ required: true, type: 'number', min: 0, max: 100 }]}>
          <InputNumber min={0} max={100} addonAfter="%" style={{ width: 160 }} data-testid="override-target" />
        </Form.Item>
        <Form.Item name="weight" label={t('skills.overrides.weight')} rules={[{ required: true, type: 'number', min: 0.01, max: 100 }]}>
          <InputNumber min={0.01} max={100} step={0.5} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('skills.overrides.reason')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function EmployeeTargetsCard({ employeeId, editable }: { employeeId: number; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const targets = useEmployeeTargets(employeeId);
  const { set, reset } = useTargetOverride(employeeId);
  const [editing, setEditing] = useState<Editing | null>(null);
  const fail = (e: Error) => void message.error(e.message, 6);
  const exclude = (kpId: number) => set.mutate({ kpId, excluded: true } satisfies TargetOverride, { onError: fail });
  const items = targets.data?.items ?? [];
  return (
    <Card title={t('skills.overrides.title')} size="small" style={{ marginTop: 16 }} data-testid="employee-targets">
      <Typography.Paragraph type="secondary">{t('skills.overrides.intro')}</Typography.Paragraph>
      <QueryState query={targets} isEmpty={() => false}>
        {() => (
          <Table<EffectiveTarget>
            rowKey="kpId"
            size="small"
            dataSource={items}
            pagination={items.length > 20 ? { pageSize: 20 } : false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('skills.overrides.empty') }}
            columns={[
              { title: t('skills.overrides.point'), render: (_: unknown, r) => `${r.kpCode} ${localName(r.kpName, r.kpNameEn)}` },
              { title: t('skills.overrides.target'), dataIndex: 'target', render: (v: number) => pct(v), width: 90 },
              { title: t('skills.overrides.weight'), dataIndex: 'weight', width: 80 },
              {
                title: t('skills.overrides.source'),
                dataIndex: 'source',
                width: 110,
                render: (v: EffectiveTarget['source'], r) => (
                  <Space size={4} direction="vertical">
                    <Tag color={v === 'override' ? 'orange' : 'default'}>{t(`skills.overrides.${v}`)}</Tag>
                    {r.reason && <Typography.Text type="secondary">{r.reason}</Typography.Text>}
                  </Space>
                ),
              },
              ...(editable
                ? [
                    {
                      title: '',
                      key: 'actions',
                      render: (_: unknown, r: EffectiveTarget) => (
                        <Flex gap={4} wrap="wrap">
                          <Button
                            size="small"
                            type="link"
                            icon={<EditOutlined />}
                            onClick={() => setEditing({ kpId: r.kpId, label: r.kpCode, target: r.target, weight: r.weight, reason: r.reason })}
                            data-testid={`override-edit-${r.kpCode}`}
                          >
                            {t('common.edit')}
                          </Button>
                          {r.source === 'position' ? (
                            <Popconfirm title={t('skills.overrides.excludeConfirm', { point: r.kpCode })} onConfirm={() => exclude(r.kpId)} okText={t('skills.overrides.exclude')} cancelText={t('common.cancel')}>
                              <Button size="small" type="link" icon={<StopOutlined />}>
                                {t('skills.overrides.exclude')}
                              </Button>
                            </Popconfirm>
                          ) : (
                            <Popconfirm title={t('skills.overrides.resetConfirm', { point: r.kpCode })} onConfirm={() => reset.mutate(r.kpId, { onError: fail })} okText={t('skills.overrides.reset')} cancelText={t('common.cancel')}>
                              <Button size="small" type="link" icon={<UndoOutlined />} data-testid={`override-reset-${r.kpCode}`}>
                                {t('skills.overrides.reset')}
                              </Button>
                            </Popconfirm>
                          )}
                        </Flex>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </QueryState>
      {editable && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>{t('skills.overrides.addPoint')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <PointPicker
              taken={new Set(items.map((i) => i.kpId))}
              onAdd={(rows) => rows.forEach((r) => set.mutate({ kpId: r.kpId, target: r.target, weight: r.weight, reason: '' }, { onError: fail }))}
            />
          </div>
        </div>
      )}
      {editing && <OverrideModal editing={editing} employeeId={employeeId} onClose={() => setEditing(null)} />}
    </Card>
  );
}
