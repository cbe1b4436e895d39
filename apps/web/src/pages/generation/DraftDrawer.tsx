import type { GenerationDraftView } from '@xueli/contracts';
import { App as AntApp, Alert, Button, Card, Col, Descriptions, Drawer, Flex, Input, Modal, Popconfirm, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useApproveDraft, useDraft, useRejectDraft, useSaveDraft } from '../../api/generation.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';
import { fromForm, toForm, type CaseForm, type DraftForm, type ItemForm, type OutlineForm } from './draftForm.ts';

function ItemEditor({ form, set }: { form: ItemForm; set: (f: ItemForm) => void }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>{t('generation.editor.stem')}</Typography.Text>
      <Input.TextArea autoSize={{ minRows: 3 }} value={form.stem} onChange={(e) => set({ ...form, stem: e.target.value })} data-testid="draft-stem" />
      {(form.type === 'single' || form.type === 'multiple') && (
        <>
          <Typography.Text strong>{t('generation.editor.options')}</Typography.Text>
          <Radio.Group value={form.correct} onChange={(e) => set({ ...form, correct: String(e.target.value) })} style={{ width: '100%' }}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {form.options.map((o, i) => (
                <Flex key={o.id} gap={8} align="center">
                  <Radio value={o.id} aria-label={t('generation.editor.correct')} />
                  <Tag>{o.id.toUpperCase()}</Tag>
                  <Input
                    value={o.text}
                    onChange={(e) => set({ ...form, options: form.options.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)) })}
                  />
                </Flex>
              ))}
            </Space>
          </Radio.Group>
          <Typography.Text type="secondary">{t('generation.editor.correctHint')}</Typography.Text>
        </>
      )}
      {form.type === 'true_false' && (
        <>
          <Typography.Text strong>{t('generation.editor.correct')}</Typography.Text>
          <Radio.Group value={form.correct} onChange={(e) => set({ ...form, correct: String(e.target.value) })}>
            <Radio.Button value="true">{t('generation.editor.true')}</Radio.Button>
            <Radio.Button value="false">{t('generation.editor.false')}</Radio.Button>
          </Radio.Group>
        </>
      )}
      {form.type === 'fill_blank' &&
        form.blanks.map((b, i) => (
          <div key={i}>
            <Typography.Text strong>{t('generation.editor.accepted', { n: i + 1 })}</Typography.Text>
            <Select mode="tags" style={{ width: '100%' }} value={b} onChange={(v: string[]) => set({ ...form, blanks: form.blanks.map((x, j) => (j === i ? v : x)) })} open={false} />
          </div>
        ))}
      <Typography.Text strong>{t('generation.editor.explanation')}</Typography.Text>
      <Input.TextArea autoSize={{ minRows: 2 }} value={form.explanation} onChange={(e) => set({ ...form, explanation: e.target.value })} />
    </Space>
  );
}

function OutlineEditor({ form, set }: { form: OutlineForm; set: (f: OutlineForm) => void }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>{t('generation.editor.courseTitle')}</Typography.Text>
      <Input value={form.title} onChange={(e) => set({ ...form, title: e.target.value })} />
      <Typography.Text strong>{t('generation.editor.description')}</Typography.Text>
      <Input.TextArea autoSize={{ minRows: 2 }} value={form.description} onChange={(e) => set({ ...form, description: e.target.value })} />
      {form.modules.map((m, i) => {
        const patch = (p: Partial<OutlineForm['modules'][number]>) => set({ ...form, modules: form.modules.map((x, j) => (j === i ? { ...x, ...p } : x)) });
        return (
          <Card key={i} size="small" title={t('generation.editor.module', { n: i + 1 })}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Input value={m.title} onChange={(e) => patch({ title: e.target.value })} />
              <Typography.Text type="secondary">{t('generation.editor.objectives')}</Typography.Text>
              <Input.TextArea autoSize={{ minRows: 2 }} value={m.objectives} onChange={(e) => patch({ objectives: e.target.value })} />
            </Space>
          </Card>
        );
      })}
    </Space>
  );
}

function CaseEditor({ form, set }: { form: CaseForm; set: (f: CaseForm) => void }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>{t('generation.editor.caseTitle')}</Typography.Text>
      <Input value={form.title} onChange={(e) => set({ ...form, title: e.target.value })} />
      <Typography.Text strong>{t('generation.editor.scenario')}</Typography.Text>
      <Input.TextArea autoSize={{ minRows: 6 }} value={form.scenario} onChange={(e) => set({ ...form, scenario: e.target.value })} />
      <Typography.Text strong>{t('generation.editor.questions')}</Typography.Text>
      <Input.TextArea autoSize={{ minRows: 2 }} value={form.questions} onChange={(e) => set({ ...form, questions: e.target.value })} />
    </Space>
  );
}

