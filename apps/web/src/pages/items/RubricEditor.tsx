/**
 * A rubric for people: criteria (name, description, weight), each with 2–10 scored levels.
 * Essays need one; a short answer may carry one besides its keywords.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, InputNumber, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { emptyCriterion, emptyLevel, moveRow, nextId, type CriterionRow } from './itemForm.ts';
import { RowButtons, RowProblems, type PartProps } from './KeyEditors.tsx';

const MAX_CRITERIA = 30;
const MAX_LEVELS = 10;

export function RubricEditor({ values, set, msg }: PartProps) {
  const { t } = useTranslation();
  const { criteria } = values;
  const setCriterion = (i: number, c: CriterionRow) => set({ criteria: criteria.map((x, j) => (j === i ? c : x)) });
  return (
    <>
      <Typography.Paragraph type="secondary">{t('items.rubricHint')}</Typography.Paragraph>
      <Flex vertical gap={12} data-testid="rubric-editor">
        {criteria.map((c, i) => {
          const best = Math.max(0, ...c.levels.map((l) => l.score ?? 0));
          return (
            <Card
              key={c.id}
              size="small"
              title={t('items.criterionN', { n: i + 1 })}
              extra={
                <RowButtons
                  index={i}
                  count={criteria.length}
                  min={1}
                  onMove={(by) => set({ criteria: moveRow(criteria, i, by) })}
                  onRemove={() => set({ criteria: criteria.filter((_, j) => j !== i) })}
                  testId={`criterion-${i}`}
                />
              }
            >
              <Flex gap={8} wrap="wrap">
                <Input
                  value={c.name}
                  status={msg(`criteria.${i}.name`).length ? 'error' : undefined}
                  onChange={(e) => setCriterion(i, { ...c, name: e.target.value })}
                  placeholder={t('items.criterionName')}
                  maxLength={200}
                  style={{ flex: '1 1 200px', minWidth: 0 }}
                  data-testid={`criterion-${i}-name`}
                />
                <InputNumber
                  min={0.01}
                  max={100}
                  value={c.weight}
                  placeholder="1"
                  addonBefore={t('items.weightShort')}
                  onChange={(weight) => setCriterion(i, { ...c, weight })}
                  style={{ width: 130 }}
                />
              </Flex>
              <Input.TextArea
                value={c.description}
                onChange={(e) => setCriterion(i, { ...c, description: e.target.value })}
                placeholder={t('items.criterionDescription')}
                autoSize={{ minRows: 1, maxRows: 4 }}
                maxLength={2000}
                style={{ marginTop: 8 }}
              />
              <RowProblems messages={msg(`criteria.${i}.name`)} />
              <Typography.Text type="secondary" style={{ display: 'block', margin: '12px 0 4px' }}>
                {t('items.levels', { max: best })}
              </Typography.Text>
              <Flex vertical gap={6}>
                {c.levels.map((l, j) => {
                  const bad = [...msg(`criteria.${i}.levels.${j}.label`), ...msg(`criteria.${i}.levels.${j}.score`)];
                  return (
                    <div key={j}>
                      <Flex gap={6} wrap="wrap" align="center">
                        <Input
                          value={l.label}
                          status={msg(`criteria.${i}.levels.${j}.label`).length ? 'error' : undefined}
                          onChange={(e) =>
                            setCriterion(i, {
                              ...c,
                              levels: c.levels.map((x, k) => (k === j ? { ...x, label: e.target.value } : x)),
                            })
                          }
                          placeholder={t('items.levelLabel')}
                          maxLength={100}
                          style={{ flex: '1 1 120px', minWidth: 0 }}
                          data-testid={`criterion-${i}-level-${j}-label`}
                        />
                        <InputNumber
                          min={0}
                          max={1000}
                          value={l.score}
                          status={msg(`criteria.${i}.levels.${j}.score`).length ? 'error' : undefined}
                          onChange={(score) =>
                            setCriterion(i, { ...c, levels: c.levels.map((x, k) => (k === j ? { ...x, score } : x)) })
                          }
                          placeholder={t('items.levelScore')}
                          style={{ width: 90 }}
                          data-testid={`criterion-${i}-level-${j}-score`}
                        />
                        <Input
                          value={l.description}
                          onChange={(e) =>
                            setCriterion(i, {
                              ...c,
                              levels: c.levels.map((x, k) => (k === j ? { ...x, description: e.target.value } : x)),
                            })
                          }
                          placeholder={t('items.levelDescription')}
                          maxLength={2000}
                          style={{ flex: '2 1 160px', minWidth: 0 }}
                        />
                        <RowButtons
                          index={j}
                          count={c.levels.length}
                          min={2}
                          onMove={(by) => setCriterion(i, { ...c, levels: moveRow(c.levels, j, by) })}
                          onRemove={() => setCriterion(i, { ...c, levels: c.levels.filter((_, k) => k !== j) })}
                          testId={`criterion-${i}-level-${j}`}
                        />
                      </Flex>
                      <RowProblems messages={[...new Set(bad)]} />
                    </div>
                  );
                })}
              </Flex>
              <RowProblems messages={msg(`criteria.${i}.levels`)} />
              <Button
                size="small"
                icon={<PlusOutlined />}
                style={{ marginTop: 8 }}
                disabled={c.levels.length >= MAX_LEVELS}
                onClick={() => setCriterion(i, { ...c, levels: [...c.levels, emptyLevel()] })}
                data-testid={`criterion-${i}-level-add`}
              >
                {t('items.addLevel')}
              </Button>
            </Card>
          );
        })}
      </Flex>
      <RowProblems messages={msg('criteria')} />
      <Button
        icon={<PlusOutlined />}
        style={{ marginTop: 8 }}
        disabled={criteria.length >= MAX_CRITERIA}
        onClick={() => set({ criteria: [...criteria, emptyCriterion(nextId('c', criteria))] })}
        data-testid="criterion-add"
      >
        {t('items.addCriterion')}
      </Button>
    </>
  );
}
