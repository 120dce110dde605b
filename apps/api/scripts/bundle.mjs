// The production entry: tsc's output (decorator metadata already emitted) bundled by esbuild into dist/main.js, so
// a start reads a few files instead of resolving and compiling ~2,000 modules (issue 15: answer within 3 s of
// starting; loading the modules was most of it). `node dist/serve.js` is the same program unbundled.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
rmSync(`${dist}chunks`, { recursive: true, force: true });

await build({
  entryPoints: { main: `${dist}serve.js` },
  outdir: dist,
  // one file: esbuild's code splitting can reorder evaluation across chunks (reflect-metadata came after Nest's
  // decorators)
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // @nestjs/graphql names GraphQL types after their classes
  keepNames: true,
  sourcemap: true,
  logLevel: 'warning',
  external: [
    // native addons, loaded from node_modules as they are
    'better-sqlite3',
    'argon2',
    '@kurrent/bridge',
    // the KurrentDB adapter (its gRPC client is most of a bundle) is imported only when configured; the port stays
    // outside too, so the adapter and the bundle share one copy of its error classes (instanceof)
    '@hyoka/event-store-kurrentdb',
    '@hyoka/event-store',
    // what Nest and Apollo probe for with a guarded require and this API does not use
    '@nestjs/microservices',
    '@nestjs/microservices/*',
    '@nestjs/websockets',
    '@nestjs/websockets/*',
    '@nestjs/platform-socket.io',
    'class-transformer',
    'class-transformer/*',
    'class-validator',
    '@fastify/*',
    '@as-integrations/fastify',
    'mercurius',
    '@mercuriusjs/*',
    'ts-morph',
    '@apollo/subgraph',
    '@apollo/subgraph/*',
    '@apollo/gateway',
  ],
  // the CommonJS packages inside an ES module bundle still call require()
  banner: { js: "import { createRequire as __hyokaRequire } from 'node:module'; const require = __hyokaRequire(import.meta.url);" },
});
