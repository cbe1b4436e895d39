/**
 * The parts of the item editor that depend on the type: the options with their correct marks
 * (single, multiple and its partial-credit rule), true/false, the blanks of a fill-in-the-blank
 * item and the keyword groups of a short answer. Each edits the shared form state through `set`.
 */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, Form, Input, InputNumber, Radio, Select, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  emptyAnswer,
  emptyBlank,
  MAX_OPTIONS,
  moveRow,
  MULTIPLE_CHOICE_RULES,
  nextId,
  optionLetter,
  reletter,
  type AcceptedRow,
  type AnswerKind,
  type BlankRow,
  type ItemFormValues,
  type MultipleChoiceRule,
} from './itemForm.ts';

export interface PartProps {
  values: ItemFormValues;
  set: (patch: Partial<ItemFormValues>) => void;
  /** The editor's check messages (translated) for one field, e.g. `options.2`. */
  msg: (field: string) => string[];
}

/** Check messages under a row, in the form's error colour. */
export function RowProblems({ messages, testId }: { messages: string[]; testId?: string }) {
  if (!messages.length) return null;
  return (
    <div className="ant-form-item-explain-error" role="alert" data-testid={testId}>
      {messages.map((m) => (
        <div key={m}>{m}</div>
      ))}
    </div>
  );
}

/** Up / down / remove buttons for a row of a list. */
export function RowButtons({
  index,
  count,
  min,
  onMove,
  onRemove,
  testId,
}: {
  index: number;
  count: number;
  min: number;
  onMove?: (by: -1 | 1) => void;
  onRemove: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Flex gap={4}>
      {onMove && (
        <>
          <Button
            size="small"
            icon={<ArrowUpOutlined />}
            aria-label={t('items.moveUp')}
            disabled={index === 0}
            onClick={() => onMove(-1)}
            data-testid={`${testId}-up`}
          />
          <Button
            size="small"
            icon={<ArrowDownOutlined />}
            aria-label={t('items.moveDown')}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
            data-testid={`${testId}-down`}
          />
        </>
      )}
      <Button
        size="small"
        danger
        icon={<DeleteOutlined />}
        aria-label={t('common.delete')}
        disabled={count <= min}
        onClick={onRemove}
        data-testid={`${testId}-remove`}
      />
    </Flex>
  );
}

/** Options A, B, C… with their correct marks; single: one radio, multiple: checkboxes and the rule. */
export function ChoiceEditor({ values, set, msg }: PartProps) {
  const { t } = useTranslation();
  const { options, type } = values;
  const setOptions = (next: ItemFormValues['options'], relabel = false) =>
    set({ options: relabel ? reletter(next) : next });
  const setCorrect = (i: number, on: boolean) =>
    setOptions(
      options.map((o, j) =>
        type === 'single' ? { ...o, correct: j === i ? on : false } : j === i ? { ...o, correct: on } : o,
      ),
    );
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t(type === 'single' ? 'items.markOne' : 'items.markSome')}
      </Typography.Paragraph>
      <Flex vertical gap={8} data-testid="options-editor">
        {options.map((o, i) => (
          <div key={i}>
            <Flex gap={8} align="center" wrap="wrap">
              {type === 'single' ? (
                <Radio
                  checked={o.correct}
                  onChange={(e) => setCorrect(i, e.target.checked)}
                  data-testid={`option-correct-${o.id}`}
                  aria-label={t('items.correct')}
                />
              ) : (
                <Checkbox
                  checked={o.correct}
                  onChange={(e) => setCorrect(i, e.target.checked)}
                  data-testid={`option-correct-${o.id}`}
                  aria-label={t('items.correct')}
                />
              )}
              <Tag
                color={o.correct ? 'green' : undefined}
                style={{ marginInlineEnd: 0, minWidth: 28, textAlign: 'center' }}
              >
                {o.id}
              </Tag>
              <Input
                value={o.text}
                status={msg(`options.${i}`).length ? 'error' : undefined}
                onChange={(e) => setOptions(options.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))}
                placeholder={t('items.optionText', { id: o.id })}
                maxLength={4000}
                style={{ flex: '1 1 180px', minWidth: 0 }}
                data-testid={`option-text-${o.id}`}
              />
              <RowButtons
                index={i}
                count={options.length}
                min={2}
                onMove={(by) => setOptions(moveRow(options, i, by), true)}
                onRemove={() =>
                  setOptions(
                    options.filter((_, j) => j !== i),
                    true,
                  )
                }
                testId={`option-${o.id}`}
              />
            </Flex>
            <RowProblems messages={msg(`options.${i}`)} />
          </div>
        ))}
      </Flex>
      <RowProblems messages={[...msg('options'), ...msg('correct')]} testId="options-problems" />
      <Button
        icon={<PlusOutlined />}
        style={{ marginTop: 8 }}
        disabled={options.length >= MAX_OPTIONS}
        onClick={() => setOptions([...options, { id: optionLetter(options.length), text: '', correct: false }], true)}
        data-testid="option-add"
      >
        {t('items.addOption')}
      </Button>
      {type === 'multiple' && <RuleSelect value={values.rule} onChange={(rule) => set({ rule })} />}
    </>
  );
}

