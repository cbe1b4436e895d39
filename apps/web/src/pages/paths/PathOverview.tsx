/**
 * One learning path as the learner and their manager see it: a summary (goal, deadline, pace,
 * progress, expected gap now → after), the planner's warnings and unreachable points, and the
 * steps as a timeline. With `actions` (the learner's own path) each open step can be pinned,
 * skipped and moved, and skipped modules restored.
 */
import {
  ArrowDownOutlined,
  ArrowRightOutlined,
  ArrowUpOutlined,
  CheckCircleFilled,
  ClockCircleOutlined,
  PushpinFilled,
  PushpinOutlined,
  StopOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import type { PathStep, PathView } from '@xueli/contracts';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  List,
  Popconfirm,
  Progress,
  Row,
  Space,
  Statistic,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { StepAction } from '../../api/paths.ts';
import { formatDate, formatDateTime } from '../../format.ts';
import { localName } from '../../i18n/label.ts';
import { pct } from '../skills/skillsView.ts';
import { formatGap, formatHours, gapReduction, localText, movableSteps, stepCounts } from './pathView.ts';

/** What the learner may do on their own path; absent on someone else's. */
export interface PathActions {
  prefer: (moduleId: number, action: StepAction) => void;
  move: (moduleId: number, delta: -1 | 1) => void;
  busy: boolean;
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Flex vertical gap={2} data-testid={testId}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <div>{children}</div>
    </Flex>
  );
}

/** The goal, deadline, pace, progress and expected gap of a path. */
export function PathSummary({ view, own }: { view: PathView; own: boolean }) {
  const { t } = useTranslation();
  const { done, total } = stepCounts(view);
  const goal = view.goal;
  const reduction = gapReduction(view.gapNow, view.gapAfter);
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="path-summary">
      <Row gutter={[24, 16]}>
        <Col xs={24} md={12}>
          <Flex vertical gap={12}>
            <Fact label={t('paths.goal')} testId="path-goal">
              {goal ? (
                <Space size={4} wrap>
                  <Tag color="blue">{t(`paths.goalKind.${goal.kind}`)}</Tag>
                  <Typography.Text strong>{localText(goal.label)}</Typography.Text>
                  {goal.assignedBy && (
                    <Typography.Text type="secondary">
                      {t('paths.assignedBy', { name: goal.assignedBy })}
                    </Typography.Text>
                  )}
                </Space>
              ) : (
                <Typography.Text strong>{t(own ? 'paths.positionGoal' : 'paths.positionGoalMember')}</Typography.Text>
              )}
            </Fact>
            {goal?.note && <Typography.Text type="secondary">{goal.note}</Typography.Text>}
            <Flex gap={32} wrap="wrap">
              <Fact label={t('paths.deadline')} testId="path-deadline">
                {goal?.deadline ? formatDate(goal.deadline) : t('paths.noDeadline')}
              </Fact>
              <Fact label={t('paths.hoursPerWeek')} testId="path-pace">
                {t(view.pace.isDefault ? 'paths.hoursDefault' : 'paths.hoursValue', {
                  hours: formatHours(view.pace.hoursPerWeek),
                })}
              </Fact>
              {view.budgetHours !== null && (
                <Fact
                  label={
                    view.horizonWeeks !== null
                      ? t('paths.budgetHorizon', { weeks: view.horizonWeeks })
                      : t('paths.budget')
                  }
                  testId="path-budget"
                >
                  {t('paths.hoursValue', { hours: formatHours(view.budgetHours) })}
                </Fact>
              )}
            </Flex>
          </Flex>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Fact label={t('paths.progress')} testId="path-progress">
            <Progress
              percent={total ? Math.round((done / total) * 100) : 0}
              size="small"
              data-percent={total ? Math.round((done / total) * 100) : 0}
            />
            <Typography.Text data-testid="path-steps-done">{t('paths.stepsDone', { done, total })}</Typography.Text>
            <br />
            <Typography.Text type="secondary">
              {t('paths.hoursDone', { done: formatHours(view.hoursDone), planned: formatHours(view.hoursPlanned) })}
            </Typography.Text>
          </Fact>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Tooltip title={t('paths.gapHelp')}>
            <Statistic
              title={t('paths.gap')}
              value={`${formatGap(view.gapNow)} → ${formatGap(view.gapAfter)}`}
              valueStyle={{ fontSize: 20 }}
              data-testid="path-gap"
            />
          </Tooltip>
          {reduction > 0 && (
            <Tag color="green" style={{ marginTop: 4 }} data-testid="path-reduction">
              {t('paths.gapReduction', { percent: reduction })}
            </Tag>
          )}
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('paths.computedAt', { time: formatDateTime(view.computedAt) })}
      </Typography.Text>
    </Card>
  );
}

