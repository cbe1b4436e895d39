/**
 * A fixed exam's item list (a controlled form field): active items picked from the bank by
 * search, points per item, reordering and removal; server problems shown on their rows.
 */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ItemView } from '@xueli/contracts';
import { Button, Empty, Flex, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePickableItems } from '../../../api/exams.ts';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { moveRow, type FixedRow } from './examForm.ts';

const plain = (s: string) =>
  s
    .replace(/[#*_`>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

function ItemPicker({
  taken,
  onAdd,
  onClose,
}: {
  taken: Set<number>;
  onAdd: (rows: FixedRow[]) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [picked, setPicked] = useState<Map<number, ItemView>>(new Map());
  const items = usePickableItems(search, page);
  return (
    <Modal
      open
      width={860}
      title={t('exams.builder.pickItems')}
      okText={t('exams.builder.addPicked', { count: picked.size })}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: picked.size === 0, 'data-testid': 'item-picker-add' }}
      onOk={() => {
        onAdd(
          [...picked.values()].map((i) => ({ itemId: i.id, points: 1, stem: i.stem, type: i.type, status: i.status })),
        );
        onClose();
      }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Input.Search
        allowClear
        placeholder={t('exams.builder.searchItems')}
        onSearch={(v) => {
          setSearch(v.trim());
          setPage(1);
        }}
        style={{ marginBottom: 12 }}
        data-testid="item-picker-search"
      />
      {items.isError && <ProblemAlert error={items.error} />}
      <Table<ItemView>
        rowKey="id"
        size="small"
        loading={items.isFetching}
        dataSource={items.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exams.builder.noActiveItems')} />,
        }}
        pagination={{
          current: page,
          pageSize: 10,
          total: items.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        rowSelection={{
          preserveSelectedRowKeys: true,
          selectedRowKeys: [...picked.keys()],
          getCheckboxProps: (i) => ({ disabled: taken.has(i.id) }),
          onChange: (_keys, rows) =>
            setPicked((prev) => {
              const next = new Map<number, ItemView>();
              for (const r of rows) if (r) next.set(r.id, r);
              // rows on other pages stay picked
              for (const [id, r] of prev) if (!items.data?.items.some((x) => x.id === id)) next.set(id, r);
              return next;
            }),
        }}
        data-testid="item-picker-table"
        columns={[
          { title: 'ID', dataIndex: 'id', width: 70 },
          {
            title: t('exams.builder.itemType'),
            dataIndex: 'type',
            render: (v: string) => <Tag>{t(`exams.itemType.${v}`)}</Tag>,
          },
          {
            title: t('exams.builder.stem'),
            dataIndex: 'stem',
            render: (s: string) => (
              <Typography.Text ellipsis style={{ maxWidth: 420 }}>
                {plain(s)}
              </Typography.Text>
            ),
          },
          {
            title: t('exams.builder.knowledgePoints'),
            key: 'kps',
            render: (_, i) => i.knowledgePoints.map((k) => <Tag key={k.id}>{k.code}</Tag>),
          },
          { title: 'b', dataIndex: 'difficulty', render: (b: number | null) => (b == null ? '—' : b.toFixed(2)) },
        ]}
      />
    </Modal>
  );
}

export function FixedItemsEditor({
  value = [],
  onChange,
  problems,
  disabled,
}: {
  value?: FixedRow[];
  onChange?: (rows: FixedRow[]) => void;
  problems: Map<number, string[]>;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [picking, setPicking] = useState(false);
  const set = (rows: FixedRow[]) => onChange?.(rows);
  const total = value.reduce((s, r) => s + (r.points || 0), 0);
  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center" wrap="wrap" gap={8}>
        <Typography.Text type="secondary" data-testid="fixed-total">
          {t('exams.builder.fixedTotal', { count: value.length, points: total })}
        </Typography.Text>
        <Button icon={<PlusOutlined />} onClick={() => setPicking(true)} disabled={disabled} data-testid="add-items">
          {t('exams.builder.addItems')}
        </Button>
      </Flex>
      <Table<FixedRow>
        rowKey="itemId"
        size="small"
        dataSource={value}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exams.builder.noItems')} /> }}
        data-testid="fixed-items"
        columns={[
          { title: '#', key: 'n', width: 40, render: (_, _r, i) => i + 1 },
          {
            title: t('exams.builder.stem'),
            key: 'stem',
            render: (_, r, i) => (
              <Flex vertical>
                <Typography.Text ellipsis style={{ maxWidth: 420 }}>
                  {plain(r.stem)}
                </Typography.Text>
                <Space size={4}>
                  <Tag>{t(`exams.itemType.${r.type}`)}</Tag>
                  {r.status && r.status !== 'active' && <Tag color="red">{r.status}</Tag>}
                </Space>
                {problems.get(i)?.map((m) => (
                  <Typography.Text key={m} type="danger" style={{ fontSize: 12 }}>
                    {m}
                  </Typography.Text>
                ))}
              </Flex>
            ),
          },
          {
            title: t('exams.builder.points'),
            key: 'points',
            render: (_, r, i) => (
              <InputNumber
                min={0.5}
                max={100}
                step={0.5}
                value={r.points}
                disabled={disabled}
                onChange={(v) => set(value.map((x, j) => (j === i ? { ...x, points: v ?? 1 } : x)))}
                style={{ width: 90 }}
                data-testid={`points-${r.itemId}`}
              />
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, r, i) => (
              <Space size={4}>
                <Button
                  size="small"
                  icon={<ArrowUpOutlined />}
                  disabled={disabled || i === 0}
                  onClick={() => set(moveRow(value, i, -1))}
                  aria-label={t('exams.builder.moveUp')}
                />
                <Button
                  size="small"
                  icon={<ArrowDownOutlined />}
                  disabled={disabled || i === value.length - 1}
                  onClick={() => set(moveRow(value, i, 1))}
                  aria-label={t('exams.builder.moveDown')}
                />
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  disabled={disabled}
                  onClick={() => set(value.filter((x) => x.itemId !== r.itemId))}
                  aria-label={t('common.delete')}
                />
              </Space>
            ),
          },
        ]}
      />
      {picking && (
        <ItemPicker
          taken={new Set(value.map((r) => r.itemId))}
          onAdd={(rows) => set([...value, ...rows])}
          onClose={() => setPicking(false)}
        />
      )}
    </Flex>
  );
}
