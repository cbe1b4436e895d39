/**
 * Grading one response: the question and the candidate's answer beside the rubric (one radio
 * group of levels per criterion, with a running total), the machine's suggestion (with an AI
 * provider: its score, confidence and rationale, and "apply suggestion" to pre-fill the levels or
 * the score), a comment, and Save & next. Items without a rubric get a direct score (0–100 % of
 * the points).
 */
import { RobotOutlined } from '@ant-design/icons';
import type { GradeResponseBody, GradingTask } from '@xueli/contracts';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useGradeResponse } from '../../api/exams.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDateTime } from '../../format.ts';
import { describeAnswer } from '../exams/responseForm.ts';
import { readRubric, rubricTotal, scaledPoints } from './rubric.ts';

function AnswerView({ task }: { task: GradingTask }) {
  const { t } = useTranslation();
  const r = task.response;
  if (r == null || (typeof r === 'string' && r.trim() === ''))
    return <Typography.Text type="secondary">{t('grading.noAnswer')}</Typography.Text>;
  if (typeof r === 'string')
    return (
      <div
        data-testid="grading-answer"
        style={{
          whiteSpace: 'pre-wrap',
          fontFamily:
            task.itemType === 'programming' ? 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' : undefined,
          background: 'rgba(0,0,0,0.02)',
          border: '1px solid rgba(0,0,0,0.06)',
          borderRadius: 6,
          padding: 12,
          maxHeight: 480,
          overflow: 'auto',
        }}
      >
        {r}
      </div>
    );
  const labels = {
    yes: t('exams.take.true'),
    no: t('exams.take.false'),
    blank: (n: number) => t('exams.take.blank', { n }),
  };
  return <div data-testid="grading-answer">{describeAnswer(r, { type: task.itemType }, labels)}</div>;
}

