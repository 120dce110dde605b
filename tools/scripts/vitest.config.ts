import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['**/*.spec.mjs'], exclude: ['node_modules/**'] } });
