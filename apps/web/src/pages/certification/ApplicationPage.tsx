/**
 * One application (/certification/applications/:id), for the candidate, assessors and admins: where it
 * stands, every step with who, when and why, the eligibility checks, the learning still to do, the exam
 * components in the level's order, the evidence; and the actions each person may take at this stage
 * (the candidate's in CandidateActions, the assessors' and the committee's in StaffPanels).
 */
import { CheckCircleFilled, CloseCircleFilled, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { ApplicationView } from '@xueli/contracts';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Flex, List, Row, Space, Tag, Timeline, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import {
  evidenceUrl,
  useAppeal,
  useApplication,
  useReady,
  useRecordWritten,
  useUploadEvidence,
  useWithdraw,
} from '../../api/certification.ts';
import { useUser } from '../../auth/session.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';
import { localName, pct, StageSteps, StageTag } from './parts.tsx';
import { ReasonButton } from './ReasonButton.tsx';
import { StaffPanels } from './StaffPanels.tsx';

const OPEN = ['review', 'learn', 'exams', 'evaluate'];
const ACCEPT = '.pdf,.docx,.xlsx,.pptx,.zip,.png,.jpg,.jpeg,.txt,.md';

const Ok = ({ ok }: { ok: boolean }) =>
  ok ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <CloseCircleFilled style={{ color: '#ff4d4f' }} />;

/** An upload button for evidence of one purpose (application evidence in review, practical work in exams). */
function EvidenceUpload({ app, purpose }: { app: ApplicationView; purpose: 'application' | 'practical' }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const up = useUploadEvidence(app.id);
  return (
    <div data-testid={`evidence-upload-${purpose}`}>
      <Upload
        accept={ACCEPT}
        showUploadList={false}
        multiple={false}
        beforeUpload={(file) => {
          up.mutate({ file, purpose }, { onSuccess: () => void message.success(t('certification.evidence.uploaded', { name: file.name })) });
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={up.isPending} type={purpose === 'practical' ? 'primary' : 'default'}>
          {t(`certification.evidence.upload_${purpose}`)}
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('certification.evidence.types')}
      </Typography.Text>
      {up.isError && <ProblemAlert error={up.error} testId="evidence-error" />}
    </div>
  );
}

function CandidateActions({ app }: { app: ApplicationView }) {
  const { t } = useTranslation();
  const ready = useReady(app.id);
  const written = useRecordWritten(app.id);
  const appeal = useAppeal(app.id);
  const withdraw = useWithdraw(app.id);
  const order = app.requirements.components.map((c) => c.kind);
  const writtenTurn = app.stage === 'exams' && order.includes('written') && app.components.written?.state !== 'complete';
  const practicalTurn =
    app.stage === 'exams' &&
    order.includes('practical') &&
    app.components.practical?.state !== 'complete' &&
    order.slice(0, order.indexOf('practical')).every((k) => app.components[k]?.state === 'complete');
  const canAppeal = (app.stage === 'rejected' || app.stage === 'failed') && !app.appealStatus;
  const items = [
    app.stage === 'review' && (
      <div key="evidence">
        <Typography.Paragraph>{t('certification.candidate.reviewText')}</Typography.Paragraph>
        <EvidenceUpload app={app} purpose="application" />
      </div>
    ),
    app.stage === 'learn' && (
      <div key="learn">
        <Typography.Paragraph>{t('certification.candidate.learnText')}</Typography.Paragraph>
        <Button type="primary" loading={ready.isPending} onClick={() => ready.mutate()} data-testid="learning-done">
          {t('certification.candidate.learningDone')}
        </Button>
        {ready.isError && <ProblemAlert error={ready.error} testId="learning-error" />}
      </div>
    ),
    writtenTurn && (
      <div key="written">
        <Typography.Paragraph>{t('certification.candidate.writtenText')}</Typography.Paragraph>
        <Space wrap>
          <Link to="/exams">
            <Button data-testid="go-exams">
              {app.writtenExam ? t('certification.candidate.takeNamedExam', { title: app.writtenExam.title }) : t('certification.candidate.takeExam')}
            </Button>
          </Link>
          <Button type="primary" loading={written.isPending} onClick={() => written.mutate()} data-testid="record-written">
            {t('certification.candidate.recordWritten')}
          </Button>
        </Space>
        {written.isError && <ProblemAlert error={written.error} testId="written-error" />}
      </div>
    ),
    practicalTurn && (
      <div key="practical">
        <Typography.Paragraph>{t('certification.candidate.practicalText')}</Typography.Paragraph>
        <EvidenceUpload app={app} purpose="practical" />
      </div>
    ),
    canAppeal && (
      <ReasonButton
        key="appeal"
        label={t('certification.candidate.appeal')}
        title={t('certification.candidate.appealTitle')}
        help={t('certification.candidate.appealHelp')}
        testId="appeal"
        send={(reason) => appeal.mutateAsync({ reason })}
      />
    ),
    OPEN.includes(app.stage) && (
      <ReasonButton
        key="withdraw"
        label={t('certification.candidate.withdraw')}
        title={t('certification.candidate.withdrawTitle')}
        confirm={t('certification.candidate.withdrawConfirm')}
        testId="withdraw"
        buttonProps={{ danger: true }}
        send={(reason) => withdraw.mutateAsync({ reason })}
      />
    ),
  ].filter(Boolean);
  if (!items.length) return null;
  return (
    <Card title={t('certification.candidate.title')} data-testid="candidate-actions">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {items}
      </Space>
    </Card>
  );
}

function Outcome({ app }: { app: ApplicationView }) {
  const { t } = useTranslation();
  const last = [...app.events].reverse().find((e) => e.reason && e.toStage === app.stage);
  if (app.stage === 'issued')
    return (
      <Alert
        type="success"
        showIcon
        data-testid="outcome-issued"
        message={t('certification.outcome.issued')}
        description={
          <Link to="/certificates">{t('certification.outcome.seeCertificates')}</Link>
        }
      />
    );
  if (app.stage === 'rejected' || app.stage === 'failed' || app.stage === 'withdrawn')
    return (
      <Alert
        type={app.stage === 'withdrawn' ? 'warning' : 'error'}
        showIcon
        data-testid={`outcome-${app.stage}`}
        message={t(`certification.outcome.${app.stage}`)}
        description={
          <>
            {last?.reason && (
              <div>
                {t('certification.reason')}: {last.reason}
              </div>
            )}
            {app.appealStatus && <div>{t(`certification.appeal.${app.appealStatus}`)}</div>}
          </>
        }
      />
    );
  if (app.appealStatus === 'open') return <Alert type="info" showIcon message={t('certification.appeal.open')} />;
  return null;
}

/** The exam components in the level's order, each with its state and score. */
export function Components({ app }: { app: ApplicationView }) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      bordered
      dataSource={app.requirements.components}
      locale={{ emptyText: t('certification.req.noComponents') }}
      renderItem={(c, i) => {
        const r = app.components[c.kind];
        const state = r?.state ?? 'pending';
        return (
          <List.Item data-testid={`exam-component-${c.kind}`} data-state={state} data-score={r?.score ?? ''}>
            <Flex justify="space-between" wrap="wrap" gap={8} style={{ width: '100%' }}>
              <span>
                {i + 1}. {t(`certification.component.${c.kind}`)}{' '}
                <Typography.Text type="secondary">
                  ({t('certification.req.weight')} {pct(c.weight)} · {t('certification.req.min')} {pct(c.minScore)})
                </Typography.Text>
              </span>
              <Space>
                <Tag color={state === 'complete' ? (r!.score! >= c.minScore ? 'green' : 'red') : state === 'divergent' ? 'orange' : 'default'}>
                  {t(`certification.componentState.${state}`)}
                </Tag>
                <strong data-testid={`score-${c.kind}`}>{pct(r?.score, 1)}</strong>
              </Space>
            </Flex>
          </List.Item>
        );
      }}
    />
  );
}

