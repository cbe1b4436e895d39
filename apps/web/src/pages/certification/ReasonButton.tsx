import { App as AntApp, Button, Input, Modal, Popconfirm, Space, Typography, type ButtonProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

/**
 * A button that opens a modal asking for a reason (every step of the workflow records why), then
 * sends it; `confirm` adds a Popconfirm before sending (destructive steps such as withdrawing).
 */
export function ReasonButton({
  label,
  title,
  help,
  testId,
  send,
  confirm,
  buttonProps,
}: {
  label: ReactNode;
  title: ReactNode;
  help?: ReactNode;
  testId: string;
  send: (reason: string) => Promise<unknown>;
  confirm?: ReactNode;
  buttonProps?: ButtonProps;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = () => {
    setBusy(true);
    setError(null);
    send(reason.trim())
      .then(() => {
        void message.success(t('common.saved'));
        setOpen(false);
        setReason('');
      })
      .catch((e: unknown) => setError(e))
      .finally(() => setBusy(false));
  };
  const ok = (
    <Button type="primary" danger={buttonProps?.danger} disabled={!reason.trim()} loading={busy} onClick={confirm ? undefined : submit} data-testid={`${testId}-submit`}>
      {label}
    </Button>
  );
  return (
    <>
      <Button {...buttonProps} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
      {open && (
        <Modal
          open
          title={title}
          onCancel={() => setOpen(false)}
          footer={
            <Space>
              <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
              {confirm ? (
                <Popconfirm title={confirm} onConfirm={submit} okButtonProps={{ danger: true, 'data-testid': `${testId}-confirm` }}>
                  {ok}
                </Popconfirm>
              ) : (
                ok
              )}
            </Space>
          }
        >
          {help && <Typography.Paragraph type="secondary">{help}</Typography.Paragraph>}
          <Input.TextArea
            rows={3}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('certification.reason')}
            data-testid={`${testId}-reason`}
          />
          {error !== null && (
            <div style={{ marginTop: 12 }}>
              <ProblemAlert error={error} />
            </div>
          )}
        </Modal>
      )}
    </>
  );
}
