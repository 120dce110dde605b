import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  /** where the security log (sign-ins, denials) goes: JSON lines on stdout, or nowhere (tests) */
  securityLog: 'stdout' | 'off';
  port: number;
  dataDir: string;
  store: StoreConfig;
  /** SQLite file of the read models (projections) */
  readModelFile: string;
  /** SQLite file of the sessions */
  sessionFile: string;
  secureCookies: boolean;
  /** every demo account's password when set; random per account otherwise */
  demoPassword: string | undefined;
  argon2: Argon2Config;
  /** idle and absolute session lifetimes, in milliseconds */
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** the built web app to serve at /, when present (issue 5) */
  webDistDir: string;
  /** write the GraphQL schema here on start (development); undefined keeps it in memory */
  schemaFile: string | undefined;
  /** divisionId → reviewing PromotionMeeting, replacing the catalogue's default (施設・介護サービス部門) */
  promotionMeetingOverrides: Readonly<Record<string, string>>;
}

const PROMOTION_MEETINGS = ['general-affairs-meeting', 'community-welfare-meeting', 'livelihood-support-meeting'];

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

function securityLogTarget(raw: string | undefined): 'stdout' | 'off' {
  if (raw === undefined || raw === '' || raw === 'stdout') return 'stdout';
  if (raw === 'off') return 'off';
  throw new ConfigError(`HYOKA_SECURITY_LOG must be 'stdout' or 'off', got '${raw}'`);
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
  const demoPassword = env['HYOKA_DEMO_PASSWORD'];
  if (demoPassword !== undefined && demoPassword !== '' && demoPassword.length < 8) {
    throw new ConfigError('HYOKA_DEMO_PASSWORD must have at least 8 characters');
  }
  const facilityCare = env['HYOKA_FACILITY_CARE_MEETING'];
  if (facilityCare && !PROMOTION_MEETINGS.includes(facilityCare)) {
    throw new ConfigError(`HYOKA_FACILITY_CARE_MEETING must be one of ${PROMOTION_MEETINGS.join(', ')}, got '${facilityCare}'`);
  }
  return {
    production: env['NODE_ENV'] === 'production' || env['HYOKA_ENV'] === 'production',
    securityLog: securityLogTarget(env['HYOKA_SECURITY_LOG']),
    port: integer(env, 'HYOKA_PORT', 3000, 0, 65535),
    dataDir,
    store,
    readModelFile: resolve(dataDir, 'read-models.sqlite'),
    sessionFile: resolve(dataDir, 'sessions.sqlite'),
    secureCookies: env['HYOKA_SECURE_COOKIES'] === '1',
    demoPassword: demoPassword || undefined,
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
    promotionMeetingOverrides: facilityCare ? { 'facility-care': facilityCare } : {},
  };
}