function RuleSelect({ value, onChange }: { value: MultipleChoiceRule; onChange: (r: MultipleChoiceRule) => void }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      label={t('items.rule')}
      style={{ marginTop: 16, marginBottom: 0 }}
      extra={<span data-testid="rule-explanation">{t(`items.rules.${value}.text`)}</span>}
    >
      <Select<MultipleChoiceRule>
        value={value}
        onChange={onChange}
        options={MULTIPLE_CHOICE_RULES.map((r) => ({ value: r, label: t(`items.rules.${r}.name`) }))}
        optionRender={(o) => (
          <div style={{ whiteSpace: 'normal' }}>
            <div>{o.label}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`items.rules.${String(o.value)}.text`)}
            </Typography.Text>
          </div>
        )}
        data-testid="item-rule"
      />
    </Form.Item>
  );
}

export function TrueFalseEditor({ values, set, msg }: PartProps) {
  const { t } = useTranslation();
  return (
    <>
      <Radio.Group
        value={values.trueFalse}
        onChange={(e) => set({ trueFalse: e.target.value as boolean })}
        optionType="button"
        buttonStyle="solid"
        options={[
          { value: true, label: <span data-testid="tf-true">{t('items.true')}</span> },
          { value: false, label: <span data-testid="tf-false">{t('items.false')}</span> },
        ]}
      />
      <RowProblems messages={msg('trueFalse')} />
    </>
  );
}

