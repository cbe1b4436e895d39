/**
 * /manage/items/new (?type=) and /manage/items/:id: the item editor. One form state for every
 * type (itemForm.ts); the editor checks what it can before saving, and every problem the server
 * reports is listed above the form and again in the part it concerns. Saved items also get the
 * workflow buttons, the version history and the candidate preview; unsaved changes are guarded.
 */
import { ArrowLeftOutlined, EyeOutlined, HistoryOutlined, SaveOutlined } from '@ant-design/icons';
import { ITEM_TYPES, type ItemTypeName, type ItemView } from '@xueli/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Switch,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useItem, useItemChange } from '../../api/items.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useUnsavedGuard } from '../../components/useUnsavedGuard.ts';
import { formatDateTime } from '../../format.ts';
import { CandidatePreview } from './CandidatePreview.tsx';
import {
  CHOICE_TYPES,
  candidateView,
  emptyForm,
  formFromItem,
  formProblems,
  isDirty,
  ITEM_STATUS_COLORS,
  itemBody,
  problemsIn,
  serverProblems,
  updateBody,
  type ItemFormValues,
  type Section,
  type ServerProblem,
} from './itemForm.ts';
import { ItemStatusActions } from './ItemStatusActions.tsx';
import { BlanksEditor, ChoiceEditor, ShortAnswerEditor, TrueFalseEditor } from './KeyEditors.tsx';
import { KpSelect } from '../../components/KpSelect.tsx';
import { ProgrammingEditor } from './ProgrammingEditor.tsx';
import { RubricEditor } from './RubricEditor.tsx';
import { TryPanel } from './TryPanel.tsx';
import { VersionDrawer } from './VersionDrawer.tsx';

