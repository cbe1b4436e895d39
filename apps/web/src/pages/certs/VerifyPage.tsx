/**
 * The public verification page (no login): /verify/:publicId checks a certificate of ours by its id
 * (the QR code and the credential's id point here); /verify checks a file someone presents.
 */
import { FilePdfOutlined, InboxOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Layout, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { certificatePdfUrl, credentialUrl, useVerification, useVerifyPresented } from '../../api/certs.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { LanguageSwitch } from '../../layout/LanguageSwitch.tsx';
import { VerificationResult } from './VerificationResult.tsx';

function Frame({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Header style={{ background: '#fff', display: 'flex', alignItems: 'center', justifyContent: 'space-between', paddingInline: 16 }}>
        <Space>
          <SafetyCertificateOutlined style={{ fontSize: 22, color: '#1677ff' }} />
          <Typography.Text strong>{t('certs.verify.title')}</Typography.Text>
        </Space>
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: 16, maxWidth: 760, width: '100%', margin: '0 auto' }}>{children}</Layout.Content>
    </Layout>
  );
}

function ById({ publicId }: { publicId: string }) {
  const { t } = useTranslation();
  const q = useVerification(publicId);
  return (
    <Card>
      <QueryState query={q} rows={8}>
        {(v) => (
          <>
            <VerificationResult v={v} />
            <Flex gap={8} wrap="wrap" style={{ marginTop: 16 }}>
              <Button href={credentialUrl(publicId, 'json')} data-testid="download-json">
                {t('certs.downloadJson')}
              </Button>
              <Button href={credentialUrl(publicId, 'jwt')}>{t('certs.downloadJwt')}</Button>
              {v.credential && (
                <Button icon={<FilePdfOutlined />} href={certificatePdfUrl(publicId)} download data-testid="download-pdf">
                  {t('certs.downloadPdf')}
                </Button>
              )}
              {v.credential && (
                <Link to={`/verify/${publicId}/print`}>
                  <Button data-testid="open-print">{t('certs.print')}</Button>
                </Link>
              )}
              <Link to="/verify">
                <Button type="link">{t('certs.verify.another')}</Button>
              </Link>
            </Flex>
          </>
        )}
      </QueryState>
    </Card>
  );
}

function Presented() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const verify = useVerifyPresented();
  return (
    <Card title={t('certs.verify.presentTitle')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('certs.verify.presentHelp')}</Typography.Paragraph>
        <Upload.Dragger
          accept=".json,.jwt,.txt"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((s) => {
              setText(s);
              verify.mutate(s);
            });
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{t('certs.verify.drop')}</p>
        </Upload.Dragger>
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('certs.verify.paste')} data-testid="verify-input" />
        <Button type="primary" disabled={text.trim().length < 10} loading={verify.isPending} onClick={() => verify.mutate(text)} data-testid="verify-submit">
          {t('certs.verify.check')}
        </Button>
        {verify.isError && <ProblemAlert error={verify.error} />}
        {verify.data && <VerificationResult v={verify.data} />}
      </Space>
    </Card>
  );
}

export function VerifyPage() {
  const { publicId } = useParams();
  return <Frame>{publicId ? <ById publicId={publicId} /> : <Presented />}</Frame>;
}
