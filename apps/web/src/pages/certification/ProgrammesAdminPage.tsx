/**
 * Certification programmes for administrators (/admin/cert-programmes): the list, and a form to create
 * or edit a programme with its levels (components with kind, weight, minimum and exam; pass mark;
 * required level; validity; required courses; target mastery on knowledge points; renewal rule;
 * criteria in both languages). Percentages are entered 0–100; the server validates the whole
 * programme (weights sum to 1, each level once, the courses, points and exams exist, …) and its 400
 * problems are listed field by field.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { CourseDetail, CourseSummary, Page, ProgrammeBody, ProgrammeView } from '@xueli/contracts';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Col, Divider, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';
import { catalogKeys } from '../../api/catalog.ts';
import { useProgrammes, useSaveProgramme } from '../../api/certification.ts';
import { useExamList } from '../../api/exams.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';
import { localName as localText } from '../../i18n/label.ts';
import { DEFAULT_WEIGHT, type TargetRow } from '../paths/pathView.ts';
import { TargetsInput } from '../paths/TargetsInput.tsx';
import { localName } from './parts.tsx';

type Kind = 'written' | 'practical' | 'interview';
type LevelName = 'junior' | 'intermediate' | 'senior';

interface ComponentForm {
  kind: Kind;
  weight: number;
  minScore: number;
  examId?: number | null;
}
interface LevelForm {
  level: LevelName;
  requiresLevel?: LevelName | null;
  passScore: number;
  validityMonths?: number | null;
  criteria?: string;
  criteriaEn?: string | null;
  courseIds: number[];
  /** Target 0..1 as on the wire (TargetsInput shows percent); the weight is the input's and is not sent. */
  targets: TargetRow[];
  renewalCredits?: number | null;
  renewalExamId?: number | null;
  components: ComponentForm[];
}
interface ProgrammeForm {
  code: string;
  name: string;
  nameEn?: string | null;
  domain?: string;
  description?: string;
  status: 'draft' | 'active' | 'archived';
  levels: LevelForm[];
}

const toPct = (x: number) => Math.round(x * 1000) / 10;
const fromPct = (x: number) => Math.round(x * 100) / 10000;
const unit = (x: number) => Math.min(1, Math.max(0, Math.round(x * 10000) / 10000));

const newLevel = (level: LevelName): LevelForm => ({ level, passScore: 60, validityMonths: 24, courseIds: [], targets: [], components: [] });

function toForm(p: ProgrammeView | null): ProgrammeForm {
  if (!p)
    return {
      code: '',
      name: '',
      status: 'draft',
      levels: [{ ...newLevel('junior'), components: [{ kind: 'written', weight: 100, minScore: 60 }] }],
    };
  return {
    code: p.code,
    name: p.name,
    nameEn: p.nameEn,
    domain: p.domain,
    description: p.description,
    status: p.status,
    levels: p.levels.map((l) => ({
      level: l.level,
      requiresLevel: l.requirements.requiresLevel,
      passScore: toPct(l.requirements.passScore),
      validityMonths: l.validityMonths,
      criteria: l.criteria,
      criteriaEn: l.criteriaEn,
      courseIds: l.requirements.courseIds,
      targets: l.requirements.targets.map((x) => ({ kpId: x.kpId, target: x.target, weight: DEFAULT_WEIGHT })),
      renewalCredits: l.renewal.credits,
      renewalExamId: l.renewal.examId,
      components: l.requirements.components.map((c) => ({ kind: c.kind, weight: toPct(c.weight), minScore: toPct(c.minScore), examId: c.examId ?? null })),
    })),
  };
}

/** The form back to the API body; what the form does not edit (the programme's English domain and description) is kept. */
function toBody(v: ProgrammeForm, before: ProgrammeView | null): ProgrammeBody {
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    nameEn: v.nameEn?.trim() || null,
    domain: v.domain?.trim() ?? '',
    domainEn: before?.domainEn ?? null,
    description: v.description?.trim() ?? '',
    descriptionEn: before?.descriptionEn ?? null,
    status: v.status,
    levels: (v.levels ?? []).map((l) => ({
      level: l.level,
      criteria: l.criteria?.trim() ?? '',
      criteriaEn: l.criteriaEn?.trim() || null,
      validityMonths: l.validityMonths ?? null,
      renewal: { credits: l.renewalCredits ?? null, examId: l.renewalExamId ?? null },
      requirements: {
        requiresLevel: l.requiresLevel ?? null,
        courseIds: [...new Set(l.courseIds ?? [])],
        targets: (l.targets ?? []).map((x) => ({ kpId: x.kpId, target: unit(x.target) })),
        passScore: fromPct(l.passScore ?? 0),
        components: (l.components ?? []).map((c) => ({
          kind: c.kind,
          weight: fromPct(c.weight ?? 0),
          minScore: fromPct(c.minScore ?? 0),
          examId: c.kind === 'written' ? (c.examId ?? null) : null,
        })),
      },
    })),
  };
}

