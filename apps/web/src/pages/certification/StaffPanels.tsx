/**
 * What assessors and the committee do on an application: approve or reject with a reason, grade the
 * practical work (double marking; a third grade when two diverge), schedule and score the interview,
 * decide an appeal, and — administrators at the evaluate stage — the decision board.
 */
import type { ApplicationView } from '@xueli/contracts';
import { Alert, App as AntApp, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, List, Radio, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppealDecision, useAssess, useAssessors, useDecide, useReview, useScheduleInterview } from '../../api/certification.ts';
import { useUser } from '../../auth/session.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDateTime } from '../../format.ts';
import { pct } from './parts.tsx';
import { ReasonButton } from './ReasonButton.tsx';

/** The threshold of second marking (the server's SECOND_MARKING_THRESHOLD). */
const DIVERGENCE = 0.15;

function ReviewPanel({ app }: { app: ApplicationView }) {
  const { t } = useTranslation();
  const review = useReview(app.id);
  const failed = app.eligibility.filter((c) => !c.ok);
  return (
    <Card title={t('certification.staff.reviewTitle')} data-testid="review-panel">
      {failed.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('certification.staff.eligibilityFailed')} />}
      <Space wrap>
        <ReasonButton
          label={t('certification.staff.approve')}
          title={t('certification.staff.approveTitle')}
          testId="review-approve"
          buttonProps={{ type: 'primary' }}
          send={(reason) => review.mutateAsync({ decision: 'approve', reason })}
        />
        <ReasonButton
          label={t('certification.staff.reject')}
          title={t('certification.staff.rejectTitle')}
          help={t('certification.staff.rejectHelp')}
          testId="review-reject"
          buttonProps={{ danger: true }}
          send={(reason) => review.mutateAsync({ decision: 'reject', reason })}
        />
      </Space>
    </Card>
  );
}

/** Grades of one component (assessor, score, private notes) and a form for mine when I may still grade. */
function GradePanel({ app, component }: { app: ApplicationView; component: 'practical' | 'interview' }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const user = useUser();
  const assess = useAssess(app.id);
  const [score, setScore] = useState<number | null>(null);
  const [notes, setNotes] = useState('');
  const grades = (app.assessments ?? []).filter((a) => a.component === component);
  const result = app.components[component];
  const mine = grades.some((g) => g.assessorUserId === user.id);
  const scores = grades.map((g) => g.score);
  const spread = scores.length >= 2 ? Math.max(...scores) - Math.min(...scores) : null;
  const hasWork = app.evidence.some((e) => e.purpose === 'practical');
  const order = app.requirements.components.map((c) => c.kind);
  const inTurn = order.slice(0, order.indexOf(component)).every((k) => app.components[k]?.state === 'complete');
  const iv = app.interview;
  const onPanel = !!iv && iv.panelUserIds.includes(user.id);
  const ivDue = !!iv && new Date(iv.scheduledAt).getTime() <= Date.now();
  const canGrade =
    app.stage === 'exams' &&
    result?.state !== 'complete' &&
    !mine &&
    inTurn &&
    (component === 'practical' ? hasWork : onPanel && ivDue);
  const submit = () =>
    assess.mutate(
      { component, score: Math.round((score ?? 0) * 100) / 10000, ...(notes.trim() ? { privateNotes: notes.trim() } : {}) },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          setScore(null);
          setNotes('');
        },
      },
    );
  return (
    <Card title={t(`certification.staff.grade_${component}`)} data-testid={`grade-panel-${component}`}>
      {result?.state === 'divergent' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="divergent"
          message={t('certification.staff.divergent', { spread: pct(spread), threshold: pct(DIVERGENCE) })}
          description={t('certification.staff.thirdGrade')}
        />
      )}
      {result?.state === 'complete' && (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t('certification.staff.componentDone', { score: pct(result.score, 1) })} />
      )}
      <Table
        size="small"
        rowKey={(g) => `${g.assessorUserId}-${g.createdAt}`}
        dataSource={grades}
        pagination={false}
        scroll={{ x: 500 }}
        locale={{ emptyText: t('certification.staff.noGrades') }}
        data-testid={`grades-${component}`}
        columns={[
          { title: t('certification.staff.assessor'), dataIndex: 'assessorName' },
          { title: t('certification.staff.score'), render: (_, g) => pct(g.score, 1), width: 90 },
          { title: t('certification.staff.notes'), dataIndex: 'privateNotes' },
          { title: t('certification.staff.at'), render: (_, g) => formatDateTime(g.createdAt), width: 150 },
        ]}
      />
      {component === 'practical' && !hasWork && app.stage === 'exams' && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('certification.staff.noWork')}
        </Typography.Paragraph>
      )}
      {mine && result?.state !== 'complete' && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('certification.staff.gradedByMe')}
        </Typography.Paragraph>
      )}
      {component === 'interview' && iv && !ivDue && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('certification.staff.interviewLater', { when: formatDateTime(iv.scheduledAt) })}
        </Typography.Paragraph>
      )}
      {canGrade && (
        <Form layout="vertical" style={{ marginTop: 12, maxWidth: 520 }} onFinish={submit}>
          <Form.Item label={t('certification.staff.score100')} required>
            <InputNumber min={0} max={100} step={1} value={score} onChange={(v) => setScore(v)} style={{ width: 160 }} data-testid={`grade-score-${component}`} />
          </Form.Item>
          <Form.Item label={t('certification.staff.privateNotes')} extra={t('certification.staff.privateNotesHelp')}>
            <Input.TextArea rows={3} maxLength={4000} value={notes} onChange={(e) => setNotes(e.target.value)} data-testid={`grade-notes-${component}`} />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={score === null} loading={assess.isPending} data-testid={`grade-submit-${component}`}>
            {t('certification.staff.saveGrade')}
          </Button>
          {assess.isError && <ProblemAlert error={assess.error} />}
        </Form>
      )}
    </Card>
  );
}

