/**
 * The answer widget of one question, per item type: radio (single, true/false), checkboxes
 * (multiple), one input per blank (fill-in), a textarea (short answer, essay) or a monospace
 * code area with the starter code (programming). `onChange(value, immediate)`: clicks ask for
 * an immediate save, typing for a debounced one.
 */
import type { CandidateItemView } from '@xueli/contracts';
import { Checkbox, Flex, Input, Radio, Space, Typography } from 'antd';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WidgetValue } from './responseForm.ts';

interface Props {
  item: CandidateItemView;
  value: WidgetValue;
  disabled?: boolean;
  onChange: (value: WidgetValue, immediate: boolean) => void;
}

const optionLabel = (o: { id: string; text: string }) => (
  <span style={{ whiteSpace: 'pre-wrap' }}>
    <Typography.Text strong>{o.id}.</Typography.Text> {o.text}
  </span>
);

/** Tab in the code area indents instead of leaving the field. */
function indentOnTab(e: KeyboardEvent<HTMLTextAreaElement>, set: (v: string) => void) {
  if (e.key !== 'Tab' || e.shiftKey) return;
  e.preventDefault();
  const el = e.currentTarget;
  const { selectionStart: s, selectionEnd: end, value } = el;
  const next = `${value.slice(0, s)}  ${value.slice(end)}`;
  set(next);
  requestAnimationFrame(() => el.setSelectionRange(s + 2, s + 2));
}

export function AnswerInput({ item, value, disabled, onChange }: Props) {
  const { t } = useTranslation();
  const id = item.id;
  switch (item.type) {
    case 'single':
      return (
        <Radio.Group
          value={typeof value === 'string' ? value : null}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value as string, true)}
          data-testid={`answer-${id}`}
        >
          <Space direction="vertical">
            {(item.options ?? []).map((o) => (
              <Radio key={o.id} value={o.id} data-testid={`option-${id}-${o.id}`}>
                {optionLabel(o)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      );
    case 'multiple':
      return (
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t('exams.take.chooseAll')}</Typography.Text>
          <Checkbox.Group
            value={Array.isArray(value) ? value : []}
            disabled={disabled}
            onChange={(v) => onChange(v, true)}
            data-testid={`answer-${id}`}
          >
            <Space direction="vertical">
              {(item.options ?? []).map((o) => (
                <Checkbox key={o.id} value={o.id} data-testid={`option-${id}-${o.id}`}>
                  {optionLabel(o)}
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        </Flex>
      );
    case 'true_false':
      return (
        <Radio.Group
          value={typeof value === 'boolean' ? value : null}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value as boolean, true)}
          optionType="button"
          buttonStyle="solid"
          data-testid={`answer-${id}`}
        >
          <Radio value={true} data-testid={`option-${id}-true`}>
            {t('exams.take.true')}
          </Radio>
          <Radio value={false} data-testid={`option-${id}-false`}>
            {t('exams.take.false')}
          </Radio>
        </Radio.Group>
      );
    case 'fill_blank': {
      const blanks = Array.isArray(value) ? value : [''];
      return (
        <Flex vertical gap={8} data-testid={`answer-${id}`}>
          {blanks.map((b, i) => (
            <Input
              key={i}
              prefix={<Typography.Text type="secondary">{t('exams.take.blank', { n: i + 1 })}</Typography.Text>}
              value={b}
              disabled={disabled}
              maxLength={10_000}
              onChange={(e) =>
                onChange(
                  blanks.map((x, j) => (j === i ? e.target.value : x)),
                  false,
                )
              }
              data-testid={`blank-${id}-${i}`}
            />
          ))}
        </Flex>
      );
    }
    case 'programming': {
      const code = typeof value === 'string' ? value : '';
      const p = item.programming;
      return (
        <Flex vertical gap={4}>
          {p && (
            <Typography.Text type="secondary">
              {t('exams.take.programmingHint', {
                name: p.functionName,
                language: p.language === 'ts' ? 'TypeScript' : 'JavaScript',
              })}
            </Typography.Text>
          )}
          <Input.TextArea
            value={code}
            disabled={disabled}
            autoSize={{ minRows: 10, maxRows: 30 }}
            spellCheck={false}
            maxLength={50_000}
            onChange={(e) => onChange(e.target.value, false)}
            onKeyDown={(e) => indentOnTab(e, (v) => onChange(v, false))}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }}
            data-testid={`answer-${id}`}
          />
        </Flex>
      );
    }
    case 'short_answer':
    case 'essay':
      return (
        <Input.TextArea
          value={typeof value === 'string' ? value : ''}
          disabled={disabled}
          autoSize={item.type === 'essay' ? { minRows: 8, maxRows: 24 } : { minRows: 3, maxRows: 10 }}
          showCount
          maxLength={50_000}
          placeholder={t('exams.take.typeHere')}
          style={{ marginBottom: 12 }}
          onChange={(e) => onChange(e.target.value, false)}
          data-testid={`answer-${id}`}
        />
      );
  }
}
