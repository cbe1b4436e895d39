import { BulbOutlined, CloseOutlined } from '@ant-design/icons';
import type { RecommendationItem } from '@xueli/contracts';
import { Button, Card, Flex, List, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useRecommendationEvent, useRecommendations } from '../api/paths.ts';
import { localName } from '../i18n/label.ts';
import { localText } from '../pages/paths/pathView.ts';

const MAX_SHOWN = 5;

/**
 * Up to five recommended courses, each with why (colleagues who took X also took Y, covers your
 * gap in Z, …): on the learner home (`surface` home) or beside a course (`surface` course with
 * its `courseId`). A click and a dismissal are logged for evaluation with the item's rank and
 * the model; the server logs the impressions. Nothing is shown while loading, on error or
 * when there is nothing to recommend.
 */
export function Recommendations({ surface, courseId }: { surface: 'home' | 'course'; courseId?: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const recs = useRecommendations(courseId, MAX_SHOWN);
  const log = useRecommendationEvent();
  const [hidden, setHidden] = useState<ReadonlySet<number>>(() => new Set());
  if (!recs.data) return null;
  const model = recs.data.model.slice(0, 50) || undefined;
  // The rank is the position in the server's list (1-based), kept when others are dismissed.
  const shown = recs.data.items
    .map((item, i) => ({ item, rank: i + 1 }))
    .filter(({ item }) => !hidden.has(item.courseId) && item.courseId !== courseId)
    .slice(0, MAX_SHOWN);
  if (shown.length === 0) return null;
  const event = (item: RecommendationItem, rank: number, kind: 'click' | 'dismiss') =>
    log.mutate({ courseId: item.courseId, kind, surface, rank, ...(model ? { model } : {}) });
  const open = (item: RecommendationItem, rank: number) => {
    event(item, rank, 'click');
    void navigate(`/courses/${item.courseId}`);
  };
  const dismiss = (item: RecommendationItem, rank: number) => {
    event(item, rank, 'dismiss');
    setHidden((h) => new Set([...h, item.courseId]));
  };
  return (
    <Card
      title={
        <span>
          <BulbOutlined style={{ color: '#faad14', marginInlineEnd: 8 }} />
          {t(surface === 'course' ? 'paths.recs.titleCourse' : 'paths.recs.title')}
        </span>
      }
      size="small"
      style={{ marginBottom: 16, marginTop: surface === 'course' ? 16 : 0 }}
      data-testid="recommendations"
    >
      <List
        size="small"
        dataSource={shown}
        renderItem={({ item, rank }) => (
          <List.Item
            data-testid={`rec-${item.courseId}`}
            actions={[
              <Tooltip key="dismiss" title={t('paths.recs.dismiss')}>
                <Button
                  size="small"
                  type="text"
                  icon={<CloseOutlined />}
                  onClick={() => dismiss(item, rank)}
                  aria-label={t('paths.recs.dismiss')}
                  data-testid={`rec-dismiss-${item.courseId}`}
                />
              </Tooltip>,
            ]}
          >
            <Flex vertical gap={2} style={{ minWidth: 0 }}>
              <Flex gap={8} align="center" wrap="wrap">
                <Typography.Link
                  strong
                  href={`/courses/${item.courseId}`}
                  onClick={(e) => {
                    e.preventDefault();
                    open(item, rank);
                  }}
                  data-testid={`rec-open-${item.courseId}`}
                >
                  {localName(item.title, item.titleEn)}
                </Typography.Link>
                {item.category && <Tag color="blue">{item.category}</Tag>}
              </Flex>
              {item.reasons.map((r, i) => (
                <Typography.Text key={i} type="secondary" style={{ fontSize: 12 }}>
                  {localText(r)}
                </Typography.Text>
              ))}
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}