function Details({ app }: { app: ApplicationView }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('certification.sections.components')} size="small">
        <Components app={app} />
        {app.composite !== null && (
          <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
            {t('certification.composite')}: <strong data-testid="composite">{pct(app.composite, 1)}</strong> ({t('certification.req.passScore')}{' '}
            {pct(app.requirements.passScore)})
          </Typography.Paragraph>
        )}
        {app.interview && (
          <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="interview-info">
            {t('certification.interview.when')}: {formatDateTime(app.interview.scheduledAt)} {app.interview.location}
          </Typography.Paragraph>
        )}
      </Card>
      {app.learning && (
        <Card title={t('certification.sections.learning')} size="small" data-testid="learning">
          {app.learning.courses.length === 0 && app.learning.targets.length === 0 ? (
            <Typography.Text type="secondary">{t('certification.learning.none')}</Typography.Text>
          ) : (
            <List size="small">
              {app.learning.courses.map((c) => (
                <List.Item key={`c${c.courseId}`}>
                  <Space>
                    <Ok ok={c.completed} />
                    <Link to={`/courses/${c.courseId}`}>{t('certification.learning.course', { title: c.title })}</Link>
                    <span>{c.completed ? t('certification.learning.completed') : t('certification.learning.notCompleted')}</span>
                  </Space>
                </List.Item>
              ))}
              {app.learning.targets.map((k) => (
                <List.Item key={`k${k.kpId}`}>
                  <Space>
                    <Ok ok={k.met} />
                    <span>
                      {t('certification.learning.target', { name: k.code ? `${k.code} ${k.name}` : k.name, mastery: pct(k.mastery), target: pct(k.target) })}
                    </span>
                  </Space>
                </List.Item>
              ))}
            </List>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {app.learning.met ? t('certification.learning.met') : t('certification.learning.notMet')}
          </Typography.Paragraph>
        </Card>
      )}
      <Card title={t('certification.sections.eligibility')} size="small">
        <List
          size="small"
          dataSource={app.eligibility}
          renderItem={(c) => (
            <List.Item data-testid={`eligibility-${c.name}`}>
              <Space align="start">
                <Ok ok={c.ok} />
                <span>
                  <strong>{t(`certification.check.${c.name}`, { defaultValue: c.name })}</strong>: {c.detail}
                </span>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card title={t('certification.sections.evidence')} size="small">
        <List
          size="small"
          dataSource={app.evidence}
          locale={{ emptyText: t('certification.evidence.none') }}
          renderItem={(e) => (
            <List.Item data-testid={`evidence-${e.fileId}`}>
              <Space wrap>
                <Tag>{t(`certification.evidence.${e.purpose}`)}</Tag>
                <a href={evidenceUrl(app.id, e.fileId)}>
                  <DownloadOutlined /> {e.name}
                </a>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      {app.statement && (
        <Card title={t('certification.statement')} size="small">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{app.statement}</Typography.Paragraph>
        </Card>
      )}
    </Space>
  );
}

function Events({ app }: { app: ApplicationView }) {
  const { t } = useTranslation();
  return (
    <Card title={t('certification.sections.events')} size="small">
      <Timeline
        data-testid="events"
        items={app.events.map((e, i) => ({
          key: i,
          color: e.toStage === 'rejected' || e.toStage === 'failed' ? 'red' : e.toStage === 'issued' ? 'green' : 'blue',
          children: (
            <div data-testid="event" data-action={e.action}>
              <strong>{t(`certification.action.${e.action.replace(/\./g, '_')}`, { defaultValue: e.action })}</strong>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(e.createdAt)} · {e.actorName ?? t('certification.someone')}
                </Typography.Text>
              </div>
              {e.reason && <div>{e.reason}</div>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

function View({ app }: { app: ApplicationView }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const isCandidate = user.employeeId === app.candidate.employeeId;
  const staff = !isCandidate && user.roles.some((r) => r === 'admin' || r === 'assessor');
  const withdrawnAt = app.stage === 'withdrawn' ? [...app.events].reverse().find((e) => e.action === 'withdraw')?.fromStage : null;
  return (
    <div data-testid="application" data-stage={app.stage} data-id={app.id}>
      <PageTitle
        title={`${localName(app.programme, i18n.language)} · ${t(`certs.level.${app.level}`)}`}
        extra={<StageTag stage={app.stage} />}
      />
      <Card style={{ marginBottom: 16 }}>
        <StageSteps stage={app.stage} stoppedAt={withdrawnAt} />
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('certification.candidateLabel')}>
            {app.candidate.name} ({app.candidate.employeeNo})
          </Descriptions.Item>
          <Descriptions.Item label={t('certification.appliedAt')}>{formatDateTime(app.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('certification.updatedAt')}>{formatDateTime(app.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Space direction="vertical" size="middle" style={{ width: '100%', marginBottom: 16 }}>
        <Outcome app={app} />
        {isCandidate && <CandidateActions app={app} />}
        {staff && <StaffPanels app={app} />}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Details app={app} />
        </Col>
        <Col xs={24} lg={9}>
          <Events app={app} />
        </Col>
      </Row>
    </div>
  );
}

export function ApplicationPage() {
  const id = Number(useParams().id);
  const q = useApplication(id);
  return (
    <QueryState query={q} rows={10}>
      {(app) => <View app={app} />}
    </QueryState>
  );
}