function DraftBody({ draft }: { draft: GenerationDraftView }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form, setForm] = useState<DraftForm>(() => toForm(draft.kind, draft.content));
  const [kps, setKps] = useState<string[]>(() => (Array.isArray(draft.content.knowledgePoints) ? (draft.content.knowledgePoints as string[]).map(String) : []));
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const save = useSaveDraft(draft.id);
  const approve = useApproveDraft(draft.id);
  const reject = useRejectDraft(draft.id);
  useEffect(() => {
    setForm(toForm(draft.kind, draft.content));
  }, [draft]);
  const pending = draft.status === 'pending';
  const needsKps = draft.kind !== 'outline';
  const content = () => ({ ...fromForm(form, draft.content), ...(needsKps && kps.length ? { knowledgePoints: kps } : {}) });
  const setAny = (f: DraftForm) => setForm(f);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('generation.queue.kind')}>{t(`generation.draftKind.${draft.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('generation.queue.origin')}>{t(`generation.origin.${draft.origin}`)}</Descriptions.Item>
          <Descriptions.Item label={t('generation.editor.status')}>{t(`generation.status.${draft.status}`)}</Descriptions.Item>
          <Descriptions.Item label={t('generation.queue.created')}>{formatDateTime(draft.createdAt)}</Descriptions.Item>
          {draft.reviewedBy && <Descriptions.Item label={t('generation.editor.reviewedBy')}>{`${draft.reviewedBy} · ${formatDateTime(draft.reviewedAt)}`}</Descriptions.Item>}
          {draft.reviewNote && <Descriptions.Item label={t('generation.editor.note')}>{draft.reviewNote}</Descriptions.Item>}
        </Descriptions>
        {draft.itemId != null && (
          <Alert type="success" showIcon style={{ marginBottom: 12 }} message={<Link to={`/manage/items/${draft.itemId}`}>{t('generation.editor.openItem', { id: draft.itemId })}</Link>} />
        )}
        {draft.courseId != null && (
          <Alert type="success" showIcon style={{ marginBottom: 12 }} message={<Link to={`/manage/courses/${draft.courseId}`}>{t('generation.editor.openCourse', { id: draft.courseId })}</Link>} />
        )}
        <fieldset disabled={!pending} style={{ border: 0, padding: 0, margin: 0 }}>
          {form.kind === 'item' && <ItemEditor form={form} set={setAny} />}
          {form.kind === 'outline' && <OutlineEditor form={form} set={setAny} />}
          {form.kind === 'case' && <CaseEditor form={form} set={setAny} />}
          {needsKps && (
            <div style={{ marginTop: 12 }}>
              <Typography.Text strong>{t('generation.editor.knowledgePoints')}</Typography.Text>
              <Select mode="tags" style={{ width: '100%' }} value={kps} onChange={setKps} open={false} placeholder={t('generation.editor.kpHint')} data-testid="draft-kps" />
            </div>
          )}
        </fieldset>
        {(save.isError || approve.isError || reject.isError) && <ProblemAlert error={save.error ?? approve.error ?? reject.error} testId="draft-error" />}
        {pending && (
          <Flex gap={8} style={{ marginTop: 16 }} wrap>
            <Button loading={save.isPending} onClick={() => save.mutate(content(), { onSuccess: () => void message.success(t('generation.editor.saved')) })} data-testid="draft-save">
              {t('generation.editor.save')}
            </Button>
            <Popconfirm
              title={t(draft.kind === 'outline' ? 'generation.editor.approveOutlineConfirm' : 'generation.editor.approveConfirm')}
              onConfirm={() =>
                // the edits are saved first, so what is approved is what the reviewer sees
                save.mutate(content(), {
                  onSuccess: () => approve.mutate(needsKps && kps.length ? { knowledgePoints: kps } : {}, { onSuccess: () => void message.success(t('generation.editor.approved')) }),
                })
              }
            >
              <Button type="primary" loading={approve.isPending} data-testid="draft-approve">
                {t('generation.editor.approve')}
              </Button>
            </Popconfirm>
            <Button danger onClick={() => setRejecting(true)} data-testid="draft-reject">
              {t('generation.editor.reject')}
            </Button>
          </Flex>
        )}
        <Modal
          open={rejecting}
          title={t('generation.editor.rejectTitle')}
          okText={t('generation.editor.reject')}
          okButtonProps={{ danger: true, disabled: !reason.trim(), loading: reject.isPending }}
          onCancel={() => setRejecting(false)}
          onOk={() => reject.mutate(reason.trim(), { onSuccess: () => setRejecting(false) })}
        >
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('generation.editor.reasonHint')} data-testid="draft-reason" />
        </Modal>
      </Col>
      <Col xs={24} lg={10}>
        <Typography.Title level={5}>{t('generation.editor.sources', { count: draft.sources.length })}</Typography.Title>
        {draft.sources.length === 0 && <Typography.Text type="secondary">{t('generation.editor.noSources')}</Typography.Text>}
        <Space direction="vertical" style={{ width: '100%' }}>
          {draft.sources.map((s) => (
            <Card key={s.chunkId} size="small" title={s.documentTitle} extra={<Typography.Text type="secondary">#{s.chunkId}</Typography.Text>}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{s.text}</Typography.Paragraph>
            </Card>
          ))}
        </Space>
      </Col>
    </Row>
  );
}

/** One draft: the editor beside its source passages, with approve and reject. */
export function DraftDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const draft = useDraft(id);
  return (
    <Drawer open={id != null} onClose={onClose} width="min(1100px, 100vw)" title={t('generation.editor.title', { id: id ?? '' })} destroyOnClose data-testid="draft-drawer">
      {id != null && <QueryState query={draft}>{(d) => <DraftBody key={d.id} draft={d} />}</QueryState>}
    </Drawer>
  );
}
