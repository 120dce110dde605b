import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  // --expose-gc: a spec proves that the subscription keeps no event it has delivered
  test: { include: ['src/**/*.spec.ts'], testTimeout: 30_000, execArgv: ['--expose-gc'] },
});
