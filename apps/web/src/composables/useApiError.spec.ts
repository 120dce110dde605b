import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import en from '../i18n/en.js';
import ja from '../i18n/ja.js';
import { API_ERROR_CODES, classify } from './useApiError.js';

const errorWithCode = (code: string) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('サーバーの文', { extensions: { code } })] });

describe('classify: the API error codes the web knows', () => {
  it.each(['CSRF_REFUSED', 'BAD_REQUEST', 'VALIDATION', 'FORBIDDEN'])('keeps %s as its own code', (code) => {
    expect(classify(errorWithCode(code))).toEqual({ code, apiMessage: 'サーバーの文', field: null });
  });

  it('reads an unknown code as INTERNAL', () => {
    expect(classify(errorWithCode('SOMETHING_NEW')).code).toBe('INTERNAL');
  });

  it('has a Japanese and an English text for every code', () => {
    for (const code of API_ERROR_CODES) {
      expect(ja.errors[code], code).toMatch(/[ぁ-んァ-ヶ一-龠]/);
      expect(en.errors[code], code).toMatch(/[A-Za-z]/);
    }
  });
});
