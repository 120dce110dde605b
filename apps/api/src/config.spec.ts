import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults: port 3000, ./data, the embedded SQLite store, OWASP argon2id cost', () => {
    const config = loadConfig({}, '/srv/hyoka');
    expect(config).toMatchObject({
      port: 3000,
      dataDir: '/srv/hyoka/data',
      store: { kind: 'sqlite', file: '/srv/hyoka/data/events.sqlite' },
      instance: null,
      readModelFile: '/srv/hyoka/data/read-models.sqlite',
      replayIndexFile: '/srv/hyoka/data/replay-index.sqlite',
      sessionFile: '/srv/hyoka/data/sessions.sqlite',
      secureCookies: false,
      demoPassword: undefined,
      argon2: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
      sessionIdleMs: 30 * 60_000,
      sessionAbsoluteMs: 12 * 3_600_000,
      facilityCareMeeting: null,
    });
  });

  it('reads HYOKA_PORT, HYOKA_DATA_DIR, HYOKA_SECURE_COOKIES, HYOKA_DEMO_PASSWORD', () => {
    const config = loadConfig(
      { HYOKA_PORT: '8080', HYOKA_DATA_DIR: '/var/lib/hyoka', HYOKA_SECURE_COOKIES: '1', HYOKA_DEMO_PASSWORD: 'change-me-please' },
      '/srv',
    );
    expect(config).toMatchObject({ port: 8080, dataDir: '/var/lib/hyoka', secureCookies: true, demoPassword: 'change-me-please' });
  });

  it('HYOKA_INSTANCE: a process of several on one data folder keeps its own read models and replay index, and shares the rest', () => {
    const config = loadConfig({ HYOKA_INSTANCE: 'api-2' }, '/srv/hyoka');
    expect(config).toMatchObject({
      instance: 'api-2',
      store: { kind: 'sqlite', file: '/srv/hyoka/data/events.sqlite' },
      readModelFile: '/srv/hyoka/data/read-models.api-2.sqlite',
      replayIndexFile: '/srv/hyoka/data/replay-index.api-2.sqlite',
      sessionFile: '/srv/hyoka/data/sessions.sqlite',
      mailOutboxFile: '/srv/hyoka/data/mail-outbox.sqlite',
      evidenceDir: '/srv/hyoka/data/evidence',
    });
    for (const bad of ['API', '../x', 'a/b', 'x'.repeat(33), '-a']) {
      expect(() => loadConfig({ HYOKA_INSTANCE: bad }), bad).toThrow(ConfigError);
    }
  });

  it('HYOKA_EVIDENCE_MAX_BYTES: 20 MiB by default, files under <data>/evidence; a positive integer only', () => {
    expect(loadConfig({}, '/srv/hyoka')).toMatchObject({ evidenceMaxBytes: 20 * 1024 * 1024, evidenceDir: '/srv/hyoka/data/evidence' });
    expect(loadConfig({ HYOKA_EVIDENCE_MAX_BYTES: '1000' }).evidenceMaxBytes).toBe(1000);
    expect(() => loadConfig({ HYOKA_EVIDENCE_MAX_BYTES: '0' })).toThrow(/HYOKA_EVIDENCE_MAX_BYTES/);
    expect(() => loadConfig({ HYOKA_EVIDENCE_MAX_BYTES: '20MB' })).toThrow(/HYOKA_EVIDENCE_MAX_BYTES/);
  });

  it('HYOKA_SHARE_FINALIZED: finalised results shared with all staff by default; 0 keeps them within each 部', () => {
    expect(loadConfig({}, '/srv').readSharing).toEqual({ shareFinalized: true });
    expect(loadConfig({ HYOKA_SHARE_FINALIZED: '1' }, '/srv').readSharing).toEqual({ shareFinalized: true });
    expect(loadConfig({ HYOKA_SHARE_FINALIZED: '0' }, '/srv').readSharing).toEqual({ shareFinalized: false });
    expect(() => loadConfig({ HYOKA_SHARE_FINALIZED: 'yes' }, '/srv')).toThrow(/HYOKA_SHARE_FINALIZED must be '1' or '0'/);
  });

  it('HYOKA_SECURE_COOKIES: Secure by default in production (behind HTTPS), unless set to 0; off by default elsewhere', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).secureCookies).toBe(true);
    expect(loadConfig({ HYOKA_ENV: 'production' }).secureCookies).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', HYOKA_SECURE_COOKIES: '0' }).secureCookies).toBe(false);
    expect(loadConfig({}).secureCookies).toBe(false);
    expect(loadConfig({ HYOKA_SECURE_COOKIES: '0' }).secureCookies).toBe(false);
    expect(() => loadConfig({ HYOKA_SECURE_COOKIES: 'yes' })).toThrow(/HYOKA_SECURE_COOKIES/);
  });

  it('HYOKA_MAX_SOCKETS_PER_SESSION: 10 by default; HYOKA_ALLOWED_ORIGINS: none by default, origins only', () => {
    expect(loadConfig({}).maxSocketsPerSession).toBe(10);
    expect(loadConfig({ HYOKA_MAX_SOCKETS_PER_SESSION: '3' }).maxSocketsPerSession).toBe(3);
    expect(() => loadConfig({ HYOKA_MAX_SOCKETS_PER_SESSION: '0' })).toThrow(/HYOKA_MAX_SOCKETS_PER_SESSION/);
    expect(loadConfig({}).allowedOrigins).toEqual([]);
    expect(loadConfig({ HYOKA_ALLOWED_ORIGINS: 'https://hyoka.example.org, http://10.0.0.5:8080' }).allowedOrigins).toEqual([
      'https://hyoka.example.org',
      'http://10.0.0.5:8080',
    ]);
    for (const bad of ['hyoka.example.org', 'https://hyoka.example.org/', '*', 'ftp://x.example']) {
      expect(() => loadConfig({ HYOKA_ALLOWED_ORIGINS: bad })).toThrow(/HYOKA_ALLOWED_ORIGINS/);
    }
  });

  it('HYOKA_TRUST_PROXY: off by default, a number of hops, or the proxies\' addresses; never "trust everything"', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ HYOKA_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ HYOKA_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ HYOKA_TRUST_PROXY: '10.0.0.2, loopback,fd00::/8' }).trustProxy).toBe('10.0.0.2,loopback,fd00::/8');
    for (const bad of ['true', 'proxy.example', '10.0.0.0/33', '99']) {
      expect(() => loadConfig({ HYOKA_TRUST_PROXY: bad })).toThrow(/HYOKA_TRUST_PROXY/);
    }
  });

  it('HYOKA_SECURITY_LOG: stderr by default (stdout carries the first start\'s passwords), stdout, off or a file', () => {
    expect(loadConfig({}, '/srv').securityLog).toEqual({ kind: 'stderr' });
    expect(loadConfig({ HYOKA_SECURITY_LOG: 'stdout' }, '/srv').securityLog).toEqual({ kind: 'stdout' });
    expect(loadConfig({ HYOKA_SECURITY_LOG: 'off' }, '/srv').securityLog).toEqual({ kind: 'off' });
    expect(loadConfig({ HYOKA_SECURITY_LOG: 'file:logs/security.log' }, '/srv').securityLog).toEqual({
      kind: 'file',
      file: '/srv/logs/security.log',
    });
    expect(() => loadConfig({ HYOKA_SECURITY_LOG: 'syslog' })).toThrow(/HYOKA_SECURITY_LOG/);
  });

  it('HYOKA_ADMIN_PASSWORD follows the password policy', () => {
    expect(loadConfig({ HYOKA_ADMIN_PASSWORD: 'a long admin passphrase' }).adminPassword).toBe('a long admin passphrase');
    expect(() => loadConfig({ HYOKA_ADMIN_PASSWORD: 'short' })).toThrow(/HYOKA_ADMIN_PASSWORD: パスワードは8文字以上/);
  });

  it('HYOKA_STORE=kurrentdb needs KURRENTDB_CONNECTION_STRING', () => {
    expect(() => loadConfig({ HYOKA_STORE: 'kurrentdb' })).toThrow(/KURRENTDB_CONNECTION_STRING/);
    expect(loadConfig({ HYOKA_STORE: 'kurrentdb', KURRENTDB_CONNECTION_STRING: 'kurrentdb://db:2113?tls=false' }).store).toEqual({
      kind: 'kurrentdb',
      connectionString: 'kurrentdb://db:2113?tls=false',
    });
  });

  it('reads the first-start 推進会議 of 施設・介護サービス部門 (whether it is one is checked against the plan at start-up)', () => {
    expect(loadConfig({ HYOKA_FACILITY_CARE_MEETING: 'community-welfare-meeting' }).facilityCareMeeting).toBe('community-welfare-meeting');
    expect(() => loadConfig({ HYOKA_FACILITY_CARE_MEETING: '総務 会議' })).toThrow(ConfigError);
  });

  it.each([
    [{ HYOKA_PORT: 'eighty' }, /HYOKA_PORT/],
    [{ HYOKA_PORT: '70000' }, /HYOKA_PORT/],
    [{ HYOKA_STORE: 'postgres' }, /HYOKA_STORE/],
    [{ HYOKA_DEMO_PASSWORD: 'short' }, /HYOKA_DEMO_PASSWORD/],
    [{ HYOKA_ARGON2_MEMORY_KIB: '8' }, /HYOKA_ARGON2_MEMORY_KIB/],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
