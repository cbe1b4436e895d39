/**
 * /grading — the grading queue (admin, trainer, assessor): responses waiting for a person,
 * oldest first, and the grading view for the one picked. Save & next moves on to the next
 * task; an empty queue says there is nothing to grade.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { GradingTask } from '@xueli/contracts';
import { App as AntApp, Button, Empty, Flex, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useGradingQueue } from '../../api/exams.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDateTime } from '../../format.ts';
import { GradingPanel } from './GradingPanel.tsx';

const keyOf = (t: Pick<GradingTask, 'attemptId' | 'itemId'>) => `${t.attemptId}:${t.itemId}`;

export function GradingPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [examId, setExamId] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string | null>(null);
  const queue = useGradingQueue(examId, page);
  const tasks = useMemo(() => queue.data?.items ?? [], [queue.data]);
  const exams = useMemo(() => {
    const m = new Map<number, string>();
    for (const x of tasks) m.set(x.examId, x.examTitle);
    return [...m];
  }, [tasks]);
  const index = tasks.findIndex((x) => keyOf(x) === selected);
  const task = index >= 0 ? tasks[index] : undefined;

  const onSaved = (goNext: boolean) => {
    void message.success(t('grading.saved'));
    const next = tasks[index + 1] ?? (index > 0 ? tasks[index - 1] : undefined);
    setSelected(goNext && next ? keyOf(next) : null);
  };

  if (task) {
    return (
      <>
        <PageTitle
          title={t('grading.title')}
          extra={
            <Button icon={<ArrowLeftOutlined />} onClick={() => setSelected(null)} data-testid="grading-back">
              {t('grading.backToQueue', { count: queue.data?.total ?? tasks.length })}
            </Button>
          }
        />
        <GradingPanel key={keyOf(task)} task={task} onSaved={onSaved} hasNext={tasks.length > 1} />
      </>
    );
  }

  return (
    <>
      <PageTitle title={t('grading.title')} />
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 16 }}>
        <Select<number>
          allowClear
          placeholder={t('grading.examFilter')}
          value={examId}
          onChange={(v) => {
            setExamId(v);
            setPage(1);
          }}
          options={exams.map(([id, title]) => ({ value: id, label: title }))}
          style={{ width: 280, maxWidth: '100%' }}
        />
      </Flex>
      {queue.isError && <ProblemAlert error={queue.error} />}
      <Table<GradingTask>
        rowKey={keyOf}
        loading={queue.isFetching}
        dataSource={tasks}
        scroll={{ x: 'max-content' }}
        data-testid="grading-queue"
        locale={{ emptyText: <Empty description={t('grading.empty')} data-testid="grading-empty" /> }}
        pagination={{
          current: page,
          pageSize: 50,
          total: queue.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        onRow={(x) => ({ onClick: () => setSelected(keyOf(x)), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('grading.exam'), dataIndex: 'examTitle' },
          { title: t('grading.candidate'), dataIndex: 'candidate' },
          {
            title: t('grading.type'),
            dataIndex: 'itemType',
            render: (v: string) => <Tag>{t(`exams.itemType.${v}`)}</Tag>,
          },
          {
            title: t('grading.question'),
            dataIndex: 'stem',
            render: (s: string) => (
              <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                {s.replace(/[#*_`>]/g, '')}
              </Typography.Text>
            ),
          },
          { title: t('grading.submitted'), dataIndex: 'submittedAt', render: formatDateTime },
          {
            title: t('common.actions'),
            key: 'go',
            render: (_, x) => (
              <Button
                size="small"
                type="primary"
                onClick={() => setSelected(keyOf(x))}
                data-testid={`grade-${x.attemptId}-${x.itemId}`}
              >
                {t('grading.grade')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
