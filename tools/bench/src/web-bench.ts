import { figure, TARGETS, type SummaryRow } from './summary.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import {
  Client,
  countEvents,
  DATA_DIR_PREFIX,
  defaultApiBenchOptions,
  OWNER_FILE,
  PASSWORD,
  removeAbandonedDataDirs,
  seed,
  startApiProcess,
  type ApiProcess,
} from './api-bench.js';

/*
 * The pages as a signed-in person loads them: the built web app served by the API process (as `npm start` serves it)
 * on a store seeded by the api suite's seeding, each page measured by Lighthouse (desktop, no throttling: the
 * machine as it is) with the person's session cookie. Lighthouse clears the cache before each run, so every figure
 * is a first load of the page.
 */

export interface WebBenchOptions {
  /** events in the store behind the pages (HYOKA_BENCH_EVENTS; the issue's target is with 1,000,000) */
  events: number;
  fiscalYear: number;
  /** Lighthouse runs per page; the run with the median score is reported (HYOKA_BENCH_WEB_RUNS) */
  runs: number;
  /** keep the seeded data folder here and reuse it next time (HYOKA_BENCH_STORE + `.web`) */
  dataDir?: string;
  /** only the pages whose key contains one of these (HYOKA_BENCH_WEB_PAGES, comma-separated) */
  pages?: readonly string[];
  /** write each run's whole Lighthouse report (JSON, open it in the Lighthouse viewer) into this folder (HYOKA_BENCH_WEB_REPORTS) */
  reportsDir?: string;
}

export const defaultWebBenchOptions: WebBenchOptions = { events: 20_000, fiscalYear: 2025, runs: 3 };

export function webBenchOptionsFromEnv(events: number | null): WebBenchOptions {
  const runs = Number(process.env['HYOKA_BENCH_WEB_RUNS'] ?? defaultWebBenchOptions.runs);
  if (!Number.isSafeInteger(runs) || runs < 1 || runs > 20) throw new Error(`HYOKA_BENCH_WEB_RUNS must be 1–20, got '${process.env['HYOKA_BENCH_WEB_RUNS']}'`);
  const store = process.env['HYOKA_BENCH_STORE']?.trim();
  const pages = process.env['HYOKA_BENCH_WEB_PAGES']?.split(',').map((p) => p.trim()).filter(Boolean);
  return {
    ...defaultWebBenchOptions,
    events: events ?? defaultWebBenchOptions.events,
    runs,
    ...(store ? { dataDir: resolve(`${store}.web`) } : {}),
    ...(pages?.length ? { pages } : {}),
    ...(process.env['HYOKA_BENCH_WEB_REPORTS']?.trim() ? { reportsDir: resolve(process.env['HYOKA_BENCH_WEB_REPORTS'].trim()) } : {}),
  };
}

export interface PageMeasurement {
  key: string;
  /** the page's name in the UI */
  label: string;
  path: string;
  /** the demo account it is loaded as */
  as: string;
  runs: number;
  /** of the median run (by score) */
  score: number;
  scores: number[];
  tbtMs: number;
  ttiMs: number | null;
  lcpMs: number;
  fcpMs: number;
  cls: number;
  speedIndexMs: number;
  /** bytes the page loaded (transfer size) */
  transferBytes: number;
  /** Lighthouse's CPU benchmark during the median run: lower means a busier machine (its docs call ~1000+ a desktop) */
  benchmarkIndex: number | null;
  /** the main thread's busiest work by category, ms (of the median run) */
  mainThread: Record<string, number>;
  /** the longest scripts by main-thread time, ms (of the median run) */
  bootup: { url: string; scriptingMs: number }[];
}

export interface WebBenchResult {
  suite: 'web';
  startedAt: string;
  lighthouse: string;
  chrome: string;
  settings: string;
  loadAverage: { atStart: number; beforeMeasuring: number; afterMeasuring: number };
  seed: { eventsStored: number; reused: boolean; seconds: number | null };
  pages: PageMeasurement[];
}

export const WEB_SCORE_TARGET = TARGETS.pageScore.value;

interface PageSpec {
  key: string;
  label: string;
  as: string;
  path: (ctx: { fiscalYear: number; itemId: string; meetingId: string }) => string;
}