/** A labelled small field in a wrapping row. */
function Small({ label, children, grow }: { label: ReactNode; children: ReactNode; grow?: boolean }) {
  return (
    <Flex vertical gap={2} style={{ flex: grow ? '1 1 160px' : '0 1 auto', minWidth: 0 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      {children}
    </Flex>
  );
}

function AnswerRow({
  a,
  testId,
  onChange,
  bad,
}: {
  a: AcceptedRow;
  testId: string;
  onChange: (a: AcceptedRow) => void;
  bad: boolean;
}) {
  const { t } = useTranslation();
  const status = bad ? ('error' as const) : undefined;
  return (
    <Flex gap={8} wrap="wrap" align="flex-end" style={{ flex: '1 1 240px', minWidth: 0 }}>
      <Small label={t('items.answerKind')}>
        <Select<AnswerKind>
          value={a.kind}
          onChange={(kind) => onChange({ ...a, kind })}
          options={(['text', 'number', 'regex'] as const).map((k) => ({ value: k, label: t(`items.kind.${k}`) }))}
          style={{ width: 110 }}
          data-testid={`${testId}-kind`}
        />
      </Small>
      {a.kind === 'text' && (
        <Small label={t('items.answerText')} grow>
          <Input
            value={a.text}
            status={status}
            onChange={(e) => onChange({ ...a, text: e.target.value })}
            data-testid={`${testId}-text`}
          />
        </Small>
      )}
      {a.kind === 'number' && (
        <>
          <Small label={t('items.answerValue')}>
            <InputNumber
              value={a.value}
              status={status}
              onChange={(value) => onChange({ ...a, value })}
              style={{ width: 120 }}
              data-testid={`${testId}-value`}
            />
          </Small>
          <Small label={t('items.tolAbs')}>
            <InputNumber
              value={a.abs}
              min={0}
              onChange={(abs) => onChange({ ...a, abs })}
              style={{ width: 100 }}
              data-testid={`${testId}-abs`}
            />
          </Small>
          <Small label={t('items.tolRel')}>
            <InputNumber
              value={a.rel}
              min={0}
              step={0.01}
              onChange={(rel) => onChange({ ...a, rel })}
              style={{ width: 100 }}
              data-testid={`${testId}-rel`}
            />
          </Small>
        </>
      )}
      {a.kind === 'regex' && (
        <>
          <Small label={t('items.pattern')} grow>
            <Input
              value={a.pattern}
              status={status}
              onChange={(e) => onChange({ ...a, pattern: e.target.value })}
              style={{ fontFamily: 'monospace' }}
              data-testid={`${testId}-pattern`}
            />
          </Small>
          <Small label={t('items.flags')}>
            <Input
              value={a.flags}
              onChange={(e) => onChange({ ...a, flags: e.target.value })}
              style={{ width: 64 }}
              placeholder="i"
              data-testid={`${testId}-flags`}
            />
          </Small>
        </>
      )}
      <Small label={t('items.concept')}>
        <Input value={a.concept} onChange={(e) => onChange({ ...a, concept: e.target.value })} style={{ width: 110 }} />
      </Small>
    </Flex>
  );
}

/** Blanks, each with its accepted answers (text, number with tolerance, or a pattern) and weight. */
export function BlanksEditor({ values, set, msg }: PartProps) {
  const { t } = useTranslation();
  const { blanks } = values;
  const setBlank = (i: number, b: BlankRow) => set({ blanks: blanks.map((x, j) => (j === i ? b : x)) });
  return (
    <>
      <Typography.Paragraph type="secondary">{t('items.blanksHint')}</Typography.Paragraph>
      <Form.Item label={t('items.order')} extra={t(`items.orders.${values.order}`)}>
        <Radio.Group
          value={values.order}
          onChange={(e) => set({ order: e.target.value as ItemFormValues['order'] })}
          options={[
            { value: 'sensitive', label: t('items.orderSensitive') },
            { value: 'free', label: t('items.orderFree') },
          ]}
          data-testid="blank-order"
        />
      </Form.Item>
      <Flex vertical gap={12}>
        {blanks.map((b, i) => (
          <Card
            key={i}
            size="small"
            title={t('items.blankN', { n: i + 1 })}
            data-testid={`blank-${i}`}
            extra={
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                disabled={blanks.length <= 1}
                onClick={() => set({ blanks: blanks.filter((_, j) => j !== i) })}
              >
                {t('items.removeBlank')}
              </Button>
            }
          >
            <Flex vertical gap={8}>
              {b.accepted.map((a, j) => (
                <div key={j}>
                  <Flex gap={8} align="flex-end" wrap="wrap">
                    <AnswerRow
                      a={a}
                      bad={msg(`blanks.${i}.accepted.${j}`).length > 0}
                      testId={`blank-${i}-answer-${j}`}
                      onChange={(next) =>
                        setBlank(i, { ...b, accepted: b.accepted.map((x, k) => (k === j ? next : x)) })
                      }
                    />
                    <RowButtons
                      index={j}
                      count={b.accepted.length}
                      min={1}
                      onRemove={() => setBlank(i, { ...b, accepted: b.accepted.filter((_, k) => k !== j) })}
                      testId={`blank-${i}-answer-${j}`}
                    />
                  </Flex>
                  <RowProblems messages={msg(`blanks.${i}.accepted.${j}`)} />
                </div>
              ))}
              <RowProblems messages={msg(`blanks.${i}`)} />
              <Flex gap={8} wrap="wrap" align="center" justify="space-between">
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => setBlank(i, { ...b, accepted: [...b.accepted, emptyAnswer()] })}
                  data-testid={`blank-${i}-answer-add`}
                >
                  {t('items.addAnswer')}
                </Button>
                <Flex gap={4} align="center">
                  <Typography.Text type="secondary">{t('items.weight')}</Typography.Text>
                  <InputNumber
                    size="small"
                    min={0}
                    max={100}
                    value={b.weight}
                    placeholder="1"
                    onChange={(weight) => setBlank(i, { ...b, weight })}
                    style={{ width: 80 }}
                  />
                </Flex>
              </Flex>
            </Flex>
          </Card>
        ))}
      </Flex>
      <RowProblems messages={msg('blanks')} />
      <Button
        icon={<PlusOutlined />}
        style={{ marginTop: 8 }}
        onClick={() => set({ blanks: [...blanks, emptyBlank()] })}
        data-testid="blank-add"
      >
        {t('items.addBlank')}
      </Button>
    </>
  );
}

/** Keyword groups (synonyms, weight, required), negative keywords with caps, and the thresholds. */
export function ShortAnswerEditor({ values, set, msg }: PartProps) {
  const { t } = useTranslation();
  const { keywords, negative } = values;
  const termsSelect = (terms: string[], onChange: (v: string[]) => void, testId: string, bad: boolean) => (
    <Select
      mode="tags"
      value={terms}
      onChange={onChange}
      tokenSeparators={[',', '，', ';', '；']}
      open={false}
      suffixIcon={null}
      status={bad ? 'error' : undefined}
      placeholder={t('items.termsPlaceholder')}
      style={{ flex: '1 1 200px', minWidth: 0 }}
      data-testid={testId}
    />
  );
  return (
    <>
      <Typography.Paragraph type="secondary">{t('items.keywordsHint')}</Typography.Paragraph>
      <Typography.Title level={5}>{t('items.keywords')}</Typography.Title>
      <Flex vertical gap={8}>
        {keywords.map((k, i) => (
          <div key={k.id}>
            <Flex gap={8} align="center" wrap="wrap">
              <Tag style={{ marginInlineEnd: 0 }}>{k.id}</Tag>
              {termsSelect(
                k.terms,
                (terms) => set({ keywords: keywords.map((x, j) => (j === i ? { ...x, terms } : x)) }),
                `keyword-${i}-terms`,
                msg(`keywords.${i}`).length > 0,
              )}
              <InputNumber
                min={0}
                max={100}
                value={k.weight}
                placeholder="1"
                addonBefore={t('items.weightShort')}
                onChange={(weight) => set({ keywords: keywords.map((x, j) => (j === i ? { ...x, weight } : x)) })}
                style={{ width: 130 }}
              />
              <Checkbox
                checked={k.required}
                onChange={(e) =>
                  set({ keywords: keywords.map((x, j) => (j === i ? { ...x, required: e.target.checked } : x)) })
                }
              >
                {t('items.required')}
              </Checkbox>
              <RowButtons
                index={i}
                count={keywords.length}
                min={1}
                onRemove={() => set({ keywords: keywords.filter((_, j) => j !== i) })}
                testId={`keyword-${i}`}
              />
            </Flex>
            <RowProblems messages={msg(`keywords.${i}`)} />
          </div>
        ))}
      </Flex>
      <RowProblems messages={msg('keywords')} />
      <Button
        icon={<PlusOutlined />}
        style={{ marginTop: 8 }}
        onClick={() =>
          set({ keywords: [...keywords, { id: nextId('k', keywords), terms: [], weight: null, required: false }] })
        }
        data-testid="keyword-add"
      >
        {t('items.addKeyword')}
      </Button>

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('items.negative')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('items.negativeHint')}</Typography.Paragraph>
      <Flex vertical gap={8}>
        {negative.map((n, i) => (
          <div key={n.id}>
            <Flex gap={8} align="center" wrap="wrap">
              <Tag color="red" style={{ marginInlineEnd: 0 }}>
                {n.id}
              </Tag>
              {termsSelect(
                n.terms,
                (terms) => set({ negative: negative.map((x, j) => (j === i ? { ...x, terms } : x)) }),
                `negative-${i}-terms`,
                msg(`negative.${i}`).length > 0,
              )}
              <InputNumber
                min={0}
                max={1}
                step={0.1}
                value={n.cap}
                placeholder="0"
                addonBefore={t('items.cap')}
                onChange={(cap) => set({ negative: negative.map((x, j) => (j === i ? { ...x, cap } : x)) })}
                style={{ width: 150 }}
              />
              <RowButtons
                index={i}
                count={negative.length}
                min={0}
                onRemove={() => set({ negative: negative.filter((_, j) => j !== i) })}
                testId={`negative-${i}`}
              />
            </Flex>
            <RowProblems messages={msg(`negative.${i}`)} />
          </div>
        ))}
      </Flex>
      <Button
        icon={<PlusOutlined />}
        style={{ marginTop: 8 }}
        onClick={() => set({ negative: [...negative, { id: nextId('n', negative), terms: [], cap: 0 }] })}
        data-testid="negative-add"
      >
        {t('items.addNegative')}
      </Button>

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('items.thresholds')}
      </Typography.Title>
      <Flex gap={16} wrap="wrap">
        <Form.Item
          label={t('items.passScore')}
          extra={t('items.passScoreHint')}
          style={{ flex: '1 1 160px', marginBottom: 8 }}
        >
          <InputNumber
            min={0}
            max={1}
            step={0.05}
            value={values.passScore}
            placeholder="0.6"
            onChange={(passScore) => set({ passScore })}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item
          label={t('items.review')}
          extra={t('items.reviewHint')}
          validateStatus={msg('review').length ? 'error' : undefined}
          help={msg('review').length ? msg('review').join(' ') : undefined}
          style={{ flex: '1 1 220px', marginBottom: 8 }}
        >
          <Flex gap={8} align="center">
            <InputNumber
              min={0}
              max={1}
              step={0.05}
              value={values.reviewLow}
              placeholder="0.3"
              onChange={(reviewLow) => set({ reviewLow })}
              style={{ flex: 1 }}
            />
            <span>–</span>
            <InputNumber
              min={0}
              max={1}
              step={0.05}
              value={values.reviewHigh}
              placeholder="0.8"
              onChange={(reviewHigh) => set({ reviewHigh })}
              style={{ flex: 1 }}
            />
          </Flex>
        </Form.Item>
        <Form.Item
          label={t('items.requiredMissingCap')}
          extra={t('items.requiredMissingCapHint')}
          style={{ flex: '1 1 160px', marginBottom: 8 }}
        >
          <InputNumber
            min={0}
            max={1}
            step={0.05}
            value={values.requiredMissingCap}
            placeholder="0"
            onChange={(requiredMissingCap) => set({ requiredMissingCap })}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Flex>
    </>
  );
}
