import { createI18n } from 'vue-i18n';
import en from './en.js';
import ja, { type Messages } from './ja.js';

export type Locale = 'ja' | 'en';

export function createAppI18n(locale: Locale = 'ja') {
  return createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'ja',
    messages: { ja, en },
  });
}

/** 令和 starts in 2019 (令和元年); fiscal years run April–March and are named by the calendar year they start in. */
export const reiwaYear = (fiscalYear: number): number => fiscalYear - 2018;
