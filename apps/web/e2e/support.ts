import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocket } from 'playwright-core';
import { build } from 'vite';
import { expect, inject } from 'vitest';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
// HYOKA_E2E_API_MAIN: run against another build of the API (e.g. one made from a clean checkout)
const apiMain = process.env['HYOKA_E2E_API_MAIN'] ?? fileURLToPath(new URL('../../api/dist/main.js', import.meta.url));
const require = createRequire(import.meta.url);

/** Debian's chromium (or CHROMIUM_PATH); null, with a plain message saying how to get one, when there is none. */
export function findChromium(): string | null {
  const candidates = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((path) => existsSync(path)) ?? null;
  if (!found) {
    console.warn('Browser tests SKIPPED: no Chromium found. Install one with: apt-get install -y chromium fonts-noto-cjk');
  }
  return found;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface RunningHyoka {
  url: string;
  password: string;
  stop(): Promise<void>;
}

/**
 * Starts the real API (embedded SQLite store) on its own data folder, serving the built web app. `dataDir`: a data
 * folder the caller owns (kept by stop(), e.g. to restart on the same store); `env`: further settings of the API
 * (e.g. `HYOKA_SMTP_URL`), over the test's own.
 */
export async function startHyoka(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningHyoka> {
  if (!existsSync(apiMain)) throw new Error(`The API is not built (${apiMain}): run \`npx nx run @hyoka/api:build\` first.`);
  const scratch = mkdtempSync(join(tmpdir(), 'hyoka-web-e2e-'));
  // global-setup.ts builds the app once per run; without it (another runner) build it here
  let webDist = inject('webDist') ?? '';
  if (!webDist) {
    webDist = join(scratch, 'web');
    await build({ root: webRoot, logLevel: 'warn', build: { outDir: webDist, emptyOutDir: true } });
  }
  const port = await freePort();
  const password = 'e2e-password-1';
  const api: ChildProcess = spawn(process.execPath, [apiMain], {
    env: {
      ...process.env,
      HYOKA_PORT: String(port),
      HYOKA_DATA_DIR: options.dataDir ?? join(scratch, 'data'),
      HYOKA_DEMO_PASSWORD: password,
      HYOKA_WEB_DIST: webDist,
      // argon2id stays the algorithm; a small cost keeps 12 demo accounts' hashing quick in tests
      HYOKA_ARGON2_MEMORY_KIB: '1024',
      HYOKA_ARGON2_TIME_COST: '1',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Hyoka is running at')) resolve();
    };
    api.stdout!.on('data', onData);
    api.stderr!.on('data', onData);
    api.once('exit', (code) => reject(new Error(`the API exited (${code}) before it was ready:\n${output}`)));
  });
  if (!output.includes('web app: /')) throw new Error(`the API does not serve the web app:\n${output}`);
  return {
    url: `http://localhost:${port}`,
    password,
    async stop() {
      const exited = new Promise((resolve) => api.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Person {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

let browser: Promise<Browser> | null = null;
let openContexts = 0;

/**
 * One person at their own PC: a separate browser context (own cookies and storage), signed in through the sign-in
 * page. The people of a test file share one Chromium process, closed with the last context.
 */
export async function signIn(executablePath: string, hyoka: RunningHyoka, loginName: string): Promise<Person> {
  const person = await visitor(executablePath, hyoka);
  const { page } = person;
  await page.goto('/login');
  await page.getByLabel('ログイン名').fill(loginName);
  await page.getByLabel('パスワード', { exact: true }).fill(hyoka.password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByTestId('viewer-name').waitFor();
  return person;
}

/** Somebody not signed in yet, in their own browser context. */
export async function visitor(executablePath: string, hyoka: RunningHyoka): Promise<Person> {
  browser ??= chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const context = await (await browser).newContext({ baseURL: hyoka.url, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  openContexts += 1;
  const page = await context.newPage();
  return {
    context,
    page,
    async close() {
      await context.close();
      openContexts -= 1;
      if (openContexts === 0 && browser) {
        const closing = browser;
        browser = null;
        await (await closing).close();
      }
    },
  };
}

export interface GraphQLAnswer<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A GraphQL request from inside the page: the person's own session cookie, as a hand-made (forged) request would. */
export function gql<T = Record<string, unknown>>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer<T>> {
  return page.evaluate(
    async ({ query, variables }) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    { query, variables },
  );
}

/**
 * The 単年度計画 drafted and submitted by `staff` and approved by `head` through the API (the browser walk of the plan
 * is annual-plan.e2e.spec.ts): the evaluation is then in 自己評価作成中. Returns its version.
 */
export async function approvedPlanByApi(
  staff: Person,
  head: Person,
  itemId: string,
  fiscalYear: number,
  plan: Record<string, unknown> = { method: 'qualitative', actions: '計画に沿って検討を進める' },
): Promise<number> {
  let version: number | null = null;
  for (const [who, operation, input] of [
    [staff, 'mutation($i: SaveAnnualPlanInput!) { saveAnnualPlan(input: $i) { version } }', plan],
    [staff, 'mutation($i: EvaluationActionInput!) { submitAnnualPlan(input: $i) { version } }', {}],
    [head, 'mutation($i: EvaluationActionInput!) { approveAnnualPlan(input: $i) { version } }', {}],
  ] as const) {
    const answer: GraphQLAnswer<Record<string, { version: number }>> = await gql(who.page, operation, {
      i: { itemId, fiscalYear, expectedVersion: version, commandId: crypto.randomUUID(), ...input },
    });
    if (answer.errors) throw new Error(`${itemId}: ${operation}: ${JSON.stringify(answer.errors)}`);
    version = Object.values(answer.data ?? {})[0]?.version ?? null;
  }
  return version!;
}

/**
 * 評価検証委員会の会議 through the API: scheduled by `member` with `itemIds` on its agenda, opened, and the members
 * recorded present (every one invited, or those `present` picks: fewer for a session without quorum). The committee
 * decides only in such a session; its page then offers it in the finalise form. Returns the session's id and version.
 */
export async function committeeSessionByApi(
  member: Person,
  itemIds: readonly string[],
  fiscalYear: number,
  present: (invited: string[]) => string[] = (invited) => invited,
): Promise<{ meetingId: string; version: number }> {
  const run = async (operation: string, input: Record<string, unknown>) => {
    const answer: GraphQLAnswer<Record<string, { meetingId: string; version: number; invited: { userId: string }[] }>> = await gql(member.page, operation, {
      i: { commandId: crypto.randomUUID(), ...input },
    });
    if (answer.errors) throw new Error(`${operation}: ${JSON.stringify(answer.errors)}`);
    return Object.values(answer.data ?? {})[0]!;
  };
  const fields = '{ meetingId version invited { userId } }';
  let m = await run(`mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) ${fields} }`, {
    body: 'committee',
    fiscalYear,
    date: `${fiscalYear + 1}-05-20`,
    place: '本会 会議室',
    agenda: [...itemIds],
  });
  m = await run(`mutation($i: MeetingActionInput!) { openMeeting(input: $i) ${fields} }`, { meetingId: m.meetingId, expectedVersion: m.version });
  m = await run(`mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) ${fields} }`, {
    meetingId: m.meetingId,
    expectedVersion: m.version,
    present: present(m.invited.map((p) => p.userId)),
  });
  return { meetingId: m.meetingId, version: m.version };
}

/** 確定 through the API in a committee session opened for the item (quorum present); returns the evaluation's version. */
export async function finalizedInSession(
  member: Person,
  itemId: string,
  fiscalYear: number,
  input: { expectedVersion: number; overallGrade: string; rationale: string; reason?: string | null },
): Promise<number> {
  const { meetingId } = await committeeSessionByApi(member, [itemId], fiscalYear);
  const answer: GraphQLAnswer<{ finalizeEvaluation: { version: number } }> = await gql(
    member.page,
    'mutation($i: FinalizeEvaluationInput!) { finalizeEvaluation(input: $i) { version } }',
    { i: { itemId, fiscalYear, commandId: crypto.randomUUID(), meetingId, ...input } },
  );
  if (answer.errors) throw new Error(`${itemId}: finalizeEvaluation: ${JSON.stringify(answer.errors)}`);
  return answer.data!.finalizeEvaluation.version;
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Where the browser tests leave a screenshot of every page they check (a test artifact, not committed). */
export const SCREENSHOTS = join(webRoot, 'test-results', 'screenshots');
let shots = 0;

/** A full-page screenshot, numbered in the order taken: test-results/screenshots/NN-<name>.jpg (JPEG: quicker to encode). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = `${String(++shots).padStart(2, '0')}-${name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '')}.jpg`;
  await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true, type: 'jpeg', quality: 80 });
}

/** axe-core on the page as it is now: no serious or critical violation. Saves the page's screenshot too. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // A fading-in message would be measured half transparent: let transitions finish first.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await screenshot(page, what);
  // evaluated by the test harness, not added as a <script>: the app's CSP refuses inline scripts, as it should
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: { resultTypes: string[] }): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ""}`).join(', ')}`);
  });
  expect(violations, `axe on ${what}`).toEqual([]);
}

/**
 * Opens `path` and resolves once the page has sent its subscription `operation` over graphql-ws: a live-update test acts
 * only after that, or on a slow machine the change can happen before the page listens (and is never pushed). Every socket
 * the page opens is watched (a reload may open more than one).
 */
export async function gotoListening(page: Page, path: string | null, operation: string): Promise<void> {
  let heard!: () => void;
  const subscribed = new Promise<void>((resolve) => (heard = resolve));
  const watch = (socket: WebSocket) => socket.on('framesent', (frame) => String(frame.payload).includes(operation) && heard());
  page.on('websocket', watch);
  try {
    await (path === null ? page.reload() : page.goto(path));
    await subscribed;
  } finally {
    page.off('websocket', watch);
  }
}