/** Every page a signed-in person uses, each as someone who uses it (the menu of apps/web/src/lib/menu.ts). */
const PAGES: readonly PageSpec[] = [
  { key: 'inbox', label: '受信箱', as: 'head-general', path: () => '/' },
  { key: 'plan', label: '計画', as: 'head-general', path: () => '/plan' },
  { key: 'evaluation', label: '評価', as: 'manager', path: (c) => `/evaluations/${encodeURIComponent(c.itemId)}/${c.fiscalYear}` },
  { key: 'bulk-approval', label: '一括承認', as: 'head-general', path: () => '/bulk-approval' },
  { key: 'board', label: '進捗ボード', as: 'manager', path: () => '/board' },
  { key: 'meetings', label: '会議', as: 'committee-1', path: () => '/meetings' },
  { key: 'meeting', label: '会議（1回）', as: 'committee-1', path: (c) => `/meetings/${encodeURIComponent(c.meetingId)}` },
  { key: 'progress', label: '進捗', as: 'manager', path: () => '/progress' },
  { key: 'audit', label: '監査', as: 'auditor', path: () => '/audit' },
  { key: 'reports', label: '年次報告', as: 'manager', path: (c) => `/reports/${c.fiscalYear}` },
  { key: 'calendar', label: 'カレンダー', as: 'admin', path: () => '/calendar' },
  { key: 'admin-users', label: '利用者管理', as: 'admin', path: () => '/admin/users' },
  { key: 'plan-import', label: '計画の取り込み', as: 'admin', path: () => '/admin/plan-import' },
];

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu'];
const SETTINGS = 'desktop (--form-factor=desktop --screenEmulation.disabled), --throttling-method=provided, chromium --headless=new --no-sandbox --disable-gpu';