export function GradingPanel({
  task,
  onSaved,
  hasNext,
}: {
  task: GradingTask;
  onSaved: (goNext: boolean) => void;
  hasNext: boolean;
}) {
  const { t } = useTranslation();
  const rubric = useMemo(() => readRubric(task.rubric), [task.rubric]);
  const [levels, setLevels] = useState<Record<string, number>>({});
  const [score, setScore] = useState<number | null>(
    task.suggestedScore != null ? Math.round(task.suggestedScore * 100) : null,
  );
  const [comment, setComment] = useState('');
  const grade = useGradeResponse();
  const total = rubric ? rubricTotal(rubric, levels) : null;
  const complete = rubric ? total!.missing.length === 0 : score != null;
  const ai = task.aiSuggestion;

  /** Pre-fills the AI's levels (only criteria and levels that exist) or its score; the grader still saves. */
  const applySuggestion = () => {
    if (!ai) return;
    if (rubric && ai.rubricLevels) {
      const next: Record<string, number> = {};
      for (const c of rubric.criteria) {
        const level = ai.rubricLevels[c.id];
        if (level != null && level >= 0 && level < c.levels.length) next[c.id] = level;
      }
      setLevels(next);
    } else setScore(Math.round(ai.score * 100));
  };

  const save = (goNext: boolean) => {
    const body: GradeResponseBody = rubric ? { rubricLevels: levels } : { score: (score ?? 0) / 100 };
    if (comment.trim()) body.comment = comment.trim();
    grade.mutate({ attemptId: task.attemptId, itemId: task.itemId, body }, { onSuccess: () => onSaved(goNext) });
  };

  return (
    <Row gutter={[16, 16]} data-testid="grading-panel" data-attempt-id={task.attemptId} data-item-id={task.itemId}>
      <Col xs={24} xl={12}>
        <Card
          size="small"
          title={
            <Flex justify="space-between" gap={8} wrap="wrap">
              <span>{task.examTitle}</span>
              <Space size={4} wrap>
                <Tag>{task.candidate}</Tag>
                <Tag>{t(`exams.itemType.${task.itemType}`)}</Tag>
                <Tag color="blue">{t('exams.take.points', { count: task.points })}</Tag>
              </Space>
            </Flex>
          }
        >
          <Flex vertical gap={12}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('grading.submittedAt', { time: formatDateTime(task.submittedAt) })}
            </Typography.Text>
            <Markdown source={task.stem} />
            <Typography.Text strong>{t('grading.answer')}</Typography.Text>
            <AnswerView task={task} />
            {ai ? (
              <Alert
                type="info"
                icon={<RobotOutlined />}
                showIcon
                data-testid="ai-suggestion"
                message={t('grading.aiSuggested', {
                  percent: Math.round(ai.score * 100),
                  points: scaledPoints(ai.score, task.points),
                  confidence: Math.round(ai.confidence * 100),
                })}
                description={
                  <Flex vertical gap={4}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{ai.rationale}</span>
                    {ai.model && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('grading.aiModel', { model: ai.model })}
                      </Typography.Text>
                    )}
                  </Flex>
                }
                action={
                  <Button
                    size="small"
                    onClick={applySuggestion}
                    title={t('grading.applySuggestionHint')}
                    data-testid="apply-suggestion"
                  >
                    {t('grading.applySuggestion')}
                  </Button>
                }
              />
            ) : (
              (task.suggestedScore != null || task.suggestion) && (
                <Alert
                  type="info"
                  icon={<RobotOutlined />}
                  showIcon
                  data-testid="machine-suggestion"
                  message={
                    task.suggestedScore != null
                      ? t('grading.suggested', {
                          percent: Math.round(task.suggestedScore * 100),
                          points: scaledPoints(task.suggestedScore, task.points),
                        })
                      : t('grading.suggestion')
                  }
                  description={task.suggestion ?? undefined}
                />
              )
            )}
          </Flex>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={rubric ? t('grading.rubric') : t('grading.directScore')}>
          <Form layout="vertical" onFinish={() => save(true)}>
            {rubric ? (
              <Flex vertical gap={12} data-testid="rubric">
                {rubric.criteria.map((c) => (
                  <div key={c.id} data-testid={`criterion-${c.id}`}>
                    <div>
                      <Typography.Text strong>{c.name}</Typography.Text>
                      {c.weight != null && c.weight !== 1 && (
                        <Typography.Text type="secondary"> ×{c.weight}</Typography.Text>
                      )}
                    </div>
                    {c.description && (
                      <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
                        {c.description}
                      </Typography.Paragraph>
                    )}
                    <Radio.Group
                      value={levels[c.id]}
                      onChange={(e) => setLevels((l) => ({ ...l, [c.id]: e.target.value as number }))}
                      style={{ marginTop: 4, display: 'block' }}
                    >
                      <Space direction="vertical" size={2}>
                        {c.levels.map((l, i) => (
                          <Radio key={i} value={i} data-testid={`level-${c.id}-${i}`}>
                            {l.label} <Typography.Text type="secondary">({l.score})</Typography.Text>
                            {l.description && (
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {' '}
                                — {l.description}
                              </Typography.Text>
                            )}
                          </Radio>
                        ))}
                      </Space>
                    </Radio.Group>
                  </div>
                ))}
                <Flex gap={24} wrap="wrap" data-testid="rubric-total" data-fraction={total!.fraction}>
                  <Statistic title={t('grading.rubricPoints')} value={total!.earned} suffix={`/ ${total!.possible}`} />
                  <Statistic
                    title={t('grading.itemPoints')}
                    value={scaledPoints(total!.fraction, task.points)}
                    suffix={`/ ${task.points}`}
                  />
                </Flex>
                {total!.missing.length > 0 && (
                  <Typography.Text type="secondary">
                    {t('grading.missing', { count: total!.missing.length })}
                  </Typography.Text>
                )}
              </Flex>
            ) : (
              <Form.Item label={t('grading.scorePercent')}>
                <InputNumber
                  min={0}
                  max={100}
                  value={score}
                  onChange={(v) => setScore(v)}
                  suffix="%"
                  data-testid="direct-score"
                />
              </Form.Item>
            )}
            <Form.Item label={t('grading.comment')} style={{ marginTop: 12 }}>
              <Input.TextArea
                rows={3}
                maxLength={5000}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                data-testid="grading-comment"
              />
            </Form.Item>
            {grade.isError && (
              <div style={{ marginBottom: 12 }}>
                <ProblemAlert error={grade.error} />
              </div>
            )}
            <Space wrap>
              <Button
                type="primary"
                htmlType="submit"
                disabled={!complete}
                loading={grade.isPending}
                data-testid="grade-save-next"
              >
                {hasNext ? t('grading.saveNext') : t('grading.save')}
              </Button>
              {hasNext && (
                <Button
                  disabled={!complete}
                  loading={grade.isPending}
                  onClick={() => save(false)}
                  data-testid="grade-save"
                >
                  {t('grading.save')}
                </Button>
              )}
            </Space>
          </Form>
        </Card>
      </Col>
    </Row>
  );
}
