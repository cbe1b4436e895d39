/**
 * The mode-specific parts of the exam form: blueprint rows (knowledge points × difficulty ×
 * type → count and points, with the active items available per row) and adaptive settings
 * (the pool's knowledge points, SE threshold, item limits, pass θ).
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { DIFFICULTY_BANDS, ITEM_TYPES, type ExamView } from '@xueli/contracts';
import { Button, Card, Col, Flex, Form, InputNumber, Row, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { newBlueprintRow } from './examForm.ts';
import { KpSelect } from '../../../components/KpSelect.tsx';

const ADAPTIVE_TYPES = ['single', 'multiple', 'true_false', 'fill_blank'];

export function BlueprintEditor({
  saved,
  problems,
  disabled,
}: {
  /** The rows as last saved, with `available` counted by the server. */
  saved: ExamView['blueprint'];
  problems: Map<number, string[]>;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Form.List name="blueprint">
      {(fields, { add, remove }) => (
        <Flex vertical gap={8} data-testid="blueprint-rows">
          {fields.map((field, i) => {
            const s = saved?.[i];
            const short = s && s.available < s.count;
            return (
              <Card
                key={field.key}
                size="small"
                data-testid={`blueprint-row-${i}`}
                title={t('exams.builder.row', { n: i + 1 })}
                extra={
                  <Flex gap={8} align="center">
                    {s && (
                      <Tag color={short ? 'red' : 'green'} data-testid={`available-${i}`} data-available={s.available}>
                        {t('exams.builder.available', { available: s.available, count: s.count })}
                      </Tag>
                    )}
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={disabled || fields.length <= 1}
                      onClick={() => remove(field.name)}
                      aria-label={t('common.delete')}
                    />
                  </Flex>
                }
              >
                <Row gutter={12}>
                  <Col xs={24} lg={10}>
                    <Form.Item
                      name={[field.name, 'knowledgePoints']}
                      label={t('exams.builder.knowledgePoints')}
                      rules={[{ required: true, type: 'array', min: 1, message: t('exams.builder.kpsRequired') }]}
                    >
                      <KpSelect multiple disabled={disabled} testId={`bp-kps-${i}`} placeholder={t('exams.builder.pickKps')} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} lg={4}>
                    <Form.Item name={[field.name, 'difficulty']} label={t('exams.builder.difficulty')}>
                      <Select
                        disabled={disabled}
                        options={DIFFICULTY_BANDS.map((d) => ({ value: d, label: t(`exams.difficulty.${d}`) }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} lg={4}>
                    <Form.Item name={[field.name, 'type']} label={t('exams.builder.itemType')}>
                      <Select
                        allowClear
                        disabled={disabled}
                        placeholder={t('exams.builder.anyType')}
                        options={ITEM_TYPES.map((x) => ({ value: x, label: t(`exams.itemType.${x}`) }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} lg={3}>
                    <Form.Item
                      name={[field.name, 'count']}
                      label={t('exams.builder.count')}
                      rules={[{ required: true }]}
                    >
                      <InputNumber
                        min={1}
                        max={100}
                        precision={0}
                        disabled={disabled}
                        style={{ width: '100%' }}
                        data-testid={`bp-count-${i}`}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} lg={3}>
                    <Form.Item
                      name={[field.name, 'points']}
                      label={t('exams.builder.pointsEach')}
                      rules={[{ required: true }]}
                    >
                      <InputNumber min={0.5} max={100} step={0.5} disabled={disabled} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
                {problems.get(i)?.map((m) => (
                  <Typography.Text
                    key={m}
                    type="danger"
                    style={{ display: 'block', fontSize: 12 }}
                    data-testid={`row-problem-${i}`}
                  >
                    {m}
                  </Typography.Text>
                ))}
              </Card>
            );
          })}
          <Button
            icon={<PlusOutlined />}
            onClick={() => add(newBlueprintRow())}
            disabled={disabled || fields.length >= 50}
            data-testid="add-row"
          >
            {t('exams.builder.addRow')}
          </Button>
          {saved && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('exams.builder.availableNote')}
            </Typography.Text>
          )}
        </Flex>
      )}
    </Form.List>
  );
}

export function AdaptiveEditor({ saved, disabled }: { saved: ExamView['adaptive']; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={4}>
      <Form.Item
        name={['adaptive', 'knowledgePoints']}
        label={t('exams.builder.poolKps')}
        extra={t('exams.builder.poolNote', { types: ADAPTIVE_TYPES.map((x) => t(`exams.itemType.${x}`)).join(' / ') })}
        rules={[{ required: true, type: 'array', min: 1, message: t('exams.builder.kpsRequired') }]}
      >
        <KpSelect multiple disabled={disabled} testId="adaptive-kps" placeholder={t('exams.builder.pickKps')} />
      </Form.Item>
      {saved && (
        <Typography.Text type={saved.poolSize < saved.maxItems ? 'danger' : 'secondary'} data-testid="pool-size">
          {t('exams.builder.poolSize', { count: saved.poolSize, max: saved.maxItems })}
        </Typography.Text>
      )}
      <Row gutter={12}>
        <Col xs={12} md={6}>
          <Form.Item
            name={['adaptive', 'seThreshold']}
            label={t('exams.builder.seThreshold')}
            tooltip={t('exams.builder.seHelp')}
          >
            <InputNumber min={0.1} max={1} step={0.05} disabled={disabled} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={['adaptive', 'minItems']} label={t('exams.builder.minItems')}>
            <InputNumber min={1} max={100} precision={0} disabled={disabled} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name={['adaptive', 'maxItems']}
            label={t('exams.builder.maxItems')}
            dependencies={[['adaptive', 'minItems']]}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_r, v: number | null) =>
                  v != null && v < (getFieldValue(['adaptive', 'minItems']) as number)
                    ? Promise.reject(new Error(t('exams.builder.minMax')))
                    : Promise.resolve(),
              }),
            ]}
          >
            <InputNumber min={1} max={200} precision={0} disabled={disabled} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name={['adaptive', 'passTheta']}
            label={t('exams.builder.passTheta')}
            tooltip={t('exams.builder.passThetaHelp')}
          >
            <InputNumber min={-4} max={4} step={0.1} disabled={disabled} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name={['adaptive', 'randomesque']}
            label={t('exams.builder.randomesque')}
            tooltip={t('exams.builder.randomesqueHelp')}
          >
            <InputNumber min={1} max={10} precision={0} disabled={disabled} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </Flex>
  );
}
