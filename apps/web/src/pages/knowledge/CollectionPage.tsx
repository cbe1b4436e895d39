import {
  ArrowLeftOutlined,
  DeleteOutlined,
  FileTextOutlined,
  InboxOutlined,
  LockOutlined,
  ReloadOutlined,
  SnippetsOutlined,
} from '@ant-design/icons';
import type { KbDocument } from '@xueli/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Flex, Input, Popconfirm, Select, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import {
  kbKeys,
  useKbCollection,
  useKbCollections,
  useKbDocuments,
  useReindex,
  useUploadDocument,
  type DocumentFilter,
} from '../../api/knowledge.ts';
import { useDeleteMutation } from '../../api/useDeleteMutation.ts';
import { JobProgress } from '../../components/JobProgress.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatBytes, formatDateTime } from '../../format.ts';
import { DocumentDrawer } from './DocumentDrawer.tsx';
import { ACCEPT, accessSummary, statusColor } from './kbView.ts';
import { PasteModal } from './PasteModal.tsx';

interface RunningJob {
  jobId: number;
  title: string;
}

/** /manage/knowledge/:id: a collection's documents — upload, paste, re-index, delete, passages. */
export function CollectionPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const id = Number(useParams().id);
  const collection = useKbCollection(id);
  const limits = useKbCollections();
  const [filter, setFilter] = useState<DocumentFilter>({ page: 1, pageSize: 20 });
  const documents = useKbDocuments(id, filter);
  const upload = useUploadDocument(id);
  const reindex = useReindex(id);
  const remove = useDeleteMutation({
    path: (docId) => `/kb/collections/${id}/documents/${docId}`,
    invalidate: kbKeys.all,
  });
  const [jobs, setJobs] = useState<RunningJob[]>([]);
  const [pasting, setPasting] = useState(false);
  const [viewing, setViewing] = useState<number | null>(null);
  const maxBytes = limits.data?.maxUploadBytes ?? null;
  const follow = useCallback(
    (jobId: number, title: string) =>
      setJobs((js) => [{ jobId, title }, ...js.filter((j) => j.jobId !== jobId)].slice(0, 5)),
    [],
  );
  const refresh = useCallback(() => void qc.invalidateQueries({ queryKey: kbKeys.all }), [qc]);

  return (
    <>
      <Link to="/manage/knowledge">
        <ArrowLeftOutlined /> {t('knowledge.back')}
      </Link>
      <QueryState query={collection} rows={2}>
        {(c) => (
          <>
            <PageTitle
              title={
                <>
                  {c.name} {c.visibility === 'restricted' && <LockOutlined style={{ fontSize: 18 }} />}
                </>
              }
              extra={
                <>
                  <Button icon={<SnippetsOutlined />} onClick={() => setPasting(true)} data-testid="kb-paste-open">
                    {t('knowledge.paste.open')}
                  </Button>
                  <Popconfirm
                    title={t('knowledge.reindexAllConfirm')}
                    okText={t('knowledge.reindex')}
                    cancelText={t('common.cancel')}
                    onConfirm={() =>
                      reindex.mutate(null, { onSuccess: (job) => follow(job.id, t('knowledge.reindexAll')) })
                    }
                  >
                    <Button icon={<ReloadOutlined />} loading={reindex.isPending} data-testid="kb-reindex-all">
                      {t('knowledge.reindexAll')}
                    </Button>
                  </Popconfirm>
                </>
              }
            />
            <Typography.Paragraph type="secondary">
              {c.description}
              {c.visibility === 'restricted' && (
                <>
                  {c.description ? ' · ' : ''}
                  {t('knowledge.visibleTo', { who: accessSummary(c, t) || t('knowledge.visibility.staffOnly') })}
                </>
              )}
            </Typography.Paragraph>
          </>
        )}
      </QueryState>
      {reindex.isError && <ProblemAlert error={reindex.error} />}
      <Upload.Dragger
        multiple
        accept={ACCEPT}
        showUploadList={false}
        beforeUpload={(file) => {
          if (maxBytes !== null && file.size > maxBytes) {
            void message.error(t('knowledge.upload.tooLarge', { name: file.name, max: formatBytes(maxBytes) }), 6);
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onSuccess, onError }) => {
          const f = file as File;
          upload.mutate(f, {
            onSuccess: (doc) => {
              if (doc.jobId) follow(doc.jobId, doc.title);
              onSuccess?.(doc);
            },
            onError: (e) => {
              void message.error(`${f.name}: ${e.message}`, 8);
              onError?.(e);
            },
          });
        }}
        style={{ marginBottom: 16 }}
        data-testid="kb-upload"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('knowledge.upload.drop')}</p>
        <p className="ant-upload-hint">
          {t('knowledge.upload.hint', { max: maxBytes !== null ? formatBytes(maxBytes) : '…' })}
        </p>
      </Upload.Dragger>
      {jobs.map((j) => (
        <JobProgress
          key={j.jobId}
          jobId={j.jobId}
          testId={`kb-job-${j.jobId}`}
          title={t('knowledge.indexing', { title: j.title })}
          onDone={refresh}
        />
      ))}
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('knowledge.searchTitle')}
          style={{ width: 240 }}
          onSearch={(q) => setFilter((f) => ({ ...f, page: 1, q: q || undefined }))}
        />
        <Select
          allowClear
          placeholder={t('common.status')}
          style={{ width: 160 }}
          value={filter.status}
          onChange={(status?: KbDocument['status']) => setFilter((f) => ({ ...f, page: 1, status }))}
          options={(['pending', 'indexing', 'ready', 'failed'] as const).map((s) => ({
            value: s,
            label: t(`knowledge.status.${s}`),
          }))}
        />
      </Flex>
      <QueryState
        query={documents}
        isEmpty={(d) => d.total === 0 && !filter.q && !filter.status}
        empty={t('knowledge.emptyDocuments')}
      >
        {(d) => (
          <Table<KbDocument>
            rowKey="id"
            dataSource={d.items}
            scroll={{ x: 'max-content' }}
            data-testid="kb-documents"
            locale={{ emptyText: t('common.noMatch') }}
            pagination={{
              current: d.page,
              pageSize: d.pageSize,
              total: d.total,
              showSizeChanger: true,
              onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
            }}
            columns={[
              {
                title: t('knowledge.document.title'),
                key: 'title',
                render: (_, doc) => (
                  <Flex vertical style={{ maxWidth: 380 }}>
                    <Typography.Link onClick={() => setViewing(doc.id)} data-testid={`kb-document-${doc.id}`}>
                      <FileTextOutlined /> {doc.title}
                    </Typography.Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {doc.fileName ?? (doc.sourceUrl ? doc.sourceUrl : t('knowledge.document.pasted'))}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                title: t('knowledge.document.format'),
                dataIndex: 'format',
                render: (v: string) => <Tag>{t(`knowledge.format.${v}`)}</Tag>,
              },
              {
                title: t('common.status'),
                key: 'status',
                render: (_, doc) => (
                  <Tooltip title={doc.error}>
                    <Tag color={statusColor[doc.status]} data-testid={`kb-status-${doc.id}`}>
                      {t(`knowledge.status.${doc.status}`)}
                    </Tag>
                  </Tooltip>
                ),
              },
              { title: t('knowledge.document.passages'), dataIndex: 'chunkCount', align: 'right' },
              {
                title: t('knowledge.document.size'),
                dataIndex: 'sizeBytes',
                align: 'right',
                render: (v: number) => formatBytes(v),
              },
              {
                title: t('knowledge.document.indexedAt'),
                dataIndex: 'indexedAt',
                render: (v: string | null) => (v ? formatDateTime(v) : '—'),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, doc) => (
                  <Flex gap={4}>
                    <Button
                      size="small"
                      type="link"
                      icon={<ReloadOutlined />}
                      disabled={doc.status === 'pending' || doc.status === 'indexing'}
                      onClick={() => reindex.mutate(doc.id, { onSuccess: (job) => follow(job.id, doc.title) })}
                      data-testid={`kb-reindex-${doc.id}`}
                    >
                      {t('knowledge.reindex')}
                    </Button>
                    <Popconfirm
                      title={t('knowledge.document.deleteConfirm', { title: doc.title })}
                      okText={t('common.delete')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => remove.mutate(doc.id)}
                    >
                      <Button
                        size="small"
                        type="link"
                        danger
                        icon={<DeleteOutlined />}
                        data-testid={`kb-delete-${doc.id}`}
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
      {pasting && (
        <PasteModal
          collectionId={id}
          onClose={() => setPasting(false)}
          onStarted={(doc) => {
            if (doc.jobId) follow(doc.jobId, doc.title);
          }}
        />
      )}
      <DocumentDrawer documentId={viewing} onClose={() => setViewing(null)} />
    </>
  );
}
