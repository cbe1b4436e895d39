/**
 * /manage/exams/new?mode=… and /manage/exams/:id — the exam builder: the settings form, the
 * status actions (publish with the server's problems listed, back to draft, archive,
 * delete), the attempts and the item analysis.
 */
import { ArrowLeftOutlined, DeleteOutlined } from '@ant-design/icons';
import { EXAM_MODES, type ExamMode, type ExamStatus, type ExamView } from '@xueli/contracts';
import { App as AntApp, Button, Flex, Popconfirm, Segmented, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useDeleteExam, useExam, useExamStatus } from '../../../api/exams.ts';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { formatDateTime } from '../../../format.ts';
import { localName } from '../../../i18n/label.ts';
import { problemsOf } from './examForm.ts';
import { ExamForm, ProblemList } from './ExamForm.tsx';
import { AnalysisTab, AttemptsTab } from './ExamTabs.tsx';

export const EXAM_STATUS_COLORS: Record<ExamStatus, string> = {
  draft: 'orange',
  published: 'green',
  archived: 'default',
};

/** The moves the server allows from each status (exams.service STATUS_MOVES). */
const MOVES: Record<ExamStatus, ExamStatus[]> = {
  draft: ['published'],
  published: ['archived', 'draft'],
  archived: ['published'],
};

function StatusActions({ exam, setProblems }: { exam: ExamView; setProblems: (p: string[]) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const status = useExamStatus(exam.id);
  const remove = useDeleteExam();
  const move = (to: ExamStatus) =>
    status.mutate(to, {
      onSuccess: () => {
        setProblems([]);
        void message.success(t(`exams.builder.moved.${to}`));
      },
      onError: (e) => setProblems(problemsOf(e)),
    });
  return (
    <Flex gap={8} wrap="wrap" justify="flex-end">
      {MOVES[exam.status]
        .filter((to) => !(to === 'draft' && exam.attempts > 0))
        .map((to) => (
          <Popconfirm
            key={to}
            title={t(`exams.builder.confirm.${to}`)}
            okText={t(`exams.builder.action.${to}`)}
            cancelText={t('common.cancel')}
            onConfirm={() => move(to)}
          >
            <Button
              type={to === 'published' ? 'primary' : 'default'}
              loading={status.isPending && status.variables === to}
              data-testid={`exam-${to}`}
            >
              {t(`exams.builder.action.${to}`)}
            </Button>
          </Popconfirm>
        ))}
      {exam.status === 'draft' && exam.attempts === 0 && (
        <Popconfirm
          title={t('exams.builder.deleteConfirm')}
          okText={t('common.delete')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            remove.mutate(exam.id, {
              onSuccess: () => {
                void message.success(t('common.deleted'));
                void navigate('/manage/exams');
              },
              onError: (e) => void message.error(e.message, 8),
            })
          }
        >
          <Button danger icon={<DeleteOutlined />} loading={remove.isPending} data-testid="exam-delete">
            {t('common.delete')}
          </Button>
        </Popconfirm>
      )}
    </Flex>
  );
}

function ExistingExam({ exam }: { exam: ExamView }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [tab, setTab] = useState('settings');
  // Publishing problems stay until the next successful save or status change.
  const [problems, setProblems] = useState<string[]>([]);
  return (
    <>
      <PageTitle
        title={
          <Flex gap={8} align="center" wrap="wrap">
            <span data-testid="exam-heading">{localName(exam.title, exam.titleEn)}</span>
            <Tag color={EXAM_STATUS_COLORS[exam.status]} data-testid="exam-status">
              {t(`exams.status.${exam.status}`)}
            </Tag>
          </Flex>
        }
        extra={
          <Link to="/manage/exams">
            <Button icon={<ArrowLeftOutlined />}>{t('exams.builder.backToList')}</Button>
          </Link>
        }
      />
      <Flex justify="space-between" gap={12} wrap="wrap" style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">
          {t(`exams.mode.${exam.mode}`)} · {t(`exams.purpose.${exam.purpose}`)} ·{' '}
          {t('exams.builder.updated', { time: formatDateTime(exam.updatedAt), by: exam.createdBy ?? '—' })}
        </Typography.Text>
        <StatusActions exam={exam} setProblems={setProblems} />
      </Flex>
      {problems.length > 0 && (
        <div style={{ marginBottom: 8 }}>
          <ProblemList problems={problems} testId="status-problems" />
        </div>
      )}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          {
            key: 'settings',
            label: t('exams.builder.tabSettings'),
            children: (
              <ExamForm
                key={exam.updatedAt + exam.status}
                exam={exam}
                mode={exam.mode}
                rowProblems={problems}
                onSaved={() => {
                  setProblems([]);
                  void message.success(t('common.saved'));
                }}
              />
            ),
          },
          {
            key: 'attempts',
            label: t('exams.builder.tabAttempts', { count: exam.attempts }),
            children: <AttemptsTab examId={exam.id} />,
          },
          { key: 'analysis', label: t('exams.builder.tabAnalysis'), children: <AnalysisTab examId={exam.id} /> },
        ]}
      />
    </>
  );
}

function NewExam() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const raw = params.get('mode');
  const mode: ExamMode = EXAM_MODES.includes(raw as ExamMode) ? (raw as ExamMode) : 'fixed';
  return (
    <>
      <PageTitle
        title={t('exams.builder.create')}
        extra={
          <Link to="/manage/exams">
            <Button icon={<ArrowLeftOutlined />}>{t('exams.builder.backToList')}</Button>
          </Link>
        }
      />
      <Flex vertical gap={4} style={{ marginBottom: 16 }}>
        <Segmented<ExamMode>
          value={mode}
          onChange={(m) => setParams({ mode: m }, { replace: true })}
          options={EXAM_MODES.map((m) => ({
            value: m,
            label: <span data-testid={`mode-${m}`}>{t(`exams.mode.${m}`)}</span>,
          }))}
        />
        <Typography.Text type="secondary">{t(`exams.modeHelp.${mode}`)}</Typography.Text>
      </Flex>
      <ExamForm
        key={mode}
        exam={null}
        mode={mode}
        onSaved={(e) => {
          void message.success(t('exams.builder.created'));
          void navigate(`/manage/exams/${e.id}`, { replace: true });
        }}
      />
    </>
  );
}

export function ExamEditorPage() {
  const { id } = useParams();
  const examId = Number(id);
  const exam = useExam(examId);
  if (id === 'new') return <NewExam />;
  return (
    <QueryState query={exam} rows={10}>
      {(e) => <ExistingExam exam={e} />}
    </QueryState>
  );
}
