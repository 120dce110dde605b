import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['src/**/*.spec.ts'],
    // the crash loop starts and kills the real API 20 times; each file owns its child processes
    testTimeout: 240_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
