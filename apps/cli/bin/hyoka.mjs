#!/usr/bin/env node
// The `hyoka` command. npm links this file into node_modules/.bin at install time, before anything is built, so it
// runs the built CLI when there is one and says how to build it when there is not.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('hyoka: CLI がビルドされていません。npm start か npm run build を実行してください / the CLI is not built yet: run npm start or npm run build');
  process.exit(1);
}
await import(main.href);
