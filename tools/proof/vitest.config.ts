import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['src/**/*.spec.ts'],
    // the crash loop starts and kills the real API 20 times (about a minute on 2 idle cores); this only guards a hang
    testTimeout: 900_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
