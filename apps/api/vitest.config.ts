import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

const require = createRequire(import.meta.url);

// Nest's DI and @nestjs/graphql's code-first types read `design:*` decorator metadata, which esbuild does not emit.
export default defineConfig({
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'es6' },
    }),
  ],
  resolve: {
    alias: {
      ...workspaceAliases,
      // graphql 16 ships CJS (main) and ESM (module): Vite would pick the ESM copy for our files while Nest, loaded
      // by Node, gets the CJS one, and `instanceof GraphQLScalarType` fails across them. One copy for everybody.
      graphql: require.resolve('graphql'),
    },
  },
  test: {
    include: ['src/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The HTTP suites each boot a Nest app with its own SQLite files; two cores, so keep them in one fork.
    fileParallelism: false,
  },
});
