import { Card, Col, Descriptions, Row, Segmented, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useChangeLanguage, useUser } from '../../auth/session.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { currentLocale, type AppLocale } from '../../i18n/index.ts';
import { PasswordCard } from './PasswordCard.tsx';
import { TokensCard } from './TokensCard.tsx';

/** /account: profile, language, password and API tokens. */
export function AccountPage() {
  const { t } = useTranslation();
  const user = useUser();
  const changeLanguage = useChangeLanguage();
  return (
    <>
      <PageTitle title={t('account.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('account.profile')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('account.username')}>{user.username}</Descriptions.Item>
              <Descriptions.Item label={t('account.displayName')}>{user.displayName}</Descriptions.Item>
              <Descriptions.Item label={t('account.email')}>{user.email ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('account.roles')}>
                {user.roles.map((r) => (
                  <Tag key={r}>{t(`roles.${r}`)}</Tag>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('account.language')}>
                <Segmented<AppLocale>
                  size="small"
                  value={currentLocale()}
                  onChange={(v) => void changeLanguage(v)}
                  options={[
                    { value: 'zh-CN', label: '中文' },
                    { value: 'en-US', label: 'English' },
                  ]}
                  data-testid="account-language"
                />
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <PasswordCard />
        </Col>
        <Col span={24}>
          <TokensCard />
        </Col>
      </Row>
    </>
  );
}
