import { DeleteOutlined, EditOutlined, LockOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import type { KbCollection } from '@xueli/contracts';
import { Button, Flex, Popconfirm, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { kbKeys, useKbCollections } from '../../api/knowledge.ts';
import { useDeleteMutation } from '../../api/useDeleteMutation.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';
import { CollectionModal } from './CollectionModal.tsx';
import { accessSummary } from './kbView.ts';

/** /manage/knowledge: the knowledge base's collections (admins, trainers): list, create, edit, delete. */
export function KnowledgePage() {
  const { t } = useTranslation();
  const collections = useKbCollections();
  const remove = useDeleteMutation({ path: (id) => `/kb/collections/${id}`, invalidate: kbKeys.all });
  const [editing, setEditing] = useState<KbCollection | 'new' | null>(null);
  return (
    <>
      <PageTitle
        title={t('knowledge.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="kb-collection-create"
          >
            {t('knowledge.collection.create')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('knowledge.intro')}</Typography.Paragraph>
      <QueryState query={collections} isEmpty={(d) => d.items.length === 0} empty={t('knowledge.emptyCollections')}>
        {(d) => (
          <Table<KbCollection>
            rowKey="id"
            dataSource={d.items}
            pagination={d.items.length > 20 ? { pageSize: 20 } : false}
            scroll={{ x: 'max-content' }}
            data-testid="kb-collections"
            columns={[
              {
                title: t('knowledge.collection.name'),
                key: 'name',
                render: (_, c) => (
                  <Flex vertical style={{ maxWidth: 380 }}>
                    <Link to={`/manage/knowledge/${c.id}`} data-testid={`kb-collection-${c.id}`}>
                      {c.name}
                    </Link>
                    {c.description && (
                      <Typography.Text type="secondary" ellipsis={{ tooltip: c.description }} style={{ fontSize: 12 }}>
                        {c.description}
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
              {
                title: t('knowledge.collection.visibility'),
                key: 'visibility',
                render: (_, c) =>
                  c.visibility === 'everyone' ? (
                    <Tag icon={<TeamOutlined />} color="green">
                      {t('knowledge.visibility.everyone')}
                    </Tag>
                  ) : (
                    <Tooltip title={accessSummary(c, t) || t('knowledge.visibility.staffOnly')}>
                      <Tag icon={<LockOutlined />} color="orange">
                        {t('knowledge.visibility.restricted')}
                      </Tag>
                    </Tooltip>
                  ),
              },
              {
                title: t('knowledge.collection.course'),
                dataIndex: 'courseTitle',
                render: (v: string | null) => v ?? '—',
              },
              { title: t('knowledge.collection.documents'), dataIndex: 'documentCount', align: 'right' },
              { title: t('knowledge.collection.passages'), dataIndex: 'chunkCount', align: 'right' },
              {
                title: t('knowledge.collection.updatedAt'),
                dataIndex: 'updatedAt',
                render: (v: string) => formatDateTime(v),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, c) => (
                  <Flex gap={4}>
                    <Button
                      size="small"
                      type="link"
                      icon={<EditOutlined />}
                      onClick={() => setEditing(c)}
                      data-testid={`kb-collection-edit-${c.id}`}
                    >
                      {t('common.edit')}
                    </Button>
                    <Popconfirm
                      title={t('knowledge.collection.deleteConfirm', { name: c.name, count: c.documentCount })}
                      okText={t('common.delete')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => remove.mutate(c.id)}
                    >
                      <Button
                        size="small"
                        type="link"
                        danger
                        icon={<DeleteOutlined />}
                        data-testid={`kb-collection-delete-${c.id}`}
                      >
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </Flex>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {editing && <CollectionModal collection={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
