/**
 * The printable certificate (Chinese and English) with a QR code to its verification page: an A4
 * landscape page the browser prints or saves as PDF ("Print / Save as PDF"), using the reader's own CJK
 * fonts. Public like the verification page; an invalid certificate prints with a clear mark. The
 * server's PDF of the same certificate ("Download PDF") is the file to keep or send.
 */
import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { certificatePdfUrl, useVerification } from '../../api/certs.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDate } from '../../format.ts';
import { QrCode } from './QrCode.tsx';

const PRINT_CSS = `
@page { size: A4 landscape; margin: 0; }
@media print {
  .no-print { display: none !important; }
  body { background: #fff !important; }
  .cert-sheet { box-shadow: none !important; margin: 0 !important; }
}
.cert-sheet {
  width: 297mm; height: 210mm; box-sizing: border-box; margin: 16px auto; padding: 18mm 22mm;
  background: #fff; box-shadow: 0 2px 12px rgba(0,0,0,.15); position: relative; overflow: hidden;
  font-family: "Noto Serif SC", "Source Han Serif SC", "Songti SC", SimSun, serif; color: #1f2937;
  border: 6mm solid #fff; outline: 1.2mm solid #1d4ed8; outline-offset: -9mm;
}
.cert-sheet h1 { font-size: 30pt; letter-spacing: 6pt; margin: 0; text-align: center; }
.cert-sheet .en { font-family: Georgia, "Times New Roman", serif; color: #4b5563; }
.cert-sheet .holder { font-size: 28pt; text-align: center; margin: 8mm 0 2mm; border-bottom: 0.4mm solid #9ca3af; display: inline-block; padding: 0 12mm; }
.cert-sheet .mark { position: absolute; top: 80mm; left: 0; right: 0; text-align: center; font-size: 64pt; color: rgba(220,38,38,.25); transform: rotate(-18deg); font-weight: 700; }
`;

export function CertificatePrintPage() {
  const { publicId } = useParams();
  const { t } = useTranslation();
  const q = useVerification(publicId);
  if (q.isPending) return <Skeleton active style={{ padding: 24 }} />;
  if (q.isError) return <ProblemAlert error={q.error} />;
  const v = q.data;
  const c = v.credential;
  if (!c) return <Alert type="error" showIcon message={t('certs.verify.invalid')} />;
  const [issuerZh, issuerEn] = c.issuerName.split(' / ');
  const [achZh, achEn] = c.achievement.split(' / ');
  return (
    <div style={{ background: '#eef2f7', minHeight: '100vh', paddingBottom: 24 }}>
      <style>{PRINT_CSS}</style>
      <Flex className="no-print" gap={8} justify="center" style={{ padding: 12 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-certificate">
          {t('certs.print')}
        </Button>
        <Button icon={<FilePdfOutlined />} href={certificatePdfUrl(publicId!)} download data-testid="download-pdf">
          {t('certs.downloadPdf')}
        </Button>
        <Button href={`/verify/${publicId}`}>{t('certs.openVerify')}</Button>
      </Flex>
      {!v.valid && (
        <Alert className="no-print" type="error" showIcon message={t('certs.verify.invalid')} style={{ maxWidth: 760, margin: '0 auto 8px' }} />
      )}
      <div className="cert-sheet" data-testid="certificate-sheet">
        {!v.valid && <div className="mark">{v.record?.status === 'revoked' ? '已撤销 REVOKED' : '无效 NOT VALID'}</div>}
        <div style={{ textAlign: 'center', fontSize: '13pt' }}>
          {issuerZh}
          {issuerEn && <div className="en">{issuerEn}</div>}
        </div>
        <h1 style={{ marginTop: '8mm' }}>认 证 证 书</h1>
        <div className="en" style={{ textAlign: 'center', fontSize: '15pt', letterSpacing: '3pt' }}>
          CERTIFICATE OF CERTIFICATION
        </div>
        <div style={{ textAlign: 'center' }}>
          <div className="holder" data-testid="certificate-holder">
            {c.holderName}
          </div>
        </div>
        <div style={{ textAlign: 'center', fontSize: '14pt', lineHeight: 1.8 }}>
          经考核，符合以下认证的全部要求，特发此证。
          <div className="en" style={{ fontSize: '11pt' }}>
            has met every requirement of the following certification.
          </div>
          <div style={{ fontSize: '18pt', fontWeight: 600, marginTop: '4mm' }}>{achZh}</div>
          {achEn && <div className="en" style={{ fontSize: '13pt' }}>{achEn}</div>}
        </div>
        <Flex justify="space-between" align="flex-end" style={{ position: 'absolute', left: '22mm', right: '22mm', bottom: '18mm' }}>
          <div style={{ fontSize: '10.5pt', lineHeight: 1.7 }}>
            <div>
              生效日期 <span className="en">Valid from</span>: {formatDate(c.validFrom)}
            </div>
            <div>
              有效期至 <span className="en">Valid until</span>: {c.validUntil ? formatDate(c.validUntil) : '长期有效 / no expiry'}
            </div>
            <div>
              证书编号 <span className="en">Certificate</span>: {publicId}
            </div>
            <div className="en" style={{ fontSize: '8.5pt' }}>
              Open Badges 3.0 · signed by {c.issuerId}
            </div>
          </div>
          <div style={{ textAlign: 'center', fontSize: '8.5pt' }}>
            <QrCode value={c.id} size={112} testId="certificate-qr" />
            <div>扫码验证 / Scan to verify</div>
          </div>
        </Flex>
      </div>
    </div>
  );
}
