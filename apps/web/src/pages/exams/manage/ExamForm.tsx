/**
 * The exam builder's form: common settings (title, purpose, course, time limit, window,
 * attempts, shuffling, feedback policy, pass mark) and the mode's content (fixed list,
 * blueprint, adaptive). A published exam keeps its content: only the live fields stay
 * editable. Every problem the server lists is shown above the form and on its row.
 */
import {
  EXAM_PURPOSES,
  FEEDBACK_POLICIES,
  type CourseSummary,
  type ExamMode,
  type ExamView,
  type Page,
} from '@xueli/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { useSaveExam } from '../../../api/exams.ts';
import { localName } from '../../../i18n/label.ts';
import {
  fromExam,
  defaultValues,
  problemsByRow,
  problemsOf,
  toCreateBody,
  toUpdateBody,
  type ExamFormValues,
} from './examForm.ts';
import { FixedItemsEditor } from './FixedItemsEditor.tsx';
import { AdaptiveEditor, BlueprintEditor } from './ModeEditors.tsx';

function CourseSelect({
  value,
  onChange,
  disabled,
}: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const courses = useQuery({
    queryKey: ['courses', 'exam-picker', search],
    queryFn: () => api.get<Page<CourseSummary>>('/courses', { search, pageSize: 50 }),
    placeholderData: keepPreviousData,
  });
  const options = (courses.data?.items ?? []).map((c) => ({ value: c.id, label: localName(c.title, c.titleEn) }));
  return (
    <Select<number>
      allowClear
      showSearch
      disabled={disabled}
      filterOption={false}
      onSearch={setSearch}
      loading={courses.isFetching}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={
        value != null && !options.some((o) => o.value === value) ? [{ value, label: `#${value}` }, ...options] : options
      }
      placeholder={t('exams.builder.noCourse')}
      notFoundContent={t('common.noMatch')}
      data-testid="exam-course"
    />
  );
}

export function ProblemList({ problems, testId = 'exam-problems' }: { problems: string[]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      message={t('exams.builder.problems', { count: problems.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      }
    />
  );
}

export function ExamForm({
  exam,
  mode,
  onSaved,
  rowProblems = [],
}: {
  exam: ExamView | null;
  mode: ExamMode;
  onSaved: (e: ExamView) => void;
  /** Problems from elsewhere (publishing) to show on their blueprint rows and items too. */
  rowProblems?: string[];
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ExamFormValues>();
  const save = useSaveExam(exam?.id ?? null);
  const live = exam != null && exam.status !== 'draft';
  const purpose = Form.useWatch('purpose', form);
  const problems = save.isError ? problemsOf(save.error) : [];
  const onRows = [...problems, ...rowProblems];
  const initial = exam ? fromExam(exam) : defaultValues(mode);
  const submit = (v: ExamFormValues) => {
    const full = { ...initial, ...v, adaptive: { ...initial.adaptive, ...v.adaptive } };
    save.mutate(exam ? toUpdateBody(full, exam) : toCreateBody(full), { onSuccess: onSaved });
  };
  const content = live; // frozen once published
  return (
    <Form<ExamFormValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      data-testid="exam-form"
    >
      {live && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('exams.builder.liveNote')} />}
      {problems.length > 0 && (
        <div style={{ marginBottom: 16 }}>
          <ProblemList problems={problems} />
        </div>
      )}
      <Card size="small" title={t('exams.builder.basics')} style={{ marginBottom: 16 }}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item
              name="title"
              label={t('exams.fields.title')}
              rules={[{ required: true, whitespace: true, max: 200 }]}
            >
              <Input data-testid="exam-title" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="titleEn" label={t('exams.fields.titleEn')} rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('exams.fields.description')} rules={[{ max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="purpose" label={t('exams.fields.purpose')}>
              <Select
                disabled={exam != null}
                options={EXAM_PURPOSES.map((p) => ({ value: p, label: t(`exams.purpose.${p}`) }))}
                data-testid="exam-purpose"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="courseId" label={t('exams.fields.course')}>
              <CourseSelect disabled={content} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card
        size="small"
        title={t(`exams.mode.${exam?.mode ?? mode}`)}
        style={{ marginBottom: 16 }}
        data-testid="exam-content"
      >
        {(exam?.mode ?? mode) === 'fixed' && (
          <Form.Item
            name="items"
            rules={[
              {
                validator: (_r, v: unknown[]) =>
                  v?.length ? Promise.resolve() : Promise.reject(new Error(t('exams.builder.itemsRequired'))),
              },
            ]}
          >
            <FixedItemsEditor problems={problemsByRow(onRows, 'items')} disabled={content} />
          </Form.Item>
        )}
        {(exam?.mode ?? mode) === 'blueprint' && (
          <BlueprintEditor
            saved={exam?.blueprint ?? null}
            problems={problemsByRow(onRows, 'blueprint')}
            disabled={content}
          />
        )}
        {(exam?.mode ?? mode) === 'adaptive' && <AdaptiveEditor saved={exam?.adaptive ?? null} disabled={content} />}
      </Card>

      <Card size="small" title={t('exams.builder.rules')} style={{ marginBottom: 16 }}>
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Form.Item
              name="timeLimitMinutes"
              label={t('exams.fields.timeLimit')}
              extra={t('exams.builder.emptyUntimed')}
            >
              <InputNumber
                min={1}
                max={600}
                precision={0}
                suffix={t('exams.builder.min')}
                disabled={content}
                style={{ width: '100%' }}
                data-testid="exam-time-limit"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="maxAttempts"
              label={t('exams.fields.maxAttempts')}
              extra={t('exams.builder.emptyUnlimited')}
            >
              <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} data-testid="exam-max-attempts" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="passPercent" label={t('exams.fields.passPercent')} rules={[{ required: true }]}>
              <InputNumber
                min={0}
                max={100}
                suffix="%"
                disabled={content || (exam?.mode ?? mode) === 'adaptive'}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="feedback" label={t('exams.fields.feedback')}>
              <Select
                options={FEEDBACK_POLICIES.map((f) => ({ value: f, label: t(`exams.feedbackPolicy.${f}`) }))}
                popupMatchSelectWidth={false}
                data-testid="exam-feedback"
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="opensAt" label={t('exams.fields.opensAt')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="closesAt"
              label={t('exams.fields.closesAt')}
              dependencies={['opensAt']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_r, v: ExamFormValues['closesAt']) => {
                    const o = getFieldValue('opensAt') as ExamFormValues['opensAt'];
                    return v && o && !v.isAfter(o)
                      ? Promise.reject(new Error(t('exams.builder.closesAfterOpens')))
                      : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Divider style={{ margin: '4px 0 12px' }} />
        <Flex gap={24} wrap="wrap">
          <Form.Item name="shuffleItems" label={t('exams.fields.shuffleItems')} valuePropName="checked">
            <Switch disabled={content} />
          </Form.Item>
          <Form.Item name="shuffleOptions" label={t('exams.fields.shuffleOptions')} valuePropName="checked">
            <Switch disabled={content} />
          </Form.Item>
        </Flex>
        {purpose === 'practice' && <Alert type="info" showIcon message={t('exams.builder.practiceNote')} />}
      </Card>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="exam-save">
        {exam ? t('common.save') : t('common.create')}
      </Button>
    </Form>
  );
}