/** The planner's warnings (e.g. a deadline too close) and the points no module can move. */
export function PathWarnings({ view }: { view: PathView }) {
  const { t } = useTranslation();
  if (view.warnings.length === 0 && view.unreachable.length === 0) return null;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 16 }}>
      {view.warnings.map((w) => (
        <Alert
          key={w.code}
          type="warning"
          showIcon
          message={localText(w.message)}
          data-testid={`path-warning-${w.code}`}
        />
      ))}
      {view.unreachable.length > 0 && (
        <Alert
          type="info"
          showIcon
          message={t('paths.unreachableTitle')}
          data-testid="path-unreachable"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {view.unreachable.map((u) => (
                <li key={u.kpId}>
                  <Typography.Text strong>{localName(u.kpName, u.kpNameEn)}</Typography.Text>
                  {' · '}
                  {localText(u.reason)}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </Flex>
  );
}

function Moves({ step }: { step: PathStep }) {
  const { t } = useTranslation();
  if (step.moves.length === 0) return null;
  return (
    <Flex gap={4} wrap="wrap">
      {step.moves.map((m) => (
        <Tooltip key={m.kpId} title={m.target === null ? undefined : t('paths.targetValue', { value: pct(m.target) })}>
          <Tag color={m.target !== null && m.to >= m.target ? 'green' : 'geekblue'} data-testid="path-move">
            {localName(m.kpName, m.kpNameEn)} {pct(m.from)} → {pct(m.to)}
          </Tag>
        </Tooltip>
      ))}
    </Flex>
  );
}

/** Where the step's "start" leads: the module in its course, or the exams page. */
const stepLink = (s: PathStep) =>
  s.courseId === null
    ? '/exams'
    : s.moduleId === null
      ? `/courses/${s.courseId}`
      : `/courses/${s.courseId}?module=${s.moduleId}`;

function StepActions({
  step,
  actions,
  index,
  count,
}: {
  step: PathStep & { moduleId: number };
  actions: PathActions;
  index: number;
  count: number;
}) {
  const { t } = useTranslation();
  const title = localName(step.title, step.titleEn);
  const id = step.moduleId;
  return (
    <Flex gap={2} wrap="wrap">
      <Tooltip title={step.pinned ? t('paths.unpin') : t('paths.pin')}>
        <Button
          size="small"
          type="text"
          icon={step.pinned ? <PushpinFilled /> : <PushpinOutlined />}
          disabled={actions.busy}
          onClick={() => actions.prefer(id, step.pinned ? 'clear' : 'pin')}
          aria-label={step.pinned ? t('paths.unpin') : t('paths.pin')}
          data-testid={`step-pin-${id}`}
        />
      </Tooltip>
      <Tooltip title={t('paths.moveUp')}>
        <Button
          size="small"
          type="text"
          icon={<ArrowUpOutlined />}
          disabled={actions.busy || index === 0}
          onClick={() => actions.move(id, -1)}
          aria-label={t('paths.moveUp')}
          data-testid={`step-up-${id}`}
        />
      </Tooltip>
      <Tooltip title={t('paths.moveDown')}>
        <Button
          size="small"
          type="text"
          icon={<ArrowDownOutlined />}
          disabled={actions.busy || index === count - 1}
          onClick={() => actions.move(id, 1)}
          aria-label={t('paths.moveDown')}
          data-testid={`step-down-${id}`}
        />
      </Tooltip>
      <Popconfirm
        title={t('paths.skipConfirm', { title })}
        okText={t('paths.skip')}
        cancelText={t('common.cancel')}
        onConfirm={() => actions.prefer(id, 'skip')}
      >
        <Button
          size="small"
          type="text"
          icon={<StopOutlined />}
          disabled={actions.busy}
          data-testid={`step-skip-${id}`}
        >
          {t('paths.skip')}
        </Button>
      </Popconfirm>
    </Flex>
  );
}

function StepBody({ step, actions, order }: { step: PathStep; actions?: PathActions; order: number[] }) {
  const { t } = useTranslation();
  const isNext = step.status === 'next';
  const course = step.courseTitle ? localName(step.courseTitle, step.courseTitleEn) : null;
  const movable = step.status !== 'done' && step.moduleId !== null ? order.indexOf(step.moduleId) : -1;
  const key = step.moduleId ?? `exam-${step.examId}`;
  const body = (
    <Flex vertical gap={6}>
      <Flex justify="space-between" align="start" gap={8} wrap="wrap">
        <Flex vertical gap={2}>
          <Typography.Text strong type={step.status === 'done' ? 'secondary' : undefined} style={{ fontSize: 15 }}>
            {localName(step.title, step.titleEn)}
          </Typography.Text>
          {course && <Typography.Text type="secondary">{course}</Typography.Text>}
        </Flex>
        <Space size={4} wrap>
          {isNext && <Tag color="processing">{t('paths.status.next')}</Tag>}
          {step.status === 'done' && <Tag color="success">{t('paths.status.done')}</Tag>}
          {step.kind === 'assessment' && <Tag color="purple">{t('paths.kindAssessment')}</Tag>}
          {step.pinned && (
            <Tag icon={<PushpinFilled />} color="gold">
              {t('paths.pinned')}
            </Tag>
          )}
          {step.week !== null && <Tag>{t('paths.week', { week: step.week })}</Tag>}
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            <ClockCircleOutlined /> {t('paths.hoursValue', { hours: formatHours(step.hours) })}
          </Typography.Text>
        </Space>
      </Flex>
      <Typography.Text type="secondary" data-testid="step-reason">
        {localText(step.reason)}
      </Typography.Text>
      <Moves step={step} />
      {step.status === 'done' && step.completedAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('paths.completedAt', { time: formatDateTime(step.completedAt) })}
        </Typography.Text>
      )}
      {(isNext || (actions && movable >= 0)) && (
        <Flex justify="space-between" align="center" gap={8} wrap="wrap">
          {actions && movable >= 0 && step.moduleId !== null ? (
            <StepActions
              step={{ ...step, moduleId: step.moduleId }}
              actions={actions}
              index={movable}
              count={order.length}
            />
          ) : (
            <span />
          )}
          {isNext && actions && (
            <Link to={stepLink(step)}>
              <Button type="primary" icon={<ArrowRightOutlined />} data-testid="path-start">
                {t('paths.start')}
              </Button>
            </Link>
          )}
        </Flex>
      )}
    </Flex>
  );
  return (
    <div data-testid={`path-step-${key}`} data-status={step.status}>
      {isNext ? (
        <Card size="small" style={{ borderColor: '#1677ff', boxShadow: '0 0 0 2px rgba(22,119,255,0.12)' }}>
          {body}
        </Card>
      ) : (
        body
      )}
    </div>
  );
}

/** Done steps shown before "show all": the latest ones. */
const KEEP_DONE = 1;

/**
 * The steps as a vertical timeline: done (ticked), next (highlighted with Start), planned. Of a
 * long history only the latest done step is shown until the learner asks for all.
 */
export function PathSteps({ view, actions }: { view: PathView; actions?: PathActions }) {
  const { t } = useTranslation();
  const [showDone, setShowDone] = useState(false);
  const order = movableSteps(view.steps).map((s) => s.moduleId);
  const done = view.steps.filter((s) => s.status === 'done');
  const collapsible = done.length > KEEP_DONE + 1;
  const hidden = new Set(collapsible && !showDone ? done.slice(0, done.length - KEEP_DONE) : []);
  return (
    <>
      {collapsible && (
        <Button
          type="link"
          size="small"
          style={{ paddingInline: 0, marginBottom: 8 }}
          onClick={() => setShowDone((v) => !v)}
          data-testid="path-toggle-done"
        >
          {showDone ? t('paths.hideDone') : t('paths.showDone', { count: done.length })}
        </Button>
      )}
      <Timeline
        style={{ marginTop: 8 }}
        data-testid="path-steps"
        items={view.steps
          .filter((s) => !hidden.has(s))
          .map((s) => ({
            key: s.moduleId ?? `exam-${s.examId}`,
            color: s.status === 'done' ? 'green' : s.status === 'next' ? 'blue' : 'gray',
            dot: s.status === 'done' ? <CheckCircleFilled style={{ fontSize: 16, color: '#52c41a' }} /> : undefined,
            children: <StepBody step={s} actions={actions} order={order} />,
          }))}
      />
    </>
  );
}

/** Modules the learner chose to skip, each with "restore" (lets the planner decide again). */
export function SkippedModules({ view, actions }: { view: PathView; actions?: PathActions }) {
  const { t } = useTranslation();
  if (view.skipped.length === 0) return null;
  return (
    <Card size="small" title={t('paths.skippedTitle')} style={{ marginTop: 16 }} data-testid="path-skipped">
      <List
        size="small"
        dataSource={view.skipped}
        renderItem={(s) => (
          <List.Item
            data-testid={`skipped-${s.moduleId}`}
            actions={
              actions
                ? [
                    <Button
                      key="restore"
                      size="small"
                      icon={<UndoOutlined />}
                      disabled={actions.busy}
                      onClick={() => actions.prefer(s.moduleId, 'clear')}
                      data-testid={`restore-${s.moduleId}`}
                    >
                      {t('paths.restore')}
                    </Button>,
                  ]
                : undefined
            }
          >
            {localName(s.title, s.titleEn)}
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Summary, warnings, steps (or the empty state) and skipped modules of one path. */
export function PathOverview({ view, actions, empty }: { view: PathView; actions?: PathActions; empty?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <PathSummary view={view} own={actions !== undefined} />
      <PathWarnings view={view} />
      {view.steps.length === 0 ? (
        <div data-testid="empty-state">
          <Empty description={t(actions ? 'paths.empty' : 'paths.emptyMember')}>{empty}</Empty>
        </div>
      ) : (
        <PathSteps view={view} actions={actions} />
      )}
      <SkippedModules view={view} actions={actions} />
    </>
  );
}
