/**
 * An item as a learner sees it in an exam: the stem (sanitised Markdown), the options, the
 * blanks or the answer box, the function to write. Built from `candidateView`, which carries no
 * key, rubric or explanation. The answer controls work but nothing is saved or graded.
 */
import type { CandidateItemView } from '@xueli/contracts';
import { Alert, Checkbox, Flex, Input, Radio, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Markdown } from '../../components/Markdown.tsx';

export function CandidatePreview({ view }: { view: CandidateItemView }) {
  const { t } = useTranslation();
  const options = view.options ?? [];
  return (
    <div data-testid="candidate-preview">
      <Alert type="info" showIcon message={t('items.previewNote')} style={{ marginBottom: 16 }} />
      <Tag>{t(`items.types.${view.type}`)}</Tag>
      <div style={{ margin: '12px 0' }}>
        {view.stem ? (
          <Markdown source={view.stem} />
        ) : (
          <Typography.Text type="secondary">{t('items.noStem')}</Typography.Text>
        )}
      </div>
      {view.type === 'single' && (
        <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          {options.map((o) => (
            <Radio key={o.id} value={o.id} data-testid={`preview-option-${o.id}`}>
              {o.id}. {o.text}
            </Radio>
          ))}
        </Radio.Group>
      )}
      {view.type === 'multiple' && (
        <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          {options.map((o) => (
            <Checkbox key={o.id} value={o.id} data-testid={`preview-option-${o.id}`}>
              {o.id}. {o.text}
            </Checkbox>
          ))}
        </Checkbox.Group>
      )}
      {view.type === 'true_false' && (
        <Radio.Group
          options={[
            { value: true, label: t('items.true') },
            { value: false, label: t('items.false') },
          ]}
        />
      )}
      {view.type === 'fill_blank' && (
        <Flex vertical gap={8}>
          {Array.from({ length: view.blanks ?? 0 }, (_, i) => (
            <Input key={i} addonBefore={t('items.blankN', { n: i + 1 })} data-testid={`preview-blank-${i}`} />
          ))}
        </Flex>
      )}
      {(view.type === 'short_answer' || view.type === 'essay') && (
        <Input.TextArea rows={view.type === 'essay' ? 8 : 3} placeholder={t('items.yourAnswer')} />
      )}
      {view.type === 'programming' && view.programming && (
        <>
          <Typography.Paragraph>
            {t('items.writeFunction', {
              name: view.programming.functionName,
              language: view.programming.language === 'ts' ? 'TypeScript' : 'JavaScript',
            })}
          </Typography.Paragraph>
          <Input.TextArea
            rows={8}
            defaultValue={view.programming.starterCode ?? ''}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}
            spellCheck={false}
          />
        </>
      )}
    </div>
  );
}
