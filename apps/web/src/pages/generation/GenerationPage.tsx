import { ExperimentOutlined } from '@ant-design/icons';
import type { GenerationDraftView } from '@xueli/contracts';
import { Alert, Button, Card, Checkbox, Flex, Form, InputNumber, Radio, Select, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDrafts, useGenerate, useGenerationCapabilities, useKbCollections, useKbDocuments, type DraftFilter } from '../../api/generation.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';
import { DraftDrawer } from './DraftDrawer.tsx';
import { draftSummary } from './draftForm.ts';

const ITEM_TYPES = ['fill_blank', 'single', 'true_false'] as const;

/** The generate panel: documents from the knowledge base, kind, count and item types. */
function GeneratePanel({ onOpen }: { onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const caps = useGenerationCapabilities();
  const collections = useKbCollections();
  const [collectionId, setCollectionId] = useState<number | null>(null);
  const documents = useKbDocuments(collectionId);
  const [documentIds, setDocumentIds] = useState<number[]>([]);
  const [kind, setKind] = useState<'items' | 'outline' | 'case'>('items');
  const [count, setCount] = useState(10);
  const [types, setTypes] = useState<string[]>([...ITEM_TYPES]);
  const [useModel, setUseModel] = useState(true);
  const generate = useGenerate();
  const model = caps.data?.model ?? false;
  const withModel = model && useModel;
  return (
    <Card title={t('generation.panel.title')} data-testid="generation-panel">
      {caps.isSuccess && (
        <Alert
          type={model ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          message={model ? t('generation.panel.model', { model: caps.data.chatModel ?? '' }) : t('generation.panel.offline')}
          data-testid="generation-mode"
        />
      )}
      <Form layout="vertical" onFinish={() => generate.mutate({ kind, documentIds, count, ...(kind === 'items' ? { types: types as (typeof ITEM_TYPES)[number][] } : {}), useModel: withModel })}>
        <Flex gap={16} wrap>
          <Form.Item label={t('generation.panel.collection')} style={{ minWidth: 240 }}>
            <Select
              loading={collections.isPending}
              value={collectionId}
              onChange={(v: number) => {
                setCollectionId(v);
                setDocumentIds([]);
              }}
              options={(collections.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              placeholder={t('generation.panel.pickCollection')}
              notFoundContent={t('generation.panel.noCollections')}
              data-testid="generation-collection"
            />
          </Form.Item>
          <Form.Item label={t('generation.panel.documents')} style={{ minWidth: 320, flex: 1 }} required>
            <Select
              mode="multiple"
              maxCount={20}
              disabled={collectionId == null}
              loading={documents.isFetching}
              value={documentIds}
              onChange={setDocumentIds}
              options={(documents.data?.items ?? []).map((d) => ({ value: d.id, label: d.title }))}
              placeholder={t('generation.panel.pickDocuments')}
              notFoundContent={t('generation.panel.noDocuments')}
              data-testid="generation-documents"
            />
          </Form.Item>
        </Flex>
        {collections.isError && <ProblemAlert error={collections.error} />}
        <Flex gap={24} wrap align="end">
          <Form.Item label={t('generation.panel.kind')}>
            <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} data-testid="generation-kind">
              <Radio.Button value="items">{t('generation.kind.items')}</Radio.Button>
              <Radio.Button value="outline">{t('generation.kind.outline')}</Radio.Button>
              <Radio.Button value="case" disabled={!withModel}>
                {t('generation.kind.case')}
              </Radio.Button>
            </Radio.Group>
          </Form.Item>
          {kind === 'items' && (
            <>
              <Form.Item label={t('generation.panel.count')}>
                <InputNumber min={1} max={50} value={count} onChange={(v) => setCount(v ?? 10)} data-testid="generation-count" />
              </Form.Item>
              <Form.Item label={t('generation.panel.types')}>
                <Checkbox.Group
                  value={types}
                  onChange={(v) => setTypes(v.length ? (v) : types)}
                  options={ITEM_TYPES.map((x) => ({ value: x, label: t(`generation.itemType.${x}`) }))}
                />
              </Form.Item>
            </>
          )}
          {model && (
            <Form.Item label={t('generation.panel.useModel')}>
              <Switch checked={useModel} onChange={setUseModel} />
            </Form.Item>
          )}
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} loading={generate.isPending} disabled={!documentIds.length} data-testid="generation-submit">
              {t('generation.panel.submit')}
            </Button>
          </Form.Item>
        </Flex>
        {kind === 'case' && !withModel && <Alert type="warning" showIcon message={t('generation.panel.caseNeedsModel')} />}
      </Form>
      {generate.isError && <ProblemAlert error={generate.error} testId="generation-error" />}
      {generate.isSuccess && (
        <Alert
          type={generate.data.drafts.length ? 'success' : 'warning'}
          showIcon
          data-testid="generation-result"
          message={t('generation.panel.result', { count: generate.data.drafts.length, origin: t(`generation.origin.${generate.data.origin}`) })}
          description={
            <>
              {generate.data.notes.map((n) => (
                <div key={n}>{n}</div>
              ))}
              {generate.data.drafts[0] && (
                <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(generate.data.drafts[0]!.id)}>
                  {t('generation.panel.openFirst')}
                </Button>
              )}
            </>
          }
        />
      )}
    </Card>
  );
}

/**
 * /manage/generation (trainers, admins): generate outlines, quiz items and case studies from
 * knowledge-base documents; review the drafts (edit beside their source passages, approve, reject).
 */
export function GenerationPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<DraftFilter>({ status: 'pending', page: 1, pageSize: 20 });
  const drafts = useDrafts(filter);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <>
      <PageTitle title={t('generation.title')} />
      <Typography.Paragraph type="secondary">{t('generation.intro')}</Typography.Paragraph>
      <GeneratePanel onOpen={setOpen} />
      <Card title={t('generation.queue.title')} style={{ marginTop: 16 }} data-testid="generation-queue">
        <Flex justify="space-between" wrap gap={8}>
          <Tabs
            activeKey={filter.status}
            onChange={(k) => setFilter({ ...filter, status: k as DraftFilter['status'], page: 1 })}
            items={(['pending', 'approved', 'rejected'] as const).map((s) => ({ key: s, label: t(`generation.status.${s}`) }))}
          />
          <Select
            allowClear
            style={{ width: 180 }}
            placeholder={t('generation.queue.allKinds')}
            value={filter.kind}
            onChange={(k?: DraftFilter['kind']) => setFilter({ ...filter, kind: k, page: 1 })}
            options={(['item', 'outline', 'case'] as const).map((k) => ({ value: k, label: t(`generation.draftKind.${k}`) }))}
          />
        </Flex>
        <QueryState query={drafts} isEmpty={(d) => d.total === 0} empty={t('generation.queue.empty')}>
          {(data) => (
            <Table<GenerationDraftView>
              rowKey="id"
              size="small"
              dataSource={data.items}
              pagination={{ current: data.page, pageSize: data.pageSize, total: data.total, onChange: (page, pageSize) => setFilter({ ...filter, page, pageSize }) }}
              onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
              columns={[
                { title: '#', dataIndex: 'id', width: 70 },
                { title: t('generation.queue.kind'), dataIndex: 'kind', width: 110, render: (k: string, r) => <Tag>{r.kind === 'item' ? t(`generation.itemType.${String(r.content.type)}`, { defaultValue: k }) : t(`generation.draftKind.${k}`)}</Tag> },
                { title: t('generation.queue.summary'), key: 'summary', render: (_, r) => draftSummary(r.kind, r.content) },
                { title: t('generation.queue.origin'), dataIndex: 'origin', width: 100, render: (o: string) => <Tag color={o === 'model' ? 'purple' : 'default'}>{t(`generation.origin.${o}`)}</Tag> },
                { title: t('generation.queue.sources'), key: 'sources', width: 90, render: (_, r) => r.sources.length },
                { title: t('generation.queue.created'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
              ]}
            />
          )}
        </QueryState>
      </Card>
      <DraftDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}
