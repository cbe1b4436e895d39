/**
 * The AI provider form: offline or an OpenAI-compatible endpoint. The API key is write-only: the
 * form shows whether one is set, and the administrator may replace or clear it (clearing asks for
 * confirmation). "Test connection" tries what is in the form (with the saved key unless a new one
 * is typed) without saving it.
 */
import type { AiSettingsBody, AiSettingsView, AiTestResult } from '@xueli/contracts';
import { Alert, App as AntApp, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Popconfirm, Radio, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveAiSettings, useTestAiConnection } from '../../../api/ai.ts';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { applyServerErrors } from '../../../components/formErrors.ts';

interface FormValues {
  mode: 'offline' | 'openai';
  baseUrl?: string | null;
  apiKey?: string;
  chatModel?: string | null;
  embeddingModel?: string | null;
  timeoutSeconds: number;
  userRateLimitPerMinute: number;
  monthlyTokenBudget?: number | null;
  redactPii: boolean;
}

const FIELDS = ['mode', 'baseUrl', 'apiKey', 'chatModel', 'embeddingModel', 'userRateLimitPerMinute', 'monthlyTokenBudget', 'redactPii'] as const;

const toForm = (v: AiSettingsView): FormValues => ({
  mode: v.mode,
  baseUrl: v.baseUrl,
  chatModel: v.chatModel,
  embeddingModel: v.embeddingModel,
  timeoutSeconds: Math.round(v.timeoutMs / 1000),
  userRateLimitPerMinute: v.userRateLimitPerMinute,
  monthlyTokenBudget: v.monthlyTokenBudget,
  redactPii: v.redactPii,
});

const blankToNull = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);

/** The body for PUT (and the test): `apiKey` only when the administrator typed one or cleared it. */
function toBody(f: FormValues, key: { clear: boolean }): AiSettingsBody {
  const typed = f.apiKey?.trim();
  return {
    mode: f.mode,
    baseUrl: blankToNull(f.baseUrl),
    chatModel: blankToNull(f.chatModel),
    embeddingModel: blankToNull(f.embeddingModel),
    timeoutMs: Math.round((f.timeoutSeconds ?? 30) * 1000),
    userRateLimitPerMinute: f.userRateLimitPerMinute ?? 0,
    monthlyTokenBudget: f.monthlyTokenBudget ?? null,
    redactPii: f.redactPii,
    ...(typed ? { apiKey: typed } : key.clear ? { apiKey: null } : {}),
  };
}

function TestResult({ result }: { result: AiTestResult }) {
  const { t } = useTranslation();
  const line = (label: string, p: { ok: boolean; model: string | null; latencyMs: number | null; error: string | null }, extra?: string) => (
    <Descriptions.Item label={label}>
      <Space wrap>
        <Tag color={p.ok ? 'success' : 'error'}>{p.ok ? t('aiAdmin.test.ok') : t('aiAdmin.test.failed')}</Tag>
        {p.model && <Typography.Text code>{p.model}</Typography.Text>}
        {p.latencyMs != null && <Typography.Text type="secondary">{t('aiAdmin.test.latency', { ms: p.latencyMs })}</Typography.Text>}
        {extra && <Typography.Text type="secondary">{extra}</Typography.Text>}
      </Space>
      {p.error && <div data-testid="ai-test-error">{p.error}</div>}
    </Descriptions.Item>
  );
  return (
    <Alert
      type={result.ok ? 'success' : 'error'}
      showIcon
      data-testid="ai-test-result"
      message={result.ok ? t('aiAdmin.test.allOk') : t('aiAdmin.test.someFailed')}
      description={
        <Descriptions size="small" column={1}>
          {line(t('aiAdmin.test.chat'), result.chat)}
          {result.embeddings
            ? line(t('aiAdmin.test.embeddings'), result.embeddings, result.embeddings.dimensions ? t('aiAdmin.test.dimensions', { n: result.embeddings.dimensions }) : undefined)
            : null}
        </Descriptions>
      }
    />
  );
}

