import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../config.js';
import { startApi, type RunningApi } from '../server.js';
import { Browser } from './graphql-client.js';

export const DEMO_PASSWORD = 'demo-password-for-tests';

export interface TestApi extends RunningApi {
  dataDir: string;
  config: AppConfig;
  /** a fresh browser (own cookie jar) signed in as the demo account */
  signIn(loginName: string): Promise<Browser>;
  /** several people at once, in the order named */
  signInAll<const Names extends readonly string[]>(...loginNames: Names): Promise<{ [K in keyof Names]: Browser }>;
  /** stops the app and deletes its data folder */
  dispose(): Promise<void>;
}

/**
 * The real app on port 0 with a temporary data folder and the real SQLite store. argon2id keeps its algorithm but
 * uses the smallest memory cost, so the ~12 demo accounts hash quickly.
 */
export async function startTestApi(env: Record<string, string> = {}, dataDir?: string): Promise<TestApi> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'hyoka-api-'));
  const config = loadConfig({
    HYOKA_DATA_DIR: dir,
    HYOKA_PORT: '0',
    HYOKA_DEMO_PASSWORD: DEMO_PASSWORD,
    HYOKA_ARGON2_MEMORY_KIB: '1024',
    HYOKA_ARGON2_TIME_COST: '1',
    HYOKA_WEB_DIST: join(dir, 'no-web-build'),
    // the security log's own spec turns it on
    HYOKA_SECURITY_LOG: 'off',
    ...env,
  });
  const api = await startApi(config, { logger: ['error'] });
  // the specs read what they saw before a restart: let the read models catch up first (a fresh store is at once)
  await api.readModelsCaughtUp();
  const signIn = async (loginName: string) => {
    const browser = new Browser(api.url);
    await browser.run(`mutation($input: LoginInput!) { login(input: $input) { userId } }`, {
      input: { loginName, password: DEMO_PASSWORD },
    });
    browser.loginName = loginName;
    return browser;
  };
  return {
    ...api,
    dataDir: dir,
    config,
    signIn,
    async signInAll(...loginNames) {
      return (await Promise.all(loginNames.map(signIn))) as never;
    },
    async dispose() {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
