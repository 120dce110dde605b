import { createI18n } from 'vue-i18n';
import en from './en.js';
import ja, { type Messages } from './ja.js';

export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const LOCALE_KEY = 'hyoka.locale';

/** The language chosen before on this PC; Japanese, the working language, otherwise. */
export function storedLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(LOCALE_KEY);
  return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : 'ja';
}

/** Keeps the choice for the next visit and tells the browser (and screen readers) the page's language. */
export function rememberLocale(locale: Locale): void {
  globalThis.localStorage?.setItem(LOCALE_KEY, locale);
  if (globalThis.document) document.documentElement.lang = locale;
}

export function createAppI18n(locale: Locale = 'ja') {
  if (globalThis.document) document.documentElement.lang = locale;
  return createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'ja',
    messages: { ja, en },
  });
}

/** 令和 starts in 2019 (令和元年); fiscal years run April–March and are named by the calendar year they start in. */
export const reiwaYear = (fiscalYear: number): number => fiscalYear - 2018;
