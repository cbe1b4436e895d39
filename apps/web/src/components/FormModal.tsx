import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import { Button, Form, Modal, type FormInstance, type FormProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from './formErrors.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

interface SubmitOptions<V, R> {
  /** Form fields that may receive the server's field errors (see `applyServerErrors`). */
  errorFields: readonly string[];
  /** Sends the values; a rejection is shown above the form and next to the matching fields. */
  onSubmit: (values: V) => Promise<R>;
  /** Runs after a successful submit (toast, cache invalidation, closing, …). */
  onSaved?: (result: R) => void;
}

interface FormBaseProps<V, R> extends SubmitOptions<V, R> {
  initialValues?: FormProps<V>['initialValues'];
  /** `data-testid` of the save button. */
  saveTestId: string;
  children: ReactNode;
}

function useServerForm<V, R>({ errorFields, onSubmit, onSaved }: SubmitOptions<V, R>) {
  const [form] = Form.useForm<V>();
  const save = useMutation<R, Error, V>({
    mutationFn: onSubmit,
    onSuccess: (r) => onSaved?.(r),
    onError: (e) => applyServerErrors(form, e, errorFields),
  });
  return { form, save };
}

/** The submit error (if any) above a vertical form that submits through `save`. */
function ServerFormBody<V, R>({
  form,
  save,
  initialValues,
  children,
}: {
  form: FormInstance<V>;
  save: UseMutationResult<R, Error, V>;
  initialValues?: FormProps<V>['initialValues'];
  children: ReactNode;
}) {
  return (
    <>
      {save.isError && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={save.error} />
        </div>
      )}
      <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => save.mutate(v)}>
        {children}
      </Form>
    </>
  );
}

/**
 * A modal with a vertical form and Save/Cancel buttons: Save submits the form, shows a spinner
 * while `onSubmit` runs, and puts server problems above the form and next to the fields.
 */
export function FormModal<V, R = unknown>({
  title,
  width,
  onClose,
  saveTestId,
  initialValues,
  children,
  ...submit
}: FormBaseProps<V, R> & { title: ReactNode; width?: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { form, save } = useServerForm(submit);
  return (
    <Modal
      open
      width={width}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': saveTestId }}
      destroyOnHidden
    >
      <ServerFormBody form={form} save={save} initialValues={initialValues}>
        {children}
      </ServerFormBody>
    </Modal>
  );
}

/** The same form handling as `FormModal`, inline on the page with a Save button below the fields. */
export function SubmitForm<V, R = unknown>({ saveTestId, initialValues, children, ...submit }: FormBaseProps<V, R>) {
  const { t } = useTranslation();
  const { form, save } = useServerForm(submit);
  return (
    <ServerFormBody form={form} save={save} initialValues={initialValues}>
      {children}
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid={saveTestId}>
        {t('common.save')}
      </Button>
    </ServerFormBody>
  );
}