function buildApiAndWeb(log: (line: string) => void): void {
  log('building the API and the web app (npx nx run-many -t build --projects=@hyoka/api,@hyoka/web) …');
  const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=@hyoka/api,@hyoka/web', '--outputStyle=static'], {
    cwd: repoRoot,
    env: { ...process.env, NX_DAEMON: 'false' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`the build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
}

const median = <T>(xs: readonly T[], by: (x: T) => number): T => [...xs].sort((a, b) => by(a) - by(b))[Math.floor((xs.length - 1) / 2)]!;
const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The meeting a committee member opens: the seeding's session of the year (every item on its agenda). */
async function aMeeting(client: Client, fiscalYear: number): Promise<string> {
  const { meetings } = await client.run<{ meetings: { meetingId: string; fiscalYear: number }[] }>(
    `query($fiscalYear: Int!) { meetings(fiscalYear: $fiscalYear) { meetingId fiscalYear } }`,
    { fiscalYear },
  );
  const meeting = meetings[0];
  if (!meeting) throw new Error(`no meeting in ${fiscalYear} to measure`);
  return meeting.meetingId;
}

/** An evaluation of the year in the 管理職会議 with the median number of events: the page a 管理職 opens. */
async function anEvaluation(client: Client, fiscalYear: number): Promise<string> {
  const { board } = await client.run<{ board: { entries: { itemId: string; stage: string; version: number | null }[] } }>(
    `query($fiscalYear: Int!) { board(fiscalYear: $fiscalYear) { entries { itemId stage version } } }`,
    { fiscalYear },
  );
  const inReview = board.entries.filter((e) => e.stage === 'ManagersMeetingReview' && e.version !== null);
  const pick = inReview.length > 0 ? median(inReview, (e) => e.version!) : board.entries.find((e) => e.version !== null);
  if (!pick) throw new Error(`no evaluation of ${fiscalYear} to measure`);
  return pick.itemId;
}

interface LighthouseAudit {
  numericValue?: number;
  details?: { items?: Record<string, unknown>[] };
}
interface LighthouseResult {
  lighthouseVersion: string;
  environment: { hostUserAgent: string; benchmarkIndex?: number };
  finalDisplayedUrl: string;
  runtimeError?: { code: string; message: string };
  categories: { performance: { score: number | null } };
  audits: Record<string, LighthouseAudit | undefined>;
}

async function lighthouseRun(url: string, port: number, cookie: string): Promise<LighthouseResult> {
  const runner = await lighthouse(
    url,
    { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] },
    {
      extends: 'lighthouse:default',
      settings: {
        formFactor: 'desktop',
        screenEmulation: { disabled: true },
        throttlingMethod: 'provided',
        extraHeaders: { Cookie: cookie },
      },
    },
  );
  if (!runner) throw new Error(`Lighthouse gave no result for ${url}`);
  return runner.lhr as unknown as LighthouseResult;
}

function measurementOf(spec: PageSpec, path: string, runs: LighthouseResult[]): PageMeasurement {
  const scoreOf = (r: LighthouseResult) => Math.round((r.categories.performance.score ?? 0) * 100);
  const m = median(runs, scoreOf);
  const value = (id: string) => m.audits[id]?.numericValue;
  const items = (id: string) => m.audits[id]?.details?.items ?? [];
  const mainThread = Object.fromEntries(
    items('mainthread-work-breakdown')
      .map((i) => [String(i['groupLabel'] ?? i['group']), round(Number(i['duration']), 0)] as const)
      .filter(([, ms]) => ms >= 20),
  );
  const bootup = items('bootup-time')
    .map((i) => ({ url: String(i['url']).replace(/^https?:\/\/[^/]+/, ''), scriptingMs: round(Number(i['scripting']), 0) }))
    .filter((b) => b.scriptingMs >= 20);
  return {
    key: spec.key,
    label: spec.label,
    path,
    as: spec.as,
    runs: runs.length,
    score: scoreOf(m),
    scores: runs.map(scoreOf),
    tbtMs: round(value('total-blocking-time') ?? 0),
    ttiMs: value('interactive') === undefined ? null : round(value('interactive')!),
    lcpMs: round(value('largest-contentful-paint') ?? 0),
    fcpMs: round(value('first-contentful-paint') ?? 0),
    cls: round(value('cumulative-layout-shift') ?? 0, 3),
    speedIndexMs: round(value('speed-index') ?? 0),
    transferBytes: round(value('total-byte-weight') ?? 0),
    benchmarkIndex: m.environment.benchmarkIndex === undefined ? null : round(m.environment.benchmarkIndex),
    mainThread,
    bootup,
  };
}

/** Runs the suite: seed (or reuse) a store, start the API with the built web app, Lighthouse every page. */
export async function runWebBenchmark(options: WebBenchOptions = defaultWebBenchOptions, log: (line: string) => void = () => {}): Promise<WebBenchResult> {
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg()[0]!;
  buildApiAndWeb(log);
  const webDist = join(repoRoot, 'apps/web/dist');
  if (!existsSync(join(webDist, 'index.html'))) throw new Error(`the web build left no ${webDist}/index.html`);

  removeAbandonedDataDirs(log);
  const kept = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), DATA_DIR_PREFIX));
  let reused = false;
  let seedSeconds: number | null = null;
  if (kept && existsSync(join(dataDir, 'events.sqlite')) && countEvents(dataDir).total >= options.events) {
    reused = true;
    log(`reusing the store in ${dataDir} (${countEvents(dataDir).total.toLocaleString('en-US')} events)`);
  } else {
    if (kept) rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    if (!kept) writeFileSync(join(dataDir, OWNER_FILE), String(process.pid));
    const seeded = await seed(dataDir, { ...defaultApiBenchOptions, events: options.events, fiscalYear: options.fiscalYear }, log);
    seedSeconds = round(seeded.seconds, 1);
  }
  const cleanUp = () => {
    if (!kept) rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', cleanUp);
  const eventsStored = countEvents(dataDir).total;
  log(`store: ${eventsStored.toLocaleString('en-US')} events`);

  let server: ApiProcess | undefined;
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    server = await startApiProcess(dataDir, log, { HYOKA_WEB_DIST: webDist });
    const url = server.url;
    // the pages' figures are of the read models at the head: wait for the start-up catch-up to end
    const probe = new Client(url);
    await probe.signIn('manager', PASSWORD);
    for (;;) {
      const { projectionStatus } = await probe.run<{ projectionStatus: { catchingUp: boolean } }>(`{ projectionStatus { catchingUp } }`);
      if (!projectionStatus.catchingUp) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const committee = new Client(url);
    await committee.signIn('committee-1', PASSWORD);
    const ctx = { fiscalYear: options.fiscalYear, itemId: await anEvaluation(probe, options.fiscalYear), meetingId: await aMeeting(committee, options.fiscalYear) };

    const sessions = new Map<string, string>();
    const cookieOf = async (loginName: string): Promise<string> => {
      let cookie = sessions.get(loginName);
      if (!cookie) {
        const client = new Client(url);
        await client.signIn(loginName, PASSWORD);
        cookie = `hyoka_session=${client.sessionId()}`;
        sessions.set(loginName, cookie);
      }
      return cookie;
    };

    chrome = await chromeLauncher.launch({ chromePath: process.env['CHROME_PATH'] || '/usr/bin/chromium', chromeFlags: CHROME_FLAGS });
    const pages = PAGES.filter((p) => !options.pages || options.pages.some((wanted) => p.key.includes(wanted)));
    const loadBefore = loadavg()[0]!;
    log(`Lighthouse on ${pages.length} pages, ${options.runs} run(s) each (load average ${loadBefore.toFixed(2)}) …`);
    const measured: PageMeasurement[] = [];
    let lighthouseVersion = '?';
    let chromeVersion = '?';
    for (const page of pages) {
      const path = page.path(ctx);
      const cookie = await cookieOf(page.as);
      const runs: LighthouseResult[] = [];
      for (let i = 0; i < options.runs; i++) {
        let lhr = await lighthouseRun(`${url}${path}`, chrome.port, cookie);
        // a trace lost on a loaded machine (NO_NAVSTART, NO_FCP): Lighthouse's own advice is to run again, once
        if (lhr.runtimeError) {
          log(`  ${page.key}: Lighthouse ${lhr.runtimeError.code}, running again`);
          lhr = await lighthouseRun(`${url}${path}`, chrome.port, cookie);
        }
        if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        // a page that sent the person to the sign-in page would measure the sign-in page
        if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(`${url}${path}`).pathname) {
          throw new Error(`${path} as ${page.as} ended at ${lhr.finalDisplayedUrl}`);
        }
        if (options.reportsDir) {
          mkdirSync(options.reportsDir, { recursive: true });
          writeFileSync(join(options.reportsDir, `${page.key}-${i + 1}.json`), JSON.stringify(lhr));
        }
        lighthouseVersion = lhr.lighthouseVersion;
        chromeVersion = /Chrome\/[\d.]+/.exec(lhr.environment.hostUserAgent)?.[0] ?? chromeVersion;
        runs.push(lhr);
      }
      const m = measurementOf(page, path, runs);
      log(
        `  ${page.key.padEnd(14)} score ${m.score} (${m.scores.join(', ')}), TBT ${m.tbtMs} ms, TTI ${m.ttiMs ?? 'n/a'} ms, ` +
          `LCP ${m.lcpMs} ms, CLS ${m.cls}, ${Math.round(m.transferBytes / 1024)} KiB, CPU benchmark ${m.benchmarkIndex ?? 'n/a'}`,
      );
      measured.push(m);
    }
    return {
      suite: 'web',
      startedAt,
      lighthouse: lighthouseVersion,
      chrome: chromeVersion,
      settings: SETTINGS,
      loadAverage: { atStart: round(loadAtStart, 2), beforeMeasuring: round(loadBefore, 2), afterMeasuring: round(loadavg()[0]!, 2) },
      seed: { eventsStored, reused, seconds: seedSeconds },
      pages: measured,
    };
  } finally {
    chrome?.kill();
    await server?.stop();
  }
}

export function formatWebBench(result: WebBenchResult): string {
  const header = '| page | path | as | score | TBT ms | TTI ms | LCP ms | CLS | KiB | CPU benchmark |';
  const rows = result.pages.map(
    (p) =>
      `| ${p.label} (${p.key}) | ${p.path} | ${p.as} | ${p.score}${p.runs > 1 ? ` (${p.scores.join(', ')})` : ''} | ${p.tbtMs} | ${p.ttiMs ?? 'n/a'} | ${p.lcpMs} | ${p.cls} | ${Math.round(p.transferBytes / 1024)} | ${p.benchmarkIndex ?? 'n/a'} |`,
  );
  return [
    `Lighthouse ${result.lighthouse}, ${result.chrome}, ${result.settings}; ${result.seed.eventsStored.toLocaleString('en-US')} events in the store; ` +
      `load average ${result.loadAverage.beforeMeasuring} before, ${result.loadAverage.afterMeasuring} after`,
    header,
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The rows of the bench's closing summary: one per page, its performance score against the target. */
export function webSummaryRows(result: WebBenchResult): SummaryRow[] {
  return result.pages.map((p) => figure('web', `Lighthouse ${p.label} (${p.path})`, p.score, 'score', TARGETS.pageScore));
}
