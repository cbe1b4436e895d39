/**
 * The assessors' and the committee's queues (/certification/queue): applications to review, practical
 * work and interviews to grade, open appeals, and (administrators) the decision board.
 */
import type { ApplicationListItem } from '@xueli/contracts';
import { Table, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useApplications, type ApplicationFilter } from '../../api/certification.ts';
import { useUser } from '../../auth/session.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';
import { localName, pct, StageTag } from './parts.tsx';
import { serverPagination } from '../../components/pagination.ts';

type QueueKey = 'review' | 'grading' | 'appeals' | 'board';

const FILTERS: Record<QueueKey, Omit<ApplicationFilter, 'page' | 'pageSize'>> = {
  review: { stage: 'review' },
  grading: { stage: 'exams' },
  appeals: { appeal: 'open' },
  board: { stage: 'evaluate' },
};

function Queue({ which }: { which: QueueKey }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const q = useApplications({ ...FILTERS[which], ...page });
  return (
    <QueryState query={q} isEmpty={(d) => d.total === 0} empty={t(`certification.queue.empty_${which}`)}>
      {(d) => (
        <Table<ApplicationListItem>
          rowKey="id"
          size="middle"
          scroll={{ x: 800 }}
          dataSource={d.items}
          data-testid={`queue-${which}`}
          pagination={serverPagination(d, (p, s) => setPage({ page: p, pageSize: s }), t)}
          columns={[
            {
              title: t('certification.candidateLabel'),
              render: (_, a) => (
                <Link to={`/certification/applications/${a.id}`} data-testid={`queue-open-${a.id}`}>
                  {a.candidateName} ({a.employeeNo})
                </Link>
              ),
            },
            {
              title: t('certification.programme'),
              render: (_, a) => `${localName({ name: a.programmeName, nameEn: a.programmeNameEn }, i18n.language)} · ${t(`certs.level.${a.level}`)}`,
            },
            { title: t('common.status'), width: 110, render: (_, a) => <StageTag stage={a.stage} /> },
            ...(which === 'board' ? [{ title: t('certification.composite'), width: 100, render: (_: unknown, a: ApplicationListItem) => pct(a.composite, 1) }] : []),
            { title: t('certification.updatedAt'), width: 150, render: (_, a) => formatDateTime(a.updatedAt) },
          ]}
        />
      )}
    </QueryState>
  );
}

export function QueuePage() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const keys: QueueKey[] = ['review', 'grading', 'appeals', ...(user.roles.includes('admin') ? (['board'] as const) : [])];
  const active = keys.find((k) => k === params.get('tab')) ?? 'review';
  return (
    <>
      <PageTitle title={t('certification.queue.title')} />
      <Tabs
        activeKey={active}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        destroyOnHidden
        items={keys.map((k) => ({
          key: k,
          label: <span data-testid={`queue-tab-${k}`}>{t(`certification.queue.${k}`)}</span>,
          children: <Queue which={k} />,
        }))}
      />
    </>
  );
}