/** The server's problems for one part of the item, inside that part's card. */
function SectionProblems({ problems, testId }: { problems: ServerProblem[]; testId?: string }) {
  if (!problems.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid={testId}
      message={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {problems.map((p, i) => (
            <li key={i} style={{ overflowWrap: 'anywhere' }}>
              {p.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** Every problem of a refused save, labelled with the part of the item it concerns. */
function ServerProblemsAlert({ error, problems }: { error: unknown; problems: ServerProblem[] }) {
  const { t } = useTranslation();
  const problem = error instanceof ApiError ? error.problem : null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="item-problems"
      message={t('items.refused', { count: problems.length })}
      description={
        <>
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {problems.map((p, i) => (
              <li key={i} style={{ overflowWrap: 'anywhere' }}>
                {p.section !== 'other' && <Typography.Text strong>{t(`items.section.${p.section}`)}: </Typography.Text>}
                {p.message}
              </li>
            ))}
          </ul>
          {problem?.requestId && (
            <Typography.Text type="secondary" copyable={{ text: problem.requestId }} style={{ fontSize: 12 }}>
              {t('common.requestId')}: {problem.requestId}
            </Typography.Text>
          )}
        </>
      }
    />
  );
}

/** A labelled part of the form, with the editor's own messages for `field`. */
function Field({
  label,
  messages,
  extra,
  children,
}: {
  label: ReactNode;
  messages?: string[];
  extra?: ReactNode;
  children: ReactNode;
}) {
  const bad = messages && messages.length > 0;
  return (
    <Form.Item
      label={label}
      extra={extra}
      validateStatus={bad ? 'error' : undefined}
      help={bad ? messages.join(' ') : undefined}
    >
      {children}
    </Form.Item>
  );
}

interface EditorProps {
  /** The saved item; absent while creating. */
  item?: ItemView;
  initial: ItemFormValues;
}

function ItemEditor({ item, initial }: EditorProps) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [values, setValues] = useState(initial);
  const [checked, setChecked] = useState(false);
  const [panel, setPanel] = useState<'preview' | 'history' | null>(null);
  const set = (patch: Partial<ItemFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const dirty = isDirty(values, initial);
  useUnsavedGuard(dirty);
  const readOnly = item?.status === 'retired';

  const create = useItemChange<Record<string, unknown>, ItemView>((body) => ({ method: 'POST', path: '/items', body }));
  const update = useItemChange<Record<string, unknown>, ItemView>((body) => ({
    method: 'PATCH',
    path: `/items/${item?.id ?? 0}`,
    body,
  }));
  const save = item ? update : create;

  const checks = useMemo(() => (checked ? formProblems(values) : []), [checked, values]);
  const msg = (field: string) => checks.filter((p) => p.field === field).map((p) => t(p.message, p.params));
  const server = useMemo(
    () =>
      save.error instanceof ApiError
        ? serverProblems(save.error.problem)
        : save.error
          ? serverProblems({ detail: save.error.message })
          : [],
    [save.error],
  );
  const inSection = (...s: Section[]) => problemsIn(server, ...s);

  const onSave = () => {
    setChecked(true);
    const found = formProblems(values);
    if (found.length) {
      void message.error(t('items.fixFirst', { count: found.length }), 6);
      return;
    }
    if (!item) {
      create.mutate(itemBody(values), {
        onSuccess: (r) => {
          void message.success(t('items.created'));
          void navigate(`/manage/items/${r.id}`, { replace: true });
        },
      });
      return;
    }
    const body = updateBody(values, item);
    if (!body) {
      void message.info(t('items.nothingChanged'));
      return;
    }
    update.mutate(body, { onSuccess: () => void message.success(t('common.saved')) });
  };

  const type = values.type;
  const keyTitle = t(
    CHOICE_TYPES.includes(type)
      ? 'items.optionsAndKey'
      : type === 'essay'
        ? 'items.section.rubric'
        : 'items.section.answerKey',
  );
  const parts = { values, set, msg };
  const title = item ? (
    <Flex align="center" gap={8} wrap="wrap">
      <span data-testid="item-title">{t('items.itemN', { id: item.id })}</span>
      <Tag color={ITEM_STATUS_COLORS[item.status]} data-testid="item-status" style={{ marginInlineEnd: 0 }}>
        {t(`items.statuses.${item.status}`)}
      </Tag>
      <Typography.Text type="secondary" style={{ fontSize: 14 }} data-testid="item-version">
        v{item.version}
      </Typography.Text>
    </Flex>
  ) : (
    t('items.new')
  );
  const saveButton = (testId: string) =>
    !readOnly && (
      <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={onSave} data-testid={testId}>
        {item ? t('common.save') : t('items.createDraft')}
      </Button>
    );

  return (
    <>
      <PageTitle
        title={title}
        extra={
          <>
            <Link to="/manage/items">
              <Button icon={<ArrowLeftOutlined />}>{t('items.backToList')}</Button>
            </Link>
            <Button icon={<EyeOutlined />} onClick={() => setPanel('preview')} data-testid="item-preview">
              {t('items.preview')}
            </Button>
            {item && (
              <Button icon={<HistoryOutlined />} onClick={() => setPanel('history')} data-testid="item-history">
                {t('items.history')}
              </Button>
            )}
            {item && <ItemStatusActions item={item} dirty={dirty} />}
            {saveButton('item-save')}
          </>
        }
      />
      {item && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t('items.savedBy', { who: item.updatedBy ?? t('items.someone'), when: formatDateTime(item.updatedAt) })}
        </Typography.Paragraph>
      )}
      {readOnly && <Alert type="info" showIcon message={t('items.retiredReadOnly')} style={{ marginBottom: 16 }} />}
      {item?.status === 'active' && !readOnly && (
        <Alert type="warning" showIcon message={t('items.activeWarning')} style={{ marginBottom: 16 }} />
      )}
      {dirty && !readOnly && (
        <Alert
          type="warning"
          showIcon
          message={t('items.unsaved')}
          style={{ marginBottom: 16 }}
          data-testid="item-unsaved"
        />
      )}
      {server.length > 0 && <ServerProblemsAlert error={save.error} problems={server} />}
      {checks.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="item-checks"
          message={t('items.fixFirst', { count: checks.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {checks.map((p, i) => (
                <li key={i}>{t(p.message, p.params)}</li>
              ))}
            </ul>
          }
        />
      )}
      <Form layout="vertical" component={false} disabled={readOnly}>
        <div style={{ maxWidth: 980 }}>
          <Card title={t('items.section.stem')} style={{ marginBottom: 16 }}>
            <Field label={t('items.type')} extra={item ? t('items.typeFixed') : undefined}>
              <Select<ItemTypeName>
                value={type}
                disabled={!!item}
                onChange={(v) => set({ type: v })}
                options={ITEM_TYPES.map((ty) => ({ value: ty, label: t(`items.types.${ty}`) }))}
                style={{ width: 240, maxWidth: '100%' }}
                data-testid="item-type"
              />
            </Field>
            <SectionProblems problems={inSection('stem', 'type')} />
            <Field label={t('items.stem')} messages={msg('stem')} extra={t('items.stemHint')}>
              <Tabs
                size="small"
                items={[
                  {
                    key: 'edit',
                    label: t('manage.markdownEdit'),
                    children: (
                      <Input.TextArea
                        value={values.stem}
                        onChange={(e) => set({ stem: e.target.value })}
                        autoSize={{ minRows: 4, maxRows: 20 }}
                        maxLength={20000}
                        style={{ fontFamily: 'monospace' }}
                        data-testid="item-stem"
                      />
                    ),
                  },
                  {
                    key: 'preview',
                    label: <span data-testid="item-stem-preview-tab">{t('manage.markdownPreview')}</span>,
                    children: (
                      <div style={{ minHeight: 80, padding: 8, border: '1px solid #f0f0f0', borderRadius: 6 }}>
                        {values.stem.trim() ? (
                          <Markdown source={values.stem} />
                        ) : (
                          <Typography.Text type="secondary">{t('manage.nothingToPreview')}</Typography.Text>
                        )}
                      </div>
                    ),
                  },
                ]}
              />
            </Field>
          </Card>

          <Card title={keyTitle} style={{ marginBottom: 16 }} data-testid="item-key-card">
            <SectionProblems
              problems={inSection('options', 'answerKey', ...(type === 'essay' ? (['rubric'] as const) : []))}
              testId="key-problems"
            />
            {CHOICE_TYPES.includes(type) && <ChoiceEditor {...parts} />}
            {type === 'true_false' && <TrueFalseEditor {...parts} />}
            {type === 'fill_blank' && <BlanksEditor {...parts} />}
            {type === 'short_answer' && <ShortAnswerEditor {...parts} />}
            {type === 'essay' && <RubricEditor {...parts} />}
            {type === 'programming' && <ProgrammingEditor {...parts} />}
            {type === 'programming' && item?.type === 'programming' && (
              <>
                <Divider />
                <TryPanel itemId={item.id} starterCode={initial.starterCode} dirty={dirty} />
              </>
            )}
          </Card>

          {type === 'short_answer' && (
            <Card
              title={t('items.section.rubric')}
              style={{ marginBottom: 16 }}
              extra={
                <Flex gap={8} align="center">
                  <Typography.Text type="secondary">{t('items.useRubric')}</Typography.Text>
                  <Switch
                    checked={values.useRubric}
                    onChange={(useRubric) => set({ useRubric })}
                    data-testid="item-use-rubric"
                  />
                </Flex>
              }
            >
              <SectionProblems problems={inSection('rubric')} />
              {values.useRubric ? (
                <RubricEditor {...parts} />
              ) : (
                <Typography.Text type="secondary">{t('items.noRubric')}</Typography.Text>
              )}
            </Card>
          )}

          <Card title={t('items.aboutItem')} style={{ marginBottom: 16 }}>
            <SectionProblems
              problems={inSection('knowledgePoints', 'tags', 'difficulty', 'discrimination', 'explanation')}
              testId="meta-problems"
            />
            <Field label={t('items.kps')} messages={msg('knowledgePoints')} extra={t('items.kpsHint')}>
              <KpSelect
                multiple
                value={values.knowledgePoints}
                onChange={(knowledgePoints) => set({ knowledgePoints })}
                known={item?.knowledgePoints}
                status={msg('knowledgePoints').length ? 'error' : undefined}
                testId="item-kps"
              />
            </Field>
            <Flex gap={16} wrap="wrap">
              <div style={{ flex: '1 1 200px' }}>
                <Field label={t('items.difficulty')} extra={t('items.difficultyHint')}>
                  <InputNumber
                    min={-10}
                    max={10}
                    step={0.1}
                    value={values.difficulty}
                    onChange={(difficulty) => set({ difficulty })}
                    style={{ width: '100%' }}
                    data-testid="item-difficulty"
                  />
                </Field>
              </div>
              <div style={{ flex: '1 1 200px' }}>
                <Field label={t('items.discrimination')} extra={t('items.discriminationHint')}>
                  <InputNumber
                    min={0}
                    max={10}
                    step={0.1}
                    value={values.discrimination}
                    onChange={(discrimination) => set({ discrimination })}
                    style={{ width: '100%' }}
                    data-testid="item-discrimination"
                  />
                </Field>
              </div>
            </Flex>
            <Field label={t('items.tags')} extra={t('items.tagsHint')}>
              <Select
                mode="tags"
                value={values.tags}
                onChange={(tags: string[]) => set({ tags })}
                tokenSeparators={[',', '，']}
                maxCount={30}
                open={false}
                suffixIcon={null}
                data-testid="item-tags"
              />
            </Field>
            <Field label={t('items.explanation')} extra={t('items.explanationHint')}>
              <Input.TextArea
                value={values.explanation}
                onChange={(e) => set({ explanation: e.target.value })}
                autoSize={{ minRows: 2, maxRows: 10 }}
                maxLength={20000}
                data-testid="item-explanation"
              />
            </Field>
            {item && !readOnly && (
              <Field label={t('items.note')} extra={t('items.noteHint')}>
                <Input
                  value={values.note}
                  onChange={(e) => set({ note: e.target.value })}
                  maxLength={500}
                  data-testid="item-note"
                />
              </Field>
            )}
          </Card>
          <SectionProblems problems={inSection('other', 'note')} />
          {!readOnly && <Flex justify="flex-end">{saveButton('item-save-bottom')}</Flex>}
        </div>
      </Form>
      <Drawer
        open={panel === 'preview'}
        onClose={() => setPanel(null)}
        title={t('items.preview')}
        width="min(640px, 100vw)"
        destroyOnHidden
      >
        {panel === 'preview' && (
          <CandidatePreview view={candidateView(itemBody(values, item), { id: item?.id, version: item?.version })} />
        )}
      </Drawer>
      {item && <VersionDrawer itemId={item.id} open={panel === 'history'} onClose={() => setPanel(null)} />}
    </>
  );
}

const isType = (v: string | null): v is ItemTypeName => (ITEM_TYPES as readonly string[]).includes(v ?? '');

/** /manage/items/new: a new draft (the type may come from `?type=`). */
export function NewItemPage() {
  const [params] = useSearchParams();
  const type = params.get('type');
  const initial = useMemo(() => emptyForm(isType(type) ? type : 'single'), [type]);
  return <ItemEditor key={type ?? ''} initial={initial} />;
}

/** /manage/items/:id: edit a saved item (a new version after each save or status change reloads the editor). */
export function ItemEditorPage() {
  const id = Number(useParams().id);
  const item = useItem(id);
  return (
    <QueryState query={item} rows={12}>
      {(it) => <ItemEditor key={`${it.id}:${it.version}`} item={it} initial={formFromItem(it)} />}
    </QueryState>
  );
}
