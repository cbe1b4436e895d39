import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useChangeLanguage } from '../auth/session.ts';
import { currentLocale, type AppLocale } from '../i18n/index.ts';

/** 中文 / English; saves the choice to the account when logged in. */
export function LanguageSwitch() {
  const { i18n } = useTranslation();
  const change = useChangeLanguage();
  void i18n.language; // re-render on language change
  return (
    <Select<AppLocale>
      data-testid="language-switch"
      size="small"
      variant="borderless"
      suffixIcon={<GlobalOutlined />}
      value={currentLocale()}
      onChange={(v) => void change(v)}
      popupMatchSelectWidth={false}
      options={[
        { value: 'zh-CN', label: <span data-testid="language-zh-CN">中文</span> },
        { value: 'en-US', label: <span data-testid="language-en-US">English</span> },
      ]}
    />
  );
}
