/**
 * UI strings: zh-CN (the default) and en-US, one JSON file each with the same keys
 * (`i18n.test.ts` checks). The chosen language is remembered in localStorage for the login
 * page and replaced by the user's saved preference once logged in.
 */
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import enUS from './en-US.json';
import zhCN from './zh-CN.json';

export const APP_LOCALES = ['zh-CN', 'en-US'] as const;
export type AppLocale = (typeof APP_LOCALES)[number];

const STORAGE_KEY = 'xueli.locale';

function storedLocale(): AppLocale {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function syncSideEffects(locale: AppLocale) {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the language just is not remembered
  }
}

/** Initialises i18next once, before the first render. */
export async function initI18n() {
  const lng = storedLocale();
  syncSideEffects(lng);
  await i18n.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
    lng,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

/** Switches the UI (strings, dates, antd locale) to `locale`; a no-op when already there. */
export async function applyLanguage(locale: AppLocale) {
  syncSideEffects(locale);
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

/** The active UI language, narrowed to the two we ship. */
export const currentLocale = (): AppLocale => (i18n.language === 'en-US' ? 'en-US' : 'zh-CN');

export default i18n;
