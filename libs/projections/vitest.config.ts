import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  // --expose-gc: the runner's specs prove that a delivered event becomes collectable (runner.spec.ts)
  test: { include: ['src/**/*.spec.ts'], testTimeout: 30_000, execArgv: ['--expose-gc'] },
});
