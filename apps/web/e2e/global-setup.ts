import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the web app built once for every browser test file (empty when there is no Chromium to run them) */
    webDist: string;
  }
}

const webRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Once per run of the browser tests: clear the last run's screenshots, and build the web app once for every test
 * file (each file still starts its own API on its own data).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  rmSync(join(webRoot, 'test-results', 'screenshots'), { recursive: true, force: true });
  const chromium = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].some((p) => p && existsSync(p));
  if (!chromium) {
    project.provide('webDist', '');
    return () => undefined;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'hyoka-web-build-'));
  const webDist = join(scratch, 'web');
  await build({ root: webRoot, logLevel: 'warn', build: { outDir: webDist, emptyOutDir: true } });
  project.provide('webDist', webDist);
  return () => rmSync(scratch, { recursive: true, force: true });
}
