import { FlagFilled } from '@ant-design/icons';
import { Button, Flex, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NavCell } from './navigator.ts';

/**
 * Numbered buttons, one per question: filled when answered, a flag when marked for review,
 * outlined in the primary colour when current, green when checked (practice).
 */
export function QuestionNavigator({ cells, onPick }: { cells: NavCell[]; onPick: (index: number) => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Flex vertical gap={8}>
      <Flex wrap="wrap" gap={6} data-testid="question-nav">
        {cells.map((c) => (
          <Button
            key={c.itemId}
            size="small"
            type={c.answered ? 'primary' : 'default'}
            onClick={() => onPick(c.index)}
            aria-current={c.current ? 'step' : undefined}
            aria-label={t('exams.take.questionN', { n: c.index + 1 })}
            data-testid={`nav-q-${c.index}`}
            data-answered={c.answered}
            data-flagged={c.flagged}
            data-current={c.current}
            style={{
              width: 36,
              height: 32,
              position: 'relative',
              padding: 0,
              outline: c.current ? `2px solid ${token.colorPrimary}` : undefined,
              outlineOffset: 2,
              ...(c.locked ? { background: token.colorSuccess, borderColor: token.colorSuccess, color: '#fff' } : {}),
            }}
          >
            {c.index + 1}
            {c.flagged && (
              <FlagFilled
                style={{ position: 'absolute', top: -6, right: -6, color: token.colorWarning, fontSize: 12 }}
              />
            )}
          </Button>
        ))}
      </Flex>
      <Flex wrap="wrap" gap={12}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <span
            style={{
              display: 'inline-block',
              width: 10,
              height: 10,
              background: token.colorPrimary,
              marginRight: 4,
              borderRadius: 2,
            }}
          />
          {t('exams.take.legendAnswered')}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <span
            style={{
              display: 'inline-block',
              width: 10,
              height: 10,
              border: `1px solid ${token.colorBorder}`,
              marginRight: 4,
              borderRadius: 2,
            }}
          />
          {t('exams.take.legendUnanswered')}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <FlagFilled style={{ color: token.colorWarning, marginRight: 4 }} />
          {t('exams.take.legendFlagged')}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}