function InterviewSchedule({ app }: { app: ApplicationView }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const assessors = useAssessors(true);
  const schedule = useScheduleInterview(app.id);
  const [when, setWhen] = useState<Dayjs | null>(null);
  const [location, setLocation] = useState(app.interview?.location ?? '');
  const [panel, setPanel] = useState<number[]>(app.interview?.panelUserIds ?? []);
  if (app.components.interview?.state === 'complete') return null;
  return (
    <Card title={t('certification.interview.title')} data-testid="interview-panel">
      {app.interview && (
        <Typography.Paragraph>
          {t('certification.interview.when')}: {formatDateTime(app.interview.scheduledAt)} · {app.interview.location} ·{' '}
          {app.interview.panelUserIds.map((id) => assessors.data?.items.find((a) => a.id === id)?.displayName ?? `#${id}`).join('、')}
        </Typography.Paragraph>
      )}
      <Form
        layout="vertical"
        style={{ maxWidth: 520 }}
        onFinish={() =>
          schedule.mutate(
            { scheduledAt: when!.toISOString(), location, panelUserIds: panel },
            { onSuccess: () => void message.success(t('common.saved')) },
          )
        }
      >
        <Form.Item label={t('certification.interview.when')} required>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={when} onChange={(v) => setWhen(v)} data-testid="interview-when" />
        </Form.Item>
        <Form.Item label={t('certification.interview.location')}>
          <Input maxLength={300} value={location} onChange={(e) => setLocation(e.target.value)} data-testid="interview-location" />
        </Form.Item>
        <Form.Item label={t('certification.interview.panel')} required>
          <Select
            mode="multiple"
            loading={assessors.isPending}
            value={panel}
            onChange={setPanel}
            options={(assessors.data?.items ?? []).map((a) => ({ value: a.id, label: a.displayName }))}
            optionFilterProp="label"
            data-testid="interview-panel-select"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" disabled={!when || panel.length === 0} loading={schedule.isPending} data-testid="interview-submit">
          {app.interview ? t('certification.interview.reschedule') : t('certification.interview.schedule')}
        </Button>
        {schedule.isError && <ProblemAlert error={schedule.error} />}
      </Form>
    </Card>
  );
}

function AppealPanel({ app }: { app: ApplicationView }) {
  const { t } = useTranslation();
  const decide = useAppealDecision(app.id);
  const reason = [...app.events].reverse().find((e) => e.action === 'appeal.file')?.reason;
  return (
    <Card title={t('certification.staff.appealTitle')} data-testid="appeal-panel">
      <Typography.Paragraph>
        {t('certification.staff.appealReason')}: {reason ?? '—'}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('certification.staff.appealHelp')}</Typography.Paragraph>
      <Space wrap>
        <ReasonButton
          label={t('certification.staff.overturn')}
          title={t('certification.staff.overturn')}
          testId="appeal-overturn"
          buttonProps={{ type: 'primary' }}
          send={(r) => decide.mutateAsync({ decision: 'overturn', reason: r })}
        />
        <ReasonButton
          label={t('certification.staff.uphold')}
          title={t('certification.staff.uphold')}
          testId="appeal-uphold"
          send={(r) => decide.mutateAsync({ decision: 'uphold', reason: r })}
        />
      </Space>
    </Card>
  );
}

