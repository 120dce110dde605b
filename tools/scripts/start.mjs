#!/usr/bin/env node
// `npm start`: build what Hyoka runs from (incrementally, through Nx) and start the API on the embedded store.
// The admin CLI is built too, so `npx hyoka` works next to a running Hyoka.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = { ...process.env, NX_DAEMON: process.env.NX_DAEMON ?? 'false', NX_TUI: 'false' };

console.log('Hyoka: building…');
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', '@hyoka/api,@hyoka/web,@hyoka/cli', '--outputStyle=static'], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (build.status !== 0) {
  process.stdout.write(build.stdout ?? '');
  console.error('Hyoka: the build failed (output above).');
  process.exit(build.status ?? 1);
}

const api = spawn(process.execPath, ['--enable-source-maps', 'apps/api/dist/main.js'], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
