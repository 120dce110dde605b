/// <reference types="vitest/config" />
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The API (npm start) listens on 3000; the dev server forwards GraphQL over HTTP and WebSocket to it.
const api = process.env['HYOKA_API_URL'] ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: false },
      '/exports': { target: api, changeOrigin: false },
      '/evidence': { target: api, changeOrigin: false },
    },
  },
  build: {
    // echarts alone is ~1 MB before gzip; the board page loads it lazily.
    chunkSizeWarningLimit: 1200,
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['src/**/*.spec.ts'],
          // a page spec mounting the charts takes 3 s alone; on a loaded 2-core CI machine 5 s (the default) was too short
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['e2e/**/*.e2e.spec.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          // One API process and one Chromium per file; the files run one after another on 2 cores.
          fileParallelism: false,
          // wait for conditions (never for a fixed time), patiently: a loaded CI machine can take seconds to answer
          expect: { poll: { timeout: 15_000 } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
