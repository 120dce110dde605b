import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The built API, as `npm start` runs it. `npm test` builds it first (this package's implicit dependency on @hyoka/api). */
export const API_MAIN = fileURLToPath(new URL('../../../../apps/api/dist/main.js', import.meta.url));

export const DEMO_PASSWORD = 'proof-demo-password';

export interface ApiProcessOptions {
  dataDir: string;
  port: number;
  /** extra environment (e.g. HYOKA_STORE) */
  env?: Record<string, string>;
}

/** One run of `node apps/api/dist/main.js`. */
export interface ApiProcess {
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** everything the process printed so far (for failure messages) */
  output(): string;
  /** SIGKILL: no shutdown hook, no flush, no close; resolves once the process is gone */
  kill9(): Promise<void>;
  /** SIGTERM: the graceful shutdown */
  stop(): Promise<void>;
}

/** A port nobody listens on now; the API is restarted on the same port, so clients keep one address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the real API in a child process and resolves once it says it is listening (first start included). */
export async function startApiProcess(options: ApiProcessOptions): Promise<ApiProcess> {
  const api = spawnApiProcess(options);
  await api.ready;
  return api;
}

/** Starts the real API without waiting: `ready` resolves once it listens, and rejects if it exits first. */
export function spawnApiProcess(options: ApiProcessOptions): ApiProcess & { ready: Promise<void> } {
  if (!existsSync(API_MAIN)) {
    throw new Error(`The API is not built (${API_MAIN}): run \`npx nx run @hyoka/api:build\` first (npm test does).`);
  }
  const child = spawn(process.execPath, [API_MAIN], {
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      TMPDIR: process.env['TMPDIR'] ?? '/tmp',
      HYOKA_DATA_DIR: options.dataDir,
      HYOKA_PORT: String(options.port),
      HYOKA_DEMO_PASSWORD: DEMO_PASSWORD,
      // argon2id stays the algorithm; the smallest cost keeps the demo accounts' hashing quick
      HYOKA_ARGON2_MEMORY_KIB: '1024',
      HYOKA_ARGON2_TIME_COST: '1',
      HYOKA_WEB_DIST: `${options.dataDir}/no-web-build`,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      // keep the tail: enough to explain a failure, bounded over many restarts
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes('Hyoka is running at')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`the API exited (${code ?? signal}) before it was ready:\n${output}`)));
  });
  const signalAndWait = async (signal: NodeJS.Signals) => {
    if (!exited) child.kill(signal);
    await exit;
  };
  ready.catch(() => undefined); // a caller that kills it before it is ready does not await this
  return {
    ready,
    url: `http://127.0.0.1:${options.port}`,
    pid: child.pid!,
    child,
    output: () => output,
    kill9: () => signalAndWait('SIGKILL'),
    stop: () => signalAndWait('SIGTERM'),
  };
}
