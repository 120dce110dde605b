import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing/test-api.js';

describe('security headers on the web app, its assets and GraphQL', () => {
  let api: TestApi;
  let web: string;

  beforeAll(async () => {
    web = mkdtempSync(join(tmpdir(), 'hyoka-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><html lang="ja"><head><script type="module" src="/assets/index.js"></script></head><body><div id="app"></div></body></html>');
    writeFileSync(join(web, 'assets', 'index.js'), 'export {};');
    api = await startTestApi({ HYOKA_WEB_DIST: web });
  });
  afterAll(async () => {
    await api?.dispose();
    rmSync(web, { recursive: true, force: true });
  });

  const directives = (csp: string | null) =>
    Object.fromEntries((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

  it.each(['/', '/evaluations/I-001/2025', '/assets/index.js'])('%s: CSP without inline scripts, no framing, nosniff, no referrer', async (path) => {
    const response = await fetch(`${api.url}${path}`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['script-src-attr']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    // plain HTTP in development: no HSTS (HYOKA_SECURE_COOKIES marks an HTTPS deployment)
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('GraphQL answers carry them too', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { userId } }' }),
    });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('behind HTTPS (Secure cookies, the production default) HSTS is sent, for this host only', async () => {
    const secure = await startTestApi({ HYOKA_SECURE_COOKIES: '1' });
    try {
      const response = await fetch(`${secure.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ viewer { userId } }' }),
      });
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
    } finally {
      await secure.dispose();
    }
  });
});
