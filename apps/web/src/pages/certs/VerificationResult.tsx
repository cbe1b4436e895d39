import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import type { VerificationView } from '@xueli/contracts';
import { Alert, Descriptions, List, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format.ts';

/** A verification, said plainly: valid or not, what the certificate says, and every check with its reason. */
export function VerificationResult({ v }: { v: VerificationView }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const failed = v.checks.find((c) => !c.ok && !c.skipped);
  const c = v.credential;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="verification">
      <Result
        status={v.valid ? 'success' : 'error'}
        title={<span data-testid="verification-verdict">{v.valid ? t('certs.verify.valid') : t('certs.verify.invalid')}</span>}
        subTitle={failed ? (zh ? failed.reason.zh : failed.reason.en) : t('certs.verify.validText')}
        style={{ padding: '16px 0' }}
      />
      {v.record && v.record.status !== 'active' && (
        <Alert
          type="error"
          showIcon
          data-testid="verification-record"
          message={t(`certs.status.${v.record.status}`)}
          description={
            <>
              {v.record.statusReason && (
                <div>
                  {t('certs.verify.reason')}: {v.record.statusReason}
                </div>
              )}
              {v.record.statusChangedAt && (
                <div>
                  {t('certs.verify.since')}: {formatDateTime(v.record.statusChangedAt)}
                </div>
              )}
            </>
          }
        />
      )}
      {c && (
        <Descriptions bordered size="small" column={1} title={t('certs.verify.says')}>
          <Descriptions.Item label={t('certs.holder')}>
            <span data-testid="verification-holder">{c.holderName ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('certs.achievement')}>{c.achievement}</Descriptions.Item>
          <Descriptions.Item label={t('certs.levelLabel')}>{c.level ? t(`certs.level.${c.level}`) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('certs.issuer')}>
            {c.issuerName}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {c.issuerId}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('certs.validFrom')}>{formatDateTime(c.validFrom)}</Descriptions.Item>
          <Descriptions.Item label={t('certs.validUntil')}>{c.validUntil ? formatDateTime(c.validUntil) : t('certs.noExpiry')}</Descriptions.Item>
        </Descriptions>
      )}
      <List
        size="small"
        bordered
        header={t('certs.verify.checks')}
        dataSource={v.checks}
        renderItem={(k) => (
          <List.Item data-testid={`check-${k.name}`}>
            <Space align="start">
              {k.skipped ? (
                <MinusCircleOutlined style={{ color: '#999' }} />
              ) : k.ok ? (
                <CheckCircleFilled style={{ color: '#52c41a' }} />
              ) : (
                <CloseCircleFilled style={{ color: '#ff4d4f' }} />
              )}
              <span>
                <strong>{t(`certs.check.${k.name}`)}</strong>: {zh ? k.reason.zh : k.reason.en}
              </span>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}
