/**
 * /manage/items: the item bank (authors only). A paged table (type, stem, knowledge points,
 * status, version, last change) with filters kept in the URL, so a filtered view can be shared
 * and survives a reload.
 */
import { ClearOutlined, PlusOutlined } from '@ant-design/icons';
import { ITEM_STATUSES, ITEM_TYPES, type ItemStatusName, type ItemTypeName, type ItemView } from '@xueli/contracts';
import { Button, Empty, Flex, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useItemList } from '../../api/items.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDateTime } from '../../format.ts';
import { filterFromParams, filterToParams, ITEM_STATUS_COLORS, stemExcerpt, type ListFilter } from './itemForm.ts';
import { ItemExportButton, ItemImportButton, ItemImportModal } from './ItemTransfer.tsx';
import { KpSelect } from '../../components/KpSelect.tsx';

export function ItemsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const setFilter = (patch: Partial<ListFilter>) =>
    setParams(filterToParams({ ...filter, page: 1, ...patch }), { replace: true });
  const list = useItemList(filter);
  const filtered = Boolean(filter.type || filter.status || filter.kpId || filter.tag || filter.search);
  const clear = () => setParams(new URLSearchParams(), { replace: true });
  const [importing, setImporting] = useState(false);

  const empty = filtered ? (
    <Empty description={t('items.noMatch')} data-testid="empty-state">
      <Button icon={<ClearOutlined />} onClick={clear}>
        {t('items.clearFilters')}
      </Button>
    </Empty>
  ) : (
    <Empty description={t('items.empty')} data-testid="empty-state">
      <Link to="/manage/items/new">
        <Button type="primary" icon={<PlusOutlined />}>
          {t('items.new')}
        </Button>
      </Link>
    </Empty>
  );

  return (
    <>
      <PageTitle
        title={t('items.title')}
        extra={
          <>
            <ItemImportButton onClick={() => setImporting(true)} />
            <ItemExportButton filter={filter} />
            <Link to="/manage/items/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="item-new">
                {t('items.new')}
              </Button>
            </Link>
          </>
        }
      />
      <Typography.Paragraph type="secondary">{t('items.intro')}</Typography.Paragraph>
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 16 }} data-testid="item-filters">
        <Select<ItemTypeName>
          allowClear
          placeholder={t('items.type')}
          value={filter.type}
          onChange={(type) => setFilter({ type })}
          options={ITEM_TYPES.map((ty) => ({ value: ty, label: t(`items.types.${ty}`) }))}
          style={{ width: 150, maxWidth: '100%' }}
          data-testid="filter-type"
        />
        <Select<ItemStatusName>
          allowClear
          placeholder={t('common.status')}
          value={filter.status}
          onChange={(status) => setFilter({ status })}
          options={ITEM_STATUSES.map((s) => ({ value: s, label: t(`items.statuses.${s}`) }))}
          style={{ width: 130, maxWidth: '100%' }}
          data-testid="filter-status"
        />
        <div style={{ width: 260, maxWidth: '100%' }}>
          <KpSelect
            multiple={false}
            value={filter.kpId}
            onChange={(kpId) => setFilter({ kpId })}
            placeholder={t('items.kpFilter')}
            testId="filter-kp"
          />
        </div>
        <Input.Search
          key={`tag:${filter.tag ?? ''}`}
          allowClear
          defaultValue={filter.tag}
          placeholder={t('items.tagFilter')}
          onSearch={(v) => setFilter({ tag: v.trim() || undefined })}
          style={{ width: 160, maxWidth: '100%' }}
          data-testid="filter-tag"
        />
        <Input.Search
          key={`q:${filter.search ?? ''}`}
          allowClear
          defaultValue={filter.search}
          placeholder={t('items.search')}
          onSearch={(v) => setFilter({ search: v.trim() || undefined })}
          style={{ width: 240, maxWidth: '100%' }}
          data-testid="filter-search"
        />
        {filtered && (
          <Button icon={<ClearOutlined />} onClick={clear} data-testid="filter-clear">
            {t('items.clearFilters')}
          </Button>
        )}
      </Flex>
      {list.isError && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={list.error} />
        </div>
      )}
      <Table<ItemView>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: list.isPending || list.isError ? ' ' : empty }}
        data-testid="items-table"
        onRow={(it) => ({ 'data-testid': `item-row-${it.id}` }) as HTMLAttributes<HTMLElement>}
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => t('common.total', { count: total }),
          onChange: (page, pageSize) =>
            setParams(filterToParams({ ...filter, page: pageSize === filter.pageSize ? page : 1, pageSize }), {
              replace: true,
            }),
        }}
        columns={[
          {
            title: t('items.type'),
            dataIndex: 'type',
            render: (ty: ItemTypeName) => <Tag style={{ marginInlineEnd: 0 }}>{t(`items.types.${ty}`)}</Tag>,
          },
          {
            title: t('items.stem'),
            key: 'stem',
            render: (_, it) => (
              <Link
                to={`/manage/items/${it.id}`}
                data-testid={`item-link-${it.id}`}
                style={{ display: 'inline-block', maxWidth: 360, whiteSpace: 'normal' }}
              >
                {stemExcerpt(it.stem) || `#${it.id}`}
              </Link>
            ),
          },
          {
            title: t('items.kps'),
            key: 'kps',
            render: (_, it) => (
              <Flex gap={4} wrap="wrap" style={{ maxWidth: 240 }}>
                {it.knowledgePoints.map((k) => (
                  <Tooltip key={k.id} title={k.name}>
                    <Tag style={{ marginInlineEnd: 0 }}>{k.code}</Tag>
                  </Tooltip>
                ))}
              </Flex>
            ),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: ItemStatusName, it) => (
              <Tag color={ITEM_STATUS_COLORS[s]} data-testid={`item-status-${it.id}`} style={{ marginInlineEnd: 0 }}>
                {t(`items.statuses.${s}`)}
              </Tag>
            ),
          },
          { title: t('items.version'), dataIndex: 'version', align: 'right', render: (v: number) => `v${v}` },
          {
            title: t('items.updated'),
            key: 'updated',
            render: (_, it) => (
              <Flex vertical>
                <span>{formatDateTime(it.updatedAt)}</span>
                {it.updatedBy && <Typography.Text type="secondary">{it.updatedBy}</Typography.Text>}
              </Flex>
            ),
          },
        ]}
      />
      {importing && (
        <ItemImportModal
          onClose={() => setImporting(false)}
          onShowDrafts={() => {
            setImporting(false);
            setParams(filterToParams({ status: 'draft', page: 1, pageSize: filter.pageSize }), { replace: true });
          }}
        />
      )}
    </>
  );
}
