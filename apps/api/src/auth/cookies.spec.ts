import { describe, expect, it } from 'vitest';
import { clearSessionCookie, sessionTokenOf, setSessionCookie, type HttpResponse } from './cookies.js';

function fakeResponse() {
  const calls: unknown[][] = [];
  const res = {
    cookie: (...args: unknown[]) => calls.push(['cookie', ...args]),
    clearCookie: (...args: unknown[]) => calls.push(['clearCookie', ...args]),
  } as unknown as HttpResponse;
  return { res, calls };
}

describe('the session cookie', () => {
  it('is httpOnly, SameSite=Strict, for the whole site, and Secure when configured', () => {
    const { res, calls } = fakeResponse();
    setSessionCookie(res, 'token', { secure: true, maxAgeMs: 1000 });
    setSessionCookie(res, 'token', { secure: false, maxAgeMs: 1000 });
    expect(calls).toEqual([
      ['cookie', 'hyoka_session', 'token', { httpOnly: true, sameSite: 'strict', secure: true, path: '/', maxAge: 1000 }],
      ['cookie', 'hyoka_session', 'token', { httpOnly: true, sameSite: 'strict', secure: false, path: '/', maxAge: 1000 }],
    ]);
    clearSessionCookie(res, { secure: true });
    expect(calls[2]).toEqual(['clearCookie', 'hyoka_session', { httpOnly: true, sameSite: 'strict', secure: true, path: '/' }]);
  });

  it('is read from the Cookie header among others, and only when it looks like a token', () => {
    const token = 'A'.repeat(43);
    expect(sessionTokenOf({ headers: { cookie: `theme=dark; hyoka_session=${token}; lang=ja` } })).toBe(token);
    expect(sessionTokenOf({ headers: { cookie: 'hyoka_session=; theme=dark' } })).toBeUndefined();
    expect(sessionTokenOf({ headers: { cookie: "hyoka_session=' OR 1=1 --" } })).toBeUndefined();
    expect(sessionTokenOf({ headers: {} })).toBeUndefined();
  });
});