/**
 * Required courses: a multi-select searching GET /courses on the server (as the exam builder's
 * course picker does). Chosen courses that are not in the first page of the list are named from
 * their detail, so an edited level shows titles rather than ids.
 */
function CoursesSelect({ value, onChange }: { value?: number[]; onChange?: (v: number[]) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const courses = useQuery({
    queryKey: [...catalogKeys.courses, 'cert-picker', search],
    queryFn: () => api.get<Page<CourseSummary>>('/courses', { search: search || undefined, pageSize: 200 }),
    placeholderData: keepPreviousData,
  });
  const chosen = value ?? [];
  const labels = new Map((courses.data?.items ?? []).map((c) => [c.id, localText(c.title, c.titleEn)] as const));
  const [known, setKnown] = useState(() => new Map<number, string>());
  const missing = chosen.filter((id) => !labels.has(id) && !known.has(id));
  const details = useQueries({
    queries: (courses.isPending ? [] : missing).map((id) => ({
      queryKey: catalogKeys.course(id),
      queryFn: () => api.get<CourseDetail>(`/courses/${id}`),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const detailLabels = new Map(details.flatMap((d) => (d.data ? [[d.data.id, localText(d.data.title, d.data.titleEn)] as const] : [])));
  const labelOf = (id: number) => labels.get(id) ?? known.get(id) ?? detailLabels.get(id) ?? `#${id}`;
  const listed = (courses.data?.items ?? []).map((c) => ({ value: c.id, label: localText(c.title, c.titleEn) }));
  const extra = chosen.filter((id) => !labels.has(id)).map((id) => ({ value: id, label: labelOf(id) }));
  return (
    <Select<number[]>
      mode="multiple"
      allowClear
      showSearch
      filterOption={false}
      onSearch={setSearch}
      onBlur={() => setSearch('')}
      loading={courses.isFetching}
      value={chosen}
      onChange={(ids) => {
        // Remember the titles of what was picked, so they stay named when the search changes.
        setKnown((m) => new Map([...m, ...ids.filter((id) => labels.has(id)).map((id) => [id, labels.get(id) ?? ''] as const)]));
        onChange?.(ids ?? []);
      }}
      options={[...extra, ...listed]}
      maxCount={100}
      placeholder={t('certification.admin.coursesPlaceholder')}
      notFoundContent={t('common.noMatch')}
      data-testid="level-courses"
      style={{ width: '100%' }}
    />
  );
}

/** The server's field problems, one per line (`levels.0.requirements.components: the weights must sum to 1`). */
function FieldProblems({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return null;
  return (
    <Alert
      type="error"
      style={{ marginTop: 8 }}
      data-testid="programme-errors"
      message={t('certification.admin.fieldProblems')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {error.problem.errors.map((e, i) => (
            <li key={i}>
              <code>{e.path.replace(/^body\.?/, '') || '—'}</code>: {e.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

function ProgrammeModal({ programme, onClose }: { programme: ProgrammeView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ProgrammeForm>();
  const save = useSaveProgramme();
  const exams = useExamList({ status: 'published', purpose: 'exam', page: 1, pageSize: 200 });
  const examOptions = (exams.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.title} (#${e.id})` }));
  /** The published exams, plus a chosen one that is not among them (archived, or a draft) by its id. */
  const examOptionsWith = (id: number | null | undefined) =>
    id != null && !examOptions.some((o) => o.value === id) ? [{ value: id, label: `#${id}` }, ...examOptions] : examOptions;
  const levelOptions = (['junior', 'intermediate', 'senior'] as const).map((l) => ({ value: l, label: t(`certs.level.${l}`) }));
  return (
    <Modal
      open
      width={960}
      title={programme ? t('certification.admin.editTitle', { name: programme.name }) : t('certification.admin.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'programme-save' }}
      destroyOnHidden
    >
      <Form<ProgrammeForm>
        form={form}
        layout="vertical"
        initialValues={toForm(programme)}
        onFinish={(v) =>
          save.mutate(
            { id: programme?.id ?? null, body: toBody(v, programme) },
            {
              onSuccess: () => {
                void message.success(t('common.saved'));
                onClose();
              },
            },
          )
        }
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="code" label={t('certification.admin.code')} rules={[{ required: true }]} extra={t('certification.admin.codeHelp')}>
              <Input maxLength={63} data-testid="programme-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="name" label={t('certification.admin.name')} rules={[{ required: true }]}>
              <Input maxLength={200} data-testid="programme-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="nameEn" label={t('certification.admin.nameEn')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="domain" label={t('certification.admin.domain')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="status" label={t('common.status')}>
              <Select options={(['draft', 'active', 'archived'] as const).map((s) => ({ value: s, label: t(`certification.programmeStatus.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="description" label={t('certification.admin.description')}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name="levels">
          {(levels, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {levels.map((lf) => (
                <Card
                  key={lf.key}
                  size="small"
                  title={
                    <Form.Item name={[lf.name, 'level']} noStyle>
                      <Select options={levelOptions} style={{ width: 140 }} />
                    </Form.Item>
                  }
                  extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(lf.name)} aria-label={t('common.delete')} />}
                >
                  <Row gutter={16}>
                    <Col xs={12} md={6}>
                      <Form.Item name={[lf.name, 'passScore']} label={t('certification.admin.passScore')}>
                        <InputNumber min={0} max={100} addonAfter="%" style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item name={[lf.name, 'validityMonths']} label={t('certification.admin.validityMonths')}>
                        <InputNumber min={1} max={600} style={{ width: '100%' }} placeholder={t('certs.noExpiry')} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[lf.name, 'requiresLevel']} label={t('certification.req.requiresLevel')}>
                        <Select allowClear options={levelOptions} placeholder={t('certification.req.none')} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[lf.name, 'criteria']} label={t('certification.admin.criteria')}>
                        <Input.TextArea rows={2} maxLength={4000} data-testid={`level-criteria-${lf.name}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[lf.name, 'criteriaEn']} label={t('certification.admin.criteriaEn')}>
                        <Input.TextArea rows={2} maxLength={4000} data-testid={`level-criteria-en-${lf.name}`} />
                      </Form.Item>
                    </Col>
                    <Col span={24}>
                      <Form.Item name={[lf.name, 'courseIds']} label={t('certification.admin.courses')} extra={t('certification.admin.coursesHelp')}>
                        <CoursesSelect />
                      </Form.Item>
                    </Col>
                    <Col span={24}>
                      <Form.Item name={[lf.name, 'targets']} label={t('certification.admin.targets')} extra={t('certification.admin.targetsHelp')}>
                        <TargetsInput weights={false} testId={`level-targets-${lf.name}`} />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Typography.Text strong>{t('certification.admin.renewal')}</Typography.Text>
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                    {t('certification.admin.renewalHelp')}
                  </Typography.Paragraph>
                  <Row gutter={16}>
                    <Col xs={24} md={8}>
                      <Form.Item name={[lf.name, 'renewalCredits']} label={t('certification.admin.renewalCredits')}>
                        <InputNumber<number>
                          min={1}
                          max={1000}
                          precision={0}
                          addonAfter={t('certification.admin.hours')}
                          placeholder={t('certification.req.none')}
                          style={{ width: '100%' }}
                          data-testid={`level-renewal-credits-${lf.name}`}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={16}>
                      <Form.Item noStyle shouldUpdate>
                        {() => (
                          <Form.Item name={[lf.name, 'renewalExamId']} label={t('certification.admin.renewalExam')}>
                            <Select
                              allowClear
                              showSearch
                              optionFilterProp="label"
                              loading={exams.isPending}
                              options={examOptionsWith(form.getFieldValue(['levels', lf.name, 'renewalExamId']) as number | null | undefined)}
                              placeholder={t('certification.req.none')}
                              data-testid={`level-renewal-exam-${lf.name}`}
                            />
                          </Form.Item>
                        )}
                      </Form.Item>
                    </Col>
                  </Row>
                  <Divider style={{ margin: '4px 0 12px' }} />
                  <Typography.Text strong>{t('certification.req.components')}</Typography.Text>
                  <Form.List name={[lf.name, 'components']}>
                    {(comps, c) => (
                      <>
                        {comps.map((cf) => (
                          <Row gutter={8} key={cf.key} align="middle" wrap>
                            <Col xs={12} md={5}>
                              <Form.Item name={[cf.name, 'kind']} label={t('certification.admin.kind')}>
                                <Select options={(['written', 'practical', 'interview'] as const).map((k) => ({ value: k, label: t(`certification.component.${k}`) }))} />
                              </Form.Item>
                            </Col>
                            <Col xs={6} md={4}>
                              <Form.Item name={[cf.name, 'weight']} label={t('certification.req.weight')}>
                                <InputNumber min={0} max={100} addonAfter="%" style={{ width: '100%' }} />
                              </Form.Item>
                            </Col>
                            <Col xs={6} md={4}>
                              <Form.Item name={[cf.name, 'minScore']} label={t('certification.req.min')}>
                                <InputNumber min={0} max={100} addonAfter="%" style={{ width: '100%' }} />
                              </Form.Item>
                            </Col>
                            <Col xs={20} md={9}>
                              <Form.Item noStyle shouldUpdate>
                                {() =>
                                  form.getFieldValue(['levels', lf.name, 'components', cf.name, 'kind']) === 'written' ? (
                                    <Form.Item name={[cf.name, 'examId']} label={t('certification.admin.exam')}>
                                      <Select
                                        allowClear
                                        showSearch
                                        optionFilterProp="label"
                                        loading={exams.isPending}
                                        options={examOptionsWith(form.getFieldValue(['levels', lf.name, 'components', cf.name, 'examId']) as number | null | undefined)}
                                      />
                                    </Form.Item>
                                  ) : null
                                }
                              </Form.Item>
                            </Col>
                            <Col xs={4} md={2}>
                              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => c.remove(cf.name)} aria-label={t('common.delete')} />
                            </Col>
                          </Row>
                        ))}
                        <Button size="small" icon={<PlusOutlined />} onClick={() => c.add({ kind: 'practical', weight: 0, minScore: 60 })}>
                          {t('certification.admin.addComponent')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              {levels.length < 3 && (
                <Button icon={<PlusOutlined />} onClick={() => add(newLevel('intermediate'))}>
                  {t('certification.admin.addLevel')}
                </Button>
              )}
            </Space>
          )}
        </Form.List>
      </Form>
      {save.isError && (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert error={save.error} />
          <FieldProblems error={save.error} />
        </div>
      )}
    </Modal>
  );
}

export function ProgrammesAdminPage() {
  const { t, i18n } = useTranslation();
  const q = useProgrammes();
  const [editing, setEditing] = useState<{ programme: ProgrammeView | null } | null>(null);
  return (
    <>
      <PageTitle
        title={t('certification.admin.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ programme: null })} data-testid="programme-create">
            {t('certification.admin.create')}
          </Button>
        }
      />
      <QueryState query={q} isEmpty={(d) => d.items.length === 0} empty={t('certification.admin.empty')}>
        {(d) => (
          <Table<ProgrammeView>
            rowKey="id"
            size="middle"
            scroll={{ x: 800 }}
            dataSource={d.items}
            pagination={false}
            columns={[
              { title: t('certification.admin.code'), dataIndex: 'code' },
              { title: t('certification.admin.name'), render: (_, p) => localName(p, i18n.language) },
              { title: t('common.status'), render: (_, p) => <Tag color={p.status === 'active' ? 'green' : undefined}>{t(`certification.programmeStatus.${p.status}`)}</Tag> },
              { title: t('certs.levelLabel'), render: (_, p) => p.levels.map((l) => t(`certs.level.${l.level}`)).join(' / ') },
              { title: t('certification.admin.certificates'), dataIndex: 'certificates' },
              { title: t('certification.updatedAt'), render: (_, p) => formatDateTime(p.updatedAt) },
              {
                title: t('common.actions'),
                render: (_, p) => (
                  <Space wrap>
                    <Button size="small" onClick={() => setEditing({ programme: p })} data-testid={`programme-edit-${p.code}`}>
                      {t('common.edit')}
                    </Button>
                    <Link to={`/certification/programmes/${p.id}/dashboard`}>
                      <Button size="small" type="link">
                        {t('certification.dashboard.open')}
                      </Button>
                    </Link>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {editing && <ProgrammeModal programme={editing.programme} onClose={() => setEditing(null)} />}
    </>
  );
}
