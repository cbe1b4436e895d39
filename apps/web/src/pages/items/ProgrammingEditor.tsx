/**
 * A programming item: the language, the function the candidate writes, the starter code, the
 * hidden test cases as JSON (checked as you type against the contract) and the sandbox limits.
 */
import { Alert, Button, Flex, Form, Input, InputNumber, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LIMITS, parseTests } from './itemForm.ts';
import type { PartProps } from './KeyEditors.tsx';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' };

export function ProgrammingEditor({ values, set, msg }: PartProps) {
  const { t } = useTranslation();
  const tests = parseTests(values.testsJson);
  return (
    <>
      <Flex gap={16} wrap="wrap">
        <Form.Item label={t('items.language')} style={{ marginBottom: 8 }}>
          <Radio.Group
            value={values.language}
            onChange={(e) => set({ language: e.target.value as 'js' | 'ts' })}
            optionType="button"
            options={[
              { value: 'js', label: 'JavaScript' },
              { value: 'ts', label: 'TypeScript' },
            ]}
          />
        </Form.Item>
        <Form.Item
          label={t('items.functionName')}
          validateStatus={msg('functionName').length ? 'error' : undefined}
          help={msg('functionName').join(' ') || undefined}
          style={{ flex: '1 1 200px', marginBottom: 8 }}
        >
          <Input
            value={values.functionName}
            onChange={(e) => set({ functionName: e.target.value })}
            style={mono}
            placeholder="add"
            data-testid="prog-function"
          />
        </Form.Item>
      </Flex>
      <Form.Item label={t('items.starterCode')} extra={t('items.starterCodeHint')} style={{ marginBottom: 8 }}>
        <Input.TextArea
          value={values.starterCode}
          onChange={(e) => set({ starterCode: e.target.value })}
          autoSize={{ minRows: 3, maxRows: 14 }}
          maxLength={20000}
          style={mono}
          data-testid="prog-starter"
        />
      </Form.Item>
      <Form.Item label={t('items.tests')} extra={t('items.testsHint')} style={{ marginBottom: 8 }}>
        <Input.TextArea
          value={values.testsJson}
          onChange={(e) => set({ testsJson: e.target.value })}
          autoSize={{ minRows: 4, maxRows: 20 }}
          status={tests.ok ? undefined : 'error'}
          style={mono}
          spellCheck={false}
          data-testid="prog-tests"
        />
      </Form.Item>
      <Flex gap={8} align="center" wrap="wrap" style={{ marginBottom: 12 }}>
        {tests.ok ? (
          <Typography.Text type="success" data-testid="prog-tests-ok">
            {t('items.testsOk', { count: tests.tests.length })}
          </Typography.Text>
        ) : (
          <Alert
            type="error"
            showIcon
            style={{ flex: '1 1 240px' }}
            message={t(tests.reason === 'json' ? 'items.check.testsJson' : 'items.check.testsShape', {
              detail: tests.detail,
            })}
            data-testid="prog-tests-error"
          />
        )}
        <Button
          size="small"
          disabled={!tests.ok}
          onClick={() => tests.ok && set({ testsJson: JSON.stringify(tests.tests, null, 2) })}
        >
          {t('items.formatJson')}
        </Button>
      </Flex>
      <Form.Item label={t('items.tolerance')} extra={t('items.toleranceHint')} style={{ marginBottom: 8 }}>
        <InputNumber
          min={0}
          max={1}
          step={0.000001}
          value={values.tolerance}
          onChange={(tolerance) => set({ tolerance })}
          style={{ width: 160 }}
          data-testid="prog-tolerance"
        />
      </Form.Item>
      <Typography.Text type="secondary">{t('items.limits')}</Typography.Text>
      <Flex gap={8} wrap="wrap" style={{ marginTop: 4 }}>
        <InputNumber
          min={10}
          max={10000}
          value={values.cpuMs}
          placeholder={String(DEFAULT_LIMITS.cpuMs)}
          addonBefore={t('items.cpuMs')}
          onChange={(cpuMs) => set({ cpuMs })}
          style={{ width: 190 }}
        />
        <InputNumber
          min={8}
          max={512}
          value={values.memoryMb}
          placeholder={String(DEFAULT_LIMITS.memoryMb)}
          addonBefore={t('items.memoryMb')}
          onChange={(memoryMb) => set({ memoryMb })}
          style={{ width: 190 }}
        />
        <InputNumber
          min={10}
          max={30000}
          value={values.wallMs}
          placeholder={String(DEFAULT_LIMITS.wallMs)}
          addonBefore={t('items.wallMs')}
          onChange={(wallMs) => set({ wallMs })}
          style={{ width: 190 }}
        />
      </Flex>
    </>
  );
}
