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
  if (api.firstStart.demoAccounts.length > 0) {
    // Printed once, on the start that created them; the passwords are kept nowhere else.
    const lines = api.firstStart.demoAccounts.map(
      (a) => `  ${a.loginName.padEnd(18)} ${a.password.padEnd(18)} ${a.displayName} (${a.roles})`,
    );
    console.log(
      [
        '',
        'デモ用アカウントを作成しました (この表示は一度だけです) / demo accounts created (shown once):',
        `  ${'login'.padEnd(18)} ${'password'.padEnd(18)} name (roles)`,
        ...lines,
        '',
      ].join('\n'),
    );
  }
  console.log(`Hyoka is running at ${api.url} (GraphQL: ${api.url}/graphql${api.servesWeb ? ', web app: /' : ''})`);
}

main().catch((error: unknown) => {
  console.error('Hyoka failed to start:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
