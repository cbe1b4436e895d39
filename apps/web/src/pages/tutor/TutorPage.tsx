/** /tutor: the global AI tutor (every collection the user may see) and the user's earlier questions. */
import type { TutorAnswer, TutorCitation } from '@xueli/contracts';
import { Card, Col, List, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTutorHistory } from '../../api/tutor.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { AnswerText } from '../../components/tutor/AnswerText.tsx';
import { CitationModal } from '../../components/tutor/CitationModal.tsx';
import { TutorChat } from '../../components/tutor/TutorChat.tsx';
import { formatDateTime } from '../../format.ts';

function HistoryItem({ q, onOpen }: { q: TutorAnswer; onOpen: (c: TutorCitation) => void }) {
  const { t } = useTranslation();
  return (
    <List.Item data-testid="tutor-history-item">
      <div style={{ width: '100%' }}>
        <Typography.Text strong>{q.question}</Typography.Text>
        <div style={{ margin: '4px 0' }}>
          {q.supported ? (
            <AnswerText text={q.answer} citations={q.citations} onOpen={onOpen} />
          ) : (
            <Typography.Text type="secondary">{t('tutor.noAnswer')}</Typography.Text>
          )}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(q.createdAt)} · {t(`tutor.mode.${q.mode}`)}
        </Typography.Text>
        {q.rating === 1 && <Tag color="green" style={{ marginInlineStart: 8 }}>{t('tutor.helpful')}</Tag>}
        {q.rating === -1 && <Tag color="red" style={{ marginInlineStart: 8 }}>{t('tutor.notHelpful')}</Tag>}
      </div>
    </List.Item>
  );
}

export function TutorPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const history = useTutorHistory(page, 10);
  const [open, setOpen] = useState<TutorCitation | null>(null);
  return (
    <>
      <PageTitle title={t('tutor.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card>
            <TutorChat height="min(70vh, 640px)" />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('tutor.history')}>
            <QueryState query={history} isEmpty={(d) => d.total === 0} empty={t('tutor.historyEmpty')}>
              {(d) => (
                <List
                  dataSource={d.items}
                  renderItem={(q) => <HistoryItem key={q.id} q={q} onOpen={setOpen} />}
                  pagination={d.total > d.pageSize ? { current: page, pageSize: d.pageSize, total: d.total, onChange: setPage, size: 'small' } : false}
                />
              )}
            </QueryState>
          </Card>
        </Col>
      </Row>
      <CitationModal citation={open} onClose={() => setOpen(null)} />
    </>
  );
}
