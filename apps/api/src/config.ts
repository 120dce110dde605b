import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVIDENCE_FOLDER, KEEP_WITHIN_DEPARTMENT, SHARE_FINALIZED, isMeetingBody, passwordProblem, type MeetingBody, type ReadSharing } from '@hyoka/domain';

export type StoreConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'kurrentdb'; connectionString: string };

/** argon2id cost. The defaults follow OWASP's 19 MiB / t=2; tests may lower memory, never the algorithm. */
export interface Argon2Config {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export interface AppConfig {
  /** NODE_ENV=production or HYOKA_ENV=production: no introspection, no field suggestions in errors */
  production: boolean;
  /** where the security log (sign-ins, denials) goes: JSON lines on stderr (default), stdout, appended to a file, or nowhere (tests) */
  securityLog: SecurityLogTarget;
  /** Express's 'trust proxy': false, a number of proxy hops, or the proxies' addresses/subnets (comma-separated) */
  trustProxy: false | number | string;
  port: number;
  dataDir: string;
  store: StoreConfig;
  /** HYOKA_INSTANCE: this process's name when several API processes share one data folder; null for the only one */
  instance: string | null;
  /** SQLite file of the read models (projections); one per process (`read-models.<instance>.sqlite`) */
  readModelFile: string;
  /** SQLite file of the as-of replay index; one per process like the read models */
  replayIndexFile: string;
  /** SQLite file of the sessions */
  sessionFile: string;
  /** folder of the evidence files (content-addressed: evidence/ab/cdef…) */
  evidenceDir: string;
  /** largest evidence file accepted, in bytes */
  evidenceMaxBytes: number;
  /** `Secure` on the session cookie: on in production unless HYOKA_SECURE_COOKIES=0, off elsewhere unless HYOKA_SECURE_COOKIES=1 */
  secureCookies: boolean;
  /** open graphql-ws connections one session may hold; the next is refused (close code 4429) */
  maxSocketsPerSession: number;
  /** origins besides the API's own (the upgrade's Host) whose pages may open a graphql-ws connection */
  allowedOrigins: readonly string[];
  /** every demo account's password when set; random per account otherwise */
  demoPassword: string | undefined;
  /** the administrator's password on first start (production creates only that account); random, printed once, otherwise */
  adminPassword: string | undefined;
  argon2: Argon2Config;
  /** idle and absolute session lifetimes, in milliseconds */
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** the built web app to serve at /, when present (issue 5) */
  webDistDir: string;
  /** write the GraphQL schema here on start (development); undefined keeps it in memory */
  schemaFile: string | undefined;
  /**
   * HYOKA_FACILITY_CARE_MEETING: the 推進会議 that reviews the 部門 the plan names none for (施設・介護サービス部門), recorded
   * once at start-up as a DivisionRemapped while no remap of that 部門 was ever recorded; null keeps the catalogue's default
   */
  facilityCareMeeting: string | null;
  /**
   * HYOKA_INITIAL_PLAN: what the first start loads — `shipped` (default: the 熊本市社会福祉協議会's FY2025–2027 plan and its
   * years) or `none` (no plan: the administrator imports the council's own plan as a workbook, then opens its years).
   */
  initialPlan: 'shipped' | 'none';
  /** e-mail of notifications: only when both HYOKA_SMTP_URL and HYOKA_MAIL_FROM are set (otherwise nothing is mailed) */
  mail: MailConfig | null;
  /** SQLite file of the mail outbox (what was queued and sent) */
  mailOutboxFile: string;
  /** 全職員で共有: finalised evaluations readable by all staff (HYOKA_SHARE_FINALIZED, default on); off keeps them within each 部 */
  readSharing: ReadSharing;
  /** bodies whose decisions must name their session (HYOKA_SESSION_REQUIRED; the committee always decides in session) */
  sessionRequired: readonly MeetingBody[];
  /** 定足数 of the committee (HYOKA_COMMITTEE_QUORUM); null: a majority of the members invited to the session */
  committeeQuorum: number | null;
}

export interface MailConfig {
  smtpUrl: string;
  from: string;
  /** the address people open Hyoka at, for the links in mails */
  publicUrl: string;
}

export type SecurityLogTarget = { kind: 'stderr' } | { kind: 'stdout' } | { kind: 'off' } | { kind: 'file'; file: string };

const BODY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

function securityLogTarget(raw: string | undefined, cwd: string): SecurityLogTarget {
  if (raw === undefined || raw === '' || raw === 'stderr') return { kind: 'stderr' };
  if (raw === 'stdout' || raw === 'off') return { kind: raw };
  if (raw.startsWith('file:') && raw.length > 5) return { kind: 'file', file: resolve(cwd, raw.slice(5)) };
  throw new ConfigError(`HYOKA_SECURITY_LOG must be 'stderr', 'stdout', 'off' or 'file:<path>', got '${raw}'`);
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrSubnet(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * HYOKA_TRUST_PROXY: which hops in front of the API may set X-Forwarded-For (Express's 'trust proxy'). A number counts
 * hops ('1': one reverse proxy, so X-Forwarded-For's last entry is the client); a list names the proxies. 'true' (trust
 * everything) is refused: any client could then pick the address it is throttled under.
 */
function trustProxy(raw: string | undefined): false | number | string {
  const value = raw?.trim();
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (/^\d+$/.test(value) && Number(value) <= 10) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  if (entries.every(isAddressOrSubnet)) return entries.join(',');
  throw new ConfigError(
    `HYOKA_TRUST_PROXY must be a number of proxy hops (e.g. 1) or the proxies' addresses or subnets, comma-separated (e.g. 10.0.0.2,loopback), got '${raw}'`,
  );
}

/** HYOKA_SECURE_COOKIES: '1' or '0' when set; unset, production is Secure (served behind HTTPS) and development is not. */
function secureCookies(raw: string | undefined, production: boolean): boolean {
  if (raw === undefined || raw === '') return production;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new ConfigError(`HYOKA_SECURE_COOKIES must be '1' or '0', got '${raw}'`);
}

/** HYOKA_ALLOWED_ORIGINS: comma-separated origins (scheme://host[:port]), e.g. when a reverse proxy rewrites Host. */
function allowedOrigins(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    let origin: string | undefined;
    try {
      origin = new URL(value).origin;
    } catch {
      origin = undefined;
    }
    if (origin !== value || !/^https?:/.test(value)) {
      throw new ConfigError(`HYOKA_ALLOWED_ORIGINS must list origins such as https://hyoka.example.org, comma-separated, got '${value}'`);
    }
    return value;
  });
}

function password(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const problem = passwordProblem(value);
  if (problem) throw new ConfigError(`${name}: ${problem}`);
  return value;
}

/** Reads the API's settings from the environment; refuses bad values with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const dataDir = resolve(cwd, env['HYOKA_DATA_DIR'] || './data');
  const storeKind = (env['HYOKA_STORE'] || 'sqlite').toLowerCase();
  let store: StoreConfig;
  if (storeKind === 'sqlite') {
    store = { kind: 'sqlite', file: resolve(dataDir, 'events.sqlite') };
  } else if (storeKind === 'kurrentdb') {
    const connectionString = env['KURRENTDB_CONNECTION_STRING'];
    if (!connectionString) {
      throw new ConfigError('HYOKA_STORE=kurrentdb needs KURRENTDB_CONNECTION_STRING (e.g. kurrentdb://localhost:2113?tls=false)');
    }
    store = { kind: 'kurrentdb', connectionString };
  } else {
    throw new ConfigError(`HYOKA_STORE must be 'sqlite' or 'kurrentdb', got '${env['HYOKA_STORE']}'`);
  }
  const facilityCare = env['HYOKA_FACILITY_CARE_MEETING'];
  // which 推進会議 exist is data (the catalogue): the start-up's DivisionRemapped refuses an unknown one
  if (facilityCare && !BODY_ID.test(facilityCare)) {
    throw new ConfigError(`HYOKA_FACILITY_CARE_MEETING must be the id of a 推進会議 of the plan (see the 組織 page), got '${facilityCare}'`);
  }
  const production = env['NODE_ENV'] === 'production' || env['HYOKA_ENV'] === 'production';
  const port = integer(env, 'HYOKA_PORT', 3000, 0, 65535);
  const instance = instanceName(env['HYOKA_INSTANCE']);
  const perProcess = (name: string) => resolve(dataDir, instance ? `${name}.${instance}.sqlite` : `${name}.sqlite`);
  return {
    production,
    securityLog: securityLogTarget(env['HYOKA_SECURITY_LOG'], cwd),
    trustProxy: trustProxy(env['HYOKA_TRUST_PROXY']),
    port,
    dataDir,
    store,
    instance,
    readModelFile: perProcess('read-models'),
    replayIndexFile: perProcess('replay-index'),
    sessionFile: resolve(dataDir, 'sessions.sqlite'),
    evidenceDir: resolve(dataDir, EVIDENCE_FOLDER),
    evidenceMaxBytes: integer(env, 'HYOKA_EVIDENCE_MAX_BYTES', 20 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    secureCookies: secureCookies(env['HYOKA_SECURE_COOKIES'], production),
    maxSocketsPerSession: integer(env, 'HYOKA_MAX_SOCKETS_PER_SESSION', 10, 1, 1000),
    allowedOrigins: allowedOrigins(env['HYOKA_ALLOWED_ORIGINS']),
    demoPassword: password(env, 'HYOKA_DEMO_PASSWORD'),
    adminPassword: password(env, 'HYOKA_ADMIN_PASSWORD'),
    argon2: {
      memoryCost: integer(env, 'HYOKA_ARGON2_MEMORY_KIB', 19_456, 1024, 4_194_304),
      timeCost: integer(env, 'HYOKA_ARGON2_TIME_COST', 2, 1, 100),
      parallelism: integer(env, 'HYOKA_ARGON2_PARALLELISM', 1, 1, 16),
    },
    sessionIdleMs: integer(env, 'HYOKA_SESSION_IDLE_MINUTES', 30, 1, 24 * 60) * 60_000,
    sessionAbsoluteMs: integer(env, 'HYOKA_SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30) * 3_600_000,
    webDistDir: resolve(cwd, env['HYOKA_WEB_DIST'] || fileURLToPath(new URL('../../web/dist', import.meta.url))),
    schemaFile: env['HYOKA_SCHEMA_FILE'] ? resolve(cwd, env['HYOKA_SCHEMA_FILE']) : undefined,
    // The plan names no 推進会議 for 施設・介護サービス部門; the catalogue defaults it to 総務推進会議.
    facilityCareMeeting: facilityCare || null,
    mail: mailConfig(env, port),
    mailOutboxFile: resolve(dataDir, 'mail-outbox.sqlite'),
    readSharing: readSharing(env['HYOKA_SHARE_FINALIZED']),
    sessionRequired: sessionRequired(env['HYOKA_SESSION_REQUIRED']),
    committeeQuorum: committeeQuorum(env['HYOKA_COMMITTEE_QUORUM']),
    initialPlan: initialPlan(env['HYOKA_INITIAL_PLAN']),
  };
}

function initialPlan(raw: string | undefined): 'shipped' | 'none' {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '' || value === 'shipped') return 'shipped';
  if (value === 'none') return 'none';
  throw new ConfigError(`HYOKA_INITIAL_PLAN must be 'shipped' (the shipped FY2025–2027 plan) or 'none' (import a workbook), got '${raw}'`);
}

/**
 * HYOKA_INSTANCE: several API processes on one data folder share the event store and the sessions, and each keeps its
 * own read models and replay index, written by its own projection runner (docs/design.md, "Several API processes").
 */
function instanceName(raw: string | undefined): string | null {
  const value = raw?.trim();
  if (value === undefined || value === '') return null;
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(value)) {
    throw new ConfigError(`HYOKA_INSTANCE must be a short name of lower-case letters, digits and '-' (e.g. api-1), got '${raw}'`);
  }
  return value;
}

/** HYOKA_SESSION_REQUIRED: a comma list of `promotionMeeting`, `managersMeeting` (default empty: deciding in session is optional). */
function sessionRequired(raw: string | undefined): MeetingBody[] {
  const bodies = (raw ?? '').split(',').map((b) => b.trim()).filter((b) => b !== '');
  for (const body of bodies) {
    if (!isMeetingBody(body) || body === 'committee') {
      throw new ConfigError(`HYOKA_SESSION_REQUIRED lists bodies among promotionMeeting, managersMeeting (the committee always decides in session), got '${body}'`);
    }
  }
  return [...new Set(bodies)] as MeetingBody[];
}

/** HYOKA_COMMITTEE_QUORUM: a whole number of members (≥ 1); unset: a majority of the members invited. */
function committeeQuorum(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  if (!/^[1-9]\d{0,2}$/.test(raw.trim())) throw new ConfigError(`HYOKA_COMMITTEE_QUORUM must be a whole number of members (1 or more), got '${raw}'`);
  return Number(raw.trim());
}

/** HYOKA_SHARE_FINALIZED: '1' (default) shares finalised results with all staff, '0' keeps them within each 部. */
function readSharing(raw: string | undefined): ReadSharing {
  if (raw === undefined || raw === '' || raw === '1' || raw === 'true') return SHARE_FINALIZED;
  if (raw === '0' || raw === 'false') return KEEP_WITHIN_DEPARTMENT;
  throw new ConfigError(`HYOKA_SHARE_FINALIZED must be '1' or '0', got '${raw}'`);
}

function mailConfig(env: NodeJS.ProcessEnv, port: number): MailConfig | null {
  const smtpUrl = env['HYOKA_SMTP_URL'];
  const from = env['HYOKA_MAIL_FROM'];
  if (!smtpUrl && !from) return null;
  if (!smtpUrl || !from) throw new ConfigError('HYOKA_SMTP_URL and HYOKA_MAIL_FROM are set together (e.g. smtp://127.0.0.1:2525 and hyoka@example.jp), or neither');
  if (!/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) throw new ConfigError(`HYOKA_SMTP_URL must be an smtp:// or smtps:// URL, got '${smtpUrl}'`);
  if (!/^[^\s@<>]+@[^\s@<>]+$|^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(from)) {
    throw new ConfigError(`HYOKA_MAIL_FROM must be an address (hyoka@example.jp or 評価システム <hyoka@example.jp>), got '${from}'`);
  }
  const publicUrl = env['HYOKA_PUBLIC_URL'] || `http://localhost:${port}`;
  if (!/^https?:\/\/[^\s]+$/.test(publicUrl)) throw new ConfigError(`HYOKA_PUBLIC_URL must be an http(s):// URL, got '${publicUrl}'`);
  return { smtpUrl, from, publicUrl };
}
