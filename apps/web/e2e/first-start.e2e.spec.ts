import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { findChromium, visitor, type Person } from './support.js';

const executablePath = findChromium();
const apiMain = process.env['HYOKA_E2E_API_MAIN'] ?? fileURLToPath(new URL('../../api/dist/main.js', import.meta.url));

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** resolves with the exit code, or with 'running' once the API says it listens */
  ready: Promise<number | 'running'>;
}

/** `node apps/api/dist/main.js` as `npm start` runs it: generated passwords (no HYOKA_DEMO_PASSWORD), output captured. */
function startMain(dataDir: string, port: number): Started {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HYOKA_PORT: String(port),
    HYOKA_DATA_DIR: dataDir,
    HYOKA_WEB_DIST: inject('webDist'),
    HYOKA_ARGON2_MEMORY_KIB: '1024',
    HYOKA_ARGON2_TIME_COST: '1',
  };
  delete env['HYOKA_DEMO_PASSWORD'];
  delete env['HYOKA_ADMIN_PASSWORD'];
  delete env['HYOKA_SECURITY_LOG'];
  const child = spawn(process.execPath, [apiMain], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const ready = new Promise<number | 'running'>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Hyoka is running at')) resolve('running');
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => resolve(code ?? 1));
  });
  return { child, stdout: () => out, stderr: () => err, ready };
}

const listening = (server: Server, port = 0) => new Promise<number>((resolve) => server.listen(port, () => resolve((server.address() as { port: number }).port)));

describe.skipIf(!executablePath)('first start: the one-time passwords survive a start that fails', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'hyoka-first-start-e2e-'));
  const running: ChildProcess[] = [];
  const people: Person[] = [];
  afterAll(async () => {
    for (const p of people) await p.close();
    for (const child of running) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(scratch, { recursive: true, force: true });
  });

  it('the port is taken: the start fails; the next start prints the table, and its admin password signs in', async () => {
    const dataDir = join(scratch, 'data');
    const taken = createServer();
    const port = await listening(taken);
    const failed = startMain(dataDir, port);
    running.push(failed.child);
    expect(await failed.ready).not.toBe('running');
    expect(failed.stderr()).toContain('EADDRINUSE');
    await new Promise((resolve) => taken.close(resolve));

    const free = createServer();
    const freePort = await listening(free);
    await new Promise((resolve) => free.close(resolve));
    const api = startMain(dataDir, freePort);
    running.push(api.child);
    expect(await api.ready, api.stderr()).toBe('running');
    expect(api.stdout()).toContain('デモ用アカウントを作成しました (この表示は一度だけです)');
    const admin = /^\s+admin\s+(\S+)\s+管理者 \(Admin\)$/m.exec(api.stdout());
    expect(admin, api.stdout()).not.toBeNull();

    const person = await visitor(executablePath!, { url: `http://localhost:${freePort}`, password: admin![1]!, stop: async () => undefined });
    people.push(person);
    await person.page.goto('/login');
    await person.page.getByLabel('ログイン名').fill('admin');
    await person.page.getByLabel('パスワード', { exact: true }).fill(admin![1]!);
    await person.page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect.poll(() => person.page.getByTestId('viewer-name').textContent()).toContain('管理者');

    // the security log goes to stderr by default: stdout keeps the table readable
    await expect.poll(() => api.stderr()).toContain('"event":"login.succeeded"');
    expect(api.stdout()).not.toContain('{"ts"');
  });
});
