import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config.js';
import { startApi } from './server.js';
import { describeStore } from './core/open-event-store.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Hyoka: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const api = await startApi(config);
  const logger = new Logger('Hyoka');
  logger.log(`store: ${describeStore(config.store)}; data folder: ${config.dataDir}`);
  const { accounts, demo } = api.firstStart;
  if (accounts.length > 0) {
    // Printed once, on the start that created them; a generated password is kept nowhere else.
    const lines = accounts.map(
      (a) =>
        `  ${a.loginName.padEnd(18)} ${(a.passwordSource === 'generated' ? a.password : `(${a.passwordSource})`).padEnd(22)} ${a.displayName} (${a.roles})`,
    );
    const title = demo
      ? 'デモ用アカウントを作成しました (この表示は一度だけです) / demo accounts created (shown once):'
      : '管理者アカウントを作成しました (この表示は一度だけです) / the administrator account was created (shown once):';
    const next = demo
      ? []
      : ['  サインイン後、画面右上の「パスワード変更」でパスワードを変えてください / after signing in, change the password (パスワード変更)', ''];
    console.log(['', title, `  ${'login'.padEnd(18)} ${'password'.padEnd(22)} name (roles)`, ...lines, '', ...next].join('\n'));
  }
  console.log(`Hyoka is running at ${api.url} (GraphQL: ${api.url}/graphql${api.servesWeb ? ', web app: /' : ''})`);
}

main().catch((error: unknown) => {
  console.error('Hyoka failed to start:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
