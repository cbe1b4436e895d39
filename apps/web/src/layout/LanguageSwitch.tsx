import { GlobalOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useChangeLanguage } from '../auth/session.ts';
import { currentLocale } from '../i18n/index.ts';

/**
 * One button that offers the other language (“English” while in Chinese, “中文” while in
 * English): compact enough for a phone header. Saves the choice to the account when logged in.
 */
export function LanguageSwitch() {
  useTranslation(); // re-render on language change
  const change = useChangeLanguage();
  const locale = currentLocale();
  const other = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <Tooltip title={other === 'en-US' ? 'Switch to English' : '切换到中文'}>
      <Button
        type="text"
        size="small"
        icon={<GlobalOutlined />}
        onClick={() => void change(other)}
        data-testid="language-switch"
        data-locale={locale}
        lang={other}
      >
        {other === 'en-US' ? 'EN' : '中文'}
      </Button>
    </Tooltip>
  );
}
