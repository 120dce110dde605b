import type { CombinedError } from '@urql/core';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { useSessionStore } from '../stores/session.js';

export const API_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'VALIDATION',
  'ILLEGAL_TRANSITION',
  'TOO_MANY_ATTEMPTS',
  'LOG_BROKEN',
  'CSRF_REFUSED',
  'BAD_REQUEST',
  'INTERNAL',
  'NETWORK',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiProblem {
  code: ApiErrorCode;
  /** what the person reads: the API's own Japanese text where it says more than the generic line */
  message: string;
  /** the input the API names as the one to fix (extensions.details.field), for VALIDATION */
  field?: string;
}

/** One error object as a code and the API's message; pure, so it can be tested and used outside components. */
export function classify(error: CombinedError): { code: ApiErrorCode; apiMessage: string | null; field: string | null } {
  if (error.networkError) return { code: 'NETWORK', apiMessage: null, field: null };
  const first = error.graphQLErrors[0];
  const raw = first?.extensions?.['code'];
  const code = (API_ERROR_CODES as readonly string[]).includes(raw as string) ? (raw as ApiErrorCode) : 'INTERNAL';
  const details = first?.extensions?.['details'] as { field?: unknown } | undefined;
  const field = code === 'VALIDATION' && typeof details?.field === 'string' ? details.field : null;
  return { code, apiMessage: first?.message ?? null, field };
}

/**
 * The one place API errors become what a person reads and can act on. VALIDATION, FORBIDDEN and
 * ILLEGAL_TRANSITION keep the API's Japanese message (it names the field or the rule); CONFLICT always says
 * to reload and that the input is kept; UNAUTHENTICATED ends the local session and goes to sign-in.
 */
export function useApiError() {
  const { t, locale } = useI18n();
  const router = useRouter();
  const session = useSessionStore();

  function toProblem(error: CombinedError): ApiProblem {
    const { code, apiMessage, field } = classify(error);
    const specific = locale.value === 'ja' && apiMessage && ['VALIDATION', 'FORBIDDEN', 'ILLEGAL_TRANSITION', 'NOT_FOUND', 'TOO_MANY_ATTEMPTS', 'LOG_BROKEN'].includes(code);
    return { code, message: specific ? apiMessage : t(`errors.${code}`), ...(field ? { field } : {}) };
  }

  /** Maps the error and, for UNAUTHENTICATED, signs out locally and opens the sign-in page. */
  async function handle(error: CombinedError): Promise<ApiProblem> {
    const problem = toProblem(error);
    if (problem.code === 'UNAUTHENTICATED') {
      session.forget();
      const current = router.currentRoute.value;
      if (current.name !== 'login') await router.push({ name: 'login', query: { next: current.fullPath } });
    }
    return problem;
  }

  return { toProblem, handle };
}
