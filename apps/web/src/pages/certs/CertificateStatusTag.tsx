import type { CertificateItem } from '@xueli/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS = { active: 'green', expired: 'default', suspended: 'orange', revoked: 'red' } as const;

export function CertificateStatusTag({ status }: { status: CertificateItem['effectiveStatus'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="cert-status">
      {t(`certs.status.${status}`)}
    </Tag>
  );
}
