import { useI18n } from 'vue-i18n';
import { reiwaYear } from '../i18n/index.js';

/** 令和7年度 (2025年度) */
export function useFiscalYearLabel() {
  const { t } = useI18n();
  return (year: number) => t('fiscalYear.label', { reiwa: reiwaYear(year), year });
}