/** The committee's board: every score, the composite, what the rule says and why; pass or fail with a reason. */
function DecisionBoard({ app }: { app: ApplicationView }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const decide = useDecide(app.id);
  const rule = app.rule;
  const [decision, setDecision] = useState<'pass' | 'fail'>(rule?.pass === false ? 'fail' : 'pass');
  const [reason, setReason] = useState('');
  const against = !!rule && rule.pass !== (decision === 'pass');
  return (
    <Card title={t('certification.board.title')} data-testid="decision-board">
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
        {app.requirements.components.map((c) => {
          const grades = (app.assessments ?? []).filter((a) => a.component === c.kind);
          return (
            <Descriptions.Item key={c.kind} label={`${t(`certification.component.${c.kind}`)} (${pct(c.weight)}, ≥ ${pct(c.minScore)})`}>
              <strong data-testid={`board-score-${c.kind}`}>{pct(app.components[c.kind]?.score, 1)}</strong>
              {grades.length > 0 && (
                <Typography.Text type="secondary">
                  {' '}
                  — {grades.map((g) => `${g.assessorName} ${pct(g.score, 1)}`).join('; ')}
                  {grades.length >= 2 && ` · ${t('certification.board.spread')} ${pct(Math.max(...grades.map((g) => g.score)) - Math.min(...grades.map((g) => g.score)), 1)}`}
                </Typography.Text>
              )}
            </Descriptions.Item>
          );
        })}
        <Descriptions.Item label={t('certification.composite')}>
          <strong data-testid="board-composite">{pct(app.composite, 1)}</strong> ({t('certification.req.passScore')} {pct(app.requirements.passScore)})
        </Descriptions.Item>
        <Descriptions.Item label={t('certification.board.rule')}>
          <span data-testid="board-rule" data-pass={String(rule?.pass ?? '')}>
            {rule?.pass ? t('certification.board.rulePass') : t('certification.board.ruleFail')}
          </span>
          {rule && rule.reasons.length > 0 && (
            <List size="small" dataSource={rule.reasons} renderItem={(r) => <List.Item>{r}</List.Item>} />
          )}
        </Descriptions.Item>
      </Descriptions>
      <Form layout="vertical" style={{ maxWidth: 600 }}>
        <Form.Item label={t('certification.board.decision')}>
          <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value as 'pass' | 'fail')} data-testid="board-decision">
            <Radio.Button value="pass" data-testid="board-pass">
              {t('certification.board.pass')}
            </Radio.Button>
            <Radio.Button value="fail" data-testid="board-fail">
              {t('certification.board.fail')}
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        {against && <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="board-override" message={t('certification.board.against')} />}
        <Form.Item label={t('certification.reason')} required>
          <Input.TextArea rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="board-reason" />
        </Form.Item>
        <Button
          type="primary"
          danger={decision === 'fail'}
          disabled={!reason.trim()}
          loading={decide.isPending}
          data-testid="board-submit"
          onClick={() => decide.mutate({ decision, reason: reason.trim() }, { onSuccess: () => void message.success(t('common.saved')) })}
        >
          {t('certification.board.submit')}
        </Button>
        {decide.isError && <ProblemAlert error={decide.error} />}
      </Form>
    </Card>
  );
}

export function StaffPanels({ app }: { app: ApplicationView }) {
  const user = useUser();
  const admin = user.roles.includes('admin');
  const kinds = app.requirements.components.map((c) => c.kind);
  const gradingStages = ['exams', 'evaluate', 'issued', 'failed'];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {app.stage === 'review' && <ReviewPanel app={app} />}
      {app.appealStatus === 'open' && <AppealPanel app={app} />}
      {kinds.includes('practical') && gradingStages.includes(app.stage) && <GradePanel app={app} component="practical" />}
      {kinds.includes('interview') && app.stage === 'exams' && <InterviewSchedule app={app} />}
      {kinds.includes('interview') && gradingStages.includes(app.stage) && (app.interview || app.components.interview) && (
        <GradePanel app={app} component="interview" />
      )}
      {admin && app.stage === 'evaluate' && <DecisionBoard app={app} />}
    </Space>
  );
}
