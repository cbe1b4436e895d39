import { currentLocale } from './index.ts';

/**
 * Picks the English name of a record when the UI is in English and one exists, else the
 * Chinese name (departments, positions, courses, modules all carry `name`/`nameEn` or
 * `title`/`titleEn`).
 */
export function localName(zh: string, en: string | null | undefined): string {
  return currentLocale() === 'en-US' && en ? en : zh;
}
