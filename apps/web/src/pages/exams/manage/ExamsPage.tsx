/**
 * /manage/exams — the exam builder's list: every exam with its mode, purpose, status, course
 * and attempts, filtered by status, purpose and text; a new exam starts in one of three modes.
 */
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import {
  EXAM_MODES,
  EXAM_PURPOSES,
  EXAM_STATUSES,
  type ExamPurpose,
  type ExamStatus,
  type ExamView,
} from '@xueli/contracts';
import { Button, Dropdown, Flex, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useExamList } from '../../../api/exams.ts';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { formatDateTime } from '../../../format.ts';
import { localName } from '../../../i18n/label.ts';
import { EXAM_STATUS_COLORS } from './ExamEditorPage.tsx';

export function ExamsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [status, setStatus] = useState<ExamStatus | undefined>();
  const [purpose, setPurpose] = useState<ExamPurpose | undefined>();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const exams = useExamList({ status, purpose, search: search || undefined, ...page });
  const first = () => setPage((p) => ({ ...p, page: 1 }));
  return (
    <>
      <PageTitle
        title={t('exams.builder.title')}
        extra={
          <Dropdown
            trigger={['click']}
            menu={{
              items: EXAM_MODES.map((m) => ({
                key: m,
                label: <span data-testid={`new-exam-${m}`}>{t(`exams.mode.${m}`)}</span>,
              })),
              onClick: ({ key }) => void navigate(`/manage/exams/new?mode=${key}`),
            }}
          >
            <Button type="primary" icon={<PlusOutlined />} data-testid="exam-create">
              {t('exams.builder.create')} <DownOutlined />
            </Button>
          </Dropdown>
        }
      />
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 16 }}>
        <Select<ExamStatus>
          allowClear
          placeholder={t('exams.builder.statusFilter')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            first();
          }}
          options={EXAM_STATUSES.map((s) => ({ value: s, label: t(`exams.status.${s}`) }))}
          style={{ width: 150 }}
        />
        <Select<ExamPurpose>
          allowClear
          placeholder={t('exams.builder.purposeFilter')}
          value={purpose}
          onChange={(v) => {
            setPurpose(v);
            first();
          }}
          options={EXAM_PURPOSES.map((p) => ({ value: p, label: t(`exams.purpose.${p}`) }))}
          style={{ width: 150 }}
        />
        <Input.Search
          allowClear
          placeholder={t('exams.builder.search')}
          onSearch={(v) => {
            setSearch(v.trim());
            first();
          }}
          style={{ width: 260, maxWidth: '100%' }}
        />
      </Flex>
      {exams.isError && <ProblemAlert error={exams.error} />}
      <Table<ExamView>
        rowKey="id"
        loading={exams.isFetching}
        dataSource={exams.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('exams.builder.empty') }}
        data-testid="exams-table"
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: exams.data?.total ?? 0,
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
        columns={[
          {
            title: t('exams.fields.title'),
            key: 'title',
            render: (_, e) => (
              <Link to={`/manage/exams/${e.id}`} data-testid={`exam-link-${e.id}`}>
                {localName(e.title, e.titleEn)}
              </Link>
            ),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: ExamStatus) => <Tag color={EXAM_STATUS_COLORS[s]}>{t(`exams.status.${s}`)}</Tag>,
          },
          { title: t('exams.fields.mode'), dataIndex: 'mode', render: (m: string) => t(`exams.mode.${m}`) },
          { title: t('exams.fields.purpose'), dataIndex: 'purpose', render: (p: string) => t(`exams.purpose.${p}`) },
          { title: t('exams.fields.course'), dataIndex: 'courseTitle', render: (c: string | null) => c ?? '—' },
          {
            title: t('exams.fields.timeLimit'),
            dataIndex: 'timeLimitMinutes',
            align: 'right',
            render: (m: number | null) => (m == null ? '—' : t('exams.my.timeLimit', { count: m })),
          },
          { title: t('exams.builder.attemptsCol'), dataIndex: 'attempts', align: 'right' },
          { title: t('exams.builder.updatedAt'), dataIndex: 'updatedAt', render: formatDateTime },
        ]}
      />
    </>
  );
}