export function AiSettingsForm({ view }: { view: AiSettingsView }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const [clearKey, setClearKey] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const save = useSaveAiSettings();
  const test = useTestAiConnection();
  const mode = Form.useWatch('mode', form);

  useEffect(() => {
    form.setFieldsValue({ ...toForm(view), apiKey: '' });
    setClearKey(false);
    setReplacing(false);
  }, [view, form]);

  const onSave = (values: FormValues) =>
    save.mutate(toBody(values, { clear: clearKey }), {
      onSuccess: () => void message.success(t('common.saved')),
      // Field problems next to their fields; the rest (and a timeoutMs problem) in the alert below.
      onError: (e) => void applyServerErrors(form, e, FIELDS),
    });

  const onTest = async () => {
    const values = await form.validateFields();
    const body = toBody(values, { clear: clearKey });
    test.mutate(values.mode === 'openai' ? { settings: { ...body, mode: 'openai' } } : {});
  };

  const keyState = view.apiKeySet ? (view.apiKeyReadable ? 'set' : 'unreadable') : 'notSet';

  return (
    <Card title={t('aiAdmin.settings')} data-testid="ai-settings">
      {view.source === 'environment' && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('aiAdmin.fromEnvironment')} />}
      {view.keyProblem && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('aiAdmin.keyUnreadable')} description={view.keyProblem} />}
      <Form<FormValues> form={form} layout="vertical" onFinish={onSave} style={{ maxWidth: 640 }} initialValues={toForm(view)}>
        <Form.Item name="mode" label={t('aiAdmin.mode')}>
          <Radio.Group
            options={[
              { value: 'offline', label: t('aiAdmin.modeOffline') },
              { value: 'openai', label: t('aiAdmin.modeOpenai') },
            ]}
            optionType="button"
          />
        </Form.Item>
        {mode === 'offline' && <Typography.Paragraph type="secondary">{t('aiAdmin.offlineHelp')}</Typography.Paragraph>}
        <div style={{ display: mode === 'openai' ? undefined : 'none' }}>
          <Form.Item
            name="baseUrl"
            label={t('aiAdmin.baseUrl')}
            extra={t('aiAdmin.baseUrlHelp')}
            rules={[{ required: mode === 'openai', message: t('aiAdmin.required') }, { pattern: /^https?:\/\/\S+$/i, message: t('aiAdmin.badUrl') }]}
          >
            <Input placeholder="https://api.openai.com/v1" data-testid="ai-base-url" />
          </Form.Item>
          <Form.Item label={t('aiAdmin.apiKey')} extra={t('aiAdmin.apiKeyHelp')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Tag color={keyState === 'set' && !clearKey ? 'success' : keyState === 'unreadable' ? 'warning' : 'default'} data-testid="ai-key-state">
                  {clearKey ? t('aiAdmin.keyWillClear') : t(`aiAdmin.key.${keyState}`)}
                </Tag>
                {view.apiKeySet && !replacing && !clearKey && (
                  <>
                    <Button size="small" onClick={() => setReplacing(true)}>
                      {t('aiAdmin.replaceKey')}
                    </Button>
                    <Popconfirm title={t('aiAdmin.clearKeyConfirm')} onConfirm={() => setClearKey(true)} okButtonProps={{ danger: true }}>
                      <Button size="small" danger>
                        {t('aiAdmin.clearKey')}
                      </Button>
                    </Popconfirm>
                  </>
                )}
                {clearKey && (
                  <Button size="small" onClick={() => setClearKey(false)}>
                    {t('common.cancel')}
                  </Button>
                )}
              </Space>
              {(!view.apiKeySet || replacing) && !clearKey && (
                <Form.Item name="apiKey" noStyle>
                  <Input.Password autoComplete="new-password" placeholder={t('aiAdmin.apiKeyPlaceholder')} data-testid="ai-api-key" />
                </Form.Item>
              )}
            </Space>
          </Form.Item>
          <Form.Item name="chatModel" label={t('aiAdmin.chatModel')} rules={[{ required: mode === 'openai', message: t('aiAdmin.required') }]}>
            <Input placeholder="gpt-4o-mini / qwen2.5:14b" data-testid="ai-chat-model" />
          </Form.Item>
          <Form.Item name="embeddingModel" label={t('aiAdmin.embeddingModel')} extra={t('aiAdmin.embeddingHelp')}>
            <Input placeholder="text-embedding-3-small / bge-m3" />
          </Form.Item>
          <Flex gap={16} wrap="wrap">
            <Form.Item name="timeoutSeconds" label={t('aiAdmin.timeout')} rules={[{ required: true, type: 'integer', min: 1, max: 600, message: t('aiAdmin.timeoutRange') }]}>
              <InputNumber min={1} max={600} precision={0} addonAfter={t('aiAdmin.seconds')} />
            </Form.Item>
            <Form.Item name="userRateLimitPerMinute" label={t('aiAdmin.rateLimit')} extra={t('aiAdmin.rateLimitHelp')} rules={[{ required: true, type: 'integer', min: 0, message: t('aiAdmin.nonNegative') }]}>
              <InputNumber min={0} precision={0} addonAfter={t('aiAdmin.perMinute')} />
            </Form.Item>
            <Form.Item name="monthlyTokenBudget" label={t('aiAdmin.budget')} extra={t('aiAdmin.budgetHelp')} rules={[{ type: 'integer', min: 0, message: t('aiAdmin.nonNegative') }]}>
              <InputNumber min={0} precision={0} style={{ width: 200 }} placeholder={t('aiAdmin.noBudget')} />
            </Form.Item>
          </Flex>
          <Form.Item name="redactPii" label={t('aiAdmin.redact')} extra={t('aiAdmin.redactHelp')} valuePropName="checked">
            <Switch data-testid="ai-redact" />
          </Form.Item>
        </div>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="ai-save">
            {t('common.save')}
          </Button>
          <Button onClick={() => void onTest()} loading={test.isPending} data-testid="ai-test">
            {t('aiAdmin.test.button')}
          </Button>
        </Space>
      </Form>
      <div style={{ marginTop: 16, maxWidth: 640 }}>
        {save.isError && <ProblemAlert error={save.error} />}
        {test.isError && <ProblemAlert error={test.error} />}
        {test.data && <TestResult result={test.data} />}
      </div>
    </Card>
  );
}
