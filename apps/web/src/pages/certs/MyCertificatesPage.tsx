/** The holder's certificates: status, validity, the verification page, the PDF and the signed credential. */
import { FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { CertificateItem } from '@xueli/contracts';
import { Button, Card, Col, Descriptions, Flex, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { certificatePdfUrl, credentialUrl, useMyCertificates } from '../../api/certs.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDate } from '../../format.ts';
import { CertificateStatusTag } from './CertificateStatusTag.tsx';

export const programmeName = (c: Pick<CertificateItem, 'programmeName' | 'programmeNameEn'>, lang: string) =>
  lang === 'en-US' && c.programmeNameEn ? c.programmeNameEn : c.programmeName;

export function MyCertificatesPage() {
  const { t, i18n } = useTranslation();
  const q = useMyCertificates();
  return (
    <>
      <PageTitle title={t('certs.mineTitle')} />
      <QueryState query={q} isEmpty={(d) => d.items.length === 0} empty={t('certs.mineEmpty')}>
        {(d) => (
          <Row gutter={[16, 16]}>
            {d.items.map((c) => (
              <Col xs={24} md={12} key={c.id}>
                <Card
                  data-testid="my-certificate"
                  title={
                    <Flex gap={8} align="center">
                      <SafetyCertificateOutlined style={{ color: '#1677ff' }} />
                      <span>
                        {programmeName(c, i18n.language)} · {t(`certs.level.${c.level}`)}
                      </span>
                    </Flex>
                  }
                  extra={<CertificateStatusTag status={c.effectiveStatus} />}
                >
                  <Descriptions size="small" column={1}>
                    <Descriptions.Item label={t('certs.holder')}>{c.holderName}</Descriptions.Item>
                    <Descriptions.Item label={t('certs.validFrom')}>{formatDate(c.validFrom)}</Descriptions.Item>
                    <Descriptions.Item label={t('certs.validUntil')}>{c.validUntil ? formatDate(c.validUntil) : t('certs.noExpiry')}</Descriptions.Item>
                    {c.statusReason && <Descriptions.Item label={t('certs.verify.reason')}>{c.statusReason}</Descriptions.Item>}
                  </Descriptions>
                  <Typography.Paragraph type="secondary" copyable={{ text: c.verifyUrl }} style={{ fontSize: 12, marginBottom: 8 }}>
                    {c.verifyUrl}
                  </Typography.Paragraph>
                  <Flex gap={8} wrap="wrap">
                    <Button type="primary" href={`/verify/${c.publicId}`} target="_blank">
                      {t('certs.openVerify')}
                    </Button>
                    <Button icon={<FilePdfOutlined />} href={certificatePdfUrl(c.publicId)} download data-testid="download-pdf">
                      {t('certs.downloadPdf')}
                    </Button>
                    <Button href={credentialUrl(c.publicId, 'json')}>{t('certs.downloadJson')}</Button>
                    <Button href={`/verify/${c.publicId}/print`} target="_blank">
                      {t('certs.print')}
                    </Button>
                  </Flex>
                </Card>
              </Col>
            ))}
          </Row>
        )}
      </QueryState>
    </>
  );
}
