import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

// Only the bench's own logic (the summary table); the benchmarks themselves run with `npm run bench`, never in `npm test`.
export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: { include: ['src/**/*.spec.ts'] },
});
