import { fileURLToPath } from 'node:url';

/** Tests import workspace libraries from their TypeScript sources, so no build is needed to test. */
const lib = (name: string) => fileURLToPath(new URL(`./libs/${name}/src/index.ts`, import.meta.url));

export const workspaceAliases: Record<string, string> = {
  '@hyoka/event-store': lib('event-store'),
  '@hyoka/event-store-sqlite': lib('event-store-sqlite'),
  '@hyoka/event-store-kurrentdb': lib('event-store-kurrentdb'),
  '@hyoka/catalogue': lib('catalogue'),
  '@hyoka/event-store-contract': lib('event-store-contract'),
  '@hyoka/domain': lib('domain'),
  '@hyoka/projections': lib('projections'),
  '@hyoka/command-handling': lib('command-handling'),
  '@hyoka/plan-workbook': lib('plan-workbook'),
};
