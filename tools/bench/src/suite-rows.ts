import type { ApiBenchResult } from './api-bench.js';
import type { EmmettBenchResult } from './emmett-bench.js';
import type { StoreBenchResult } from './store-bench.js';
import { TARGETS, figure, type SummaryRow } from './summary.js';

/* Each suite's figures as summary rows (summary.ts), with the targets where it sets one. */

export function storeRows(store: StoreBenchResult, emmett?: EmmettBenchResult): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const m of store.measurements) {
    rows.push(figure('store', `${m.name}: hyoka`, m.hyokaEventsPerSecond, 'ev/s'));
    rows.push(figure('store', `${m.name}: hyoka ÷ ${m.baseline}`, m.ratio, '×', m.target === undefined ? null : { op: '>=', value: m.target }));
  }
  if (emmett?.skipped) rows.push(figure('store', 'emmett-sqlite leg', null, 'ev/s', null, `skipped: ${emmett.skipped}`));
  for (const m of emmett?.measurements ?? []) {
    const blocked = m.blockedRuns ? `blocked, killed after ${emmett!.limitSeconds} s` : m.failures ? `${m.failures} appends failed` : undefined;
    rows.push(figure('store', `${m.name}: hyoka ÷ emmett`, m.ratio, '×', null, blocked));
  }
  return rows;
}

interface Latency {
  p50: number;
  p95: number;
}

/** The replay suite's result (replay-bench.ts returns it as a record). */
export function replayRows(replay: Record<string, unknown>): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const generation = replay['generation'] as { eventsPerSecond: number } | undefined;
  const store = replay['store'] as { events: number; bytes: number } | undefined;
  const boardAsOf = replay['boardAsOf'] as { withSnapshots: Latency } | undefined;
  const evaluationAsOf = replay['evaluationAsOf'] as Latency | undefined;
  const raw = replay['rawFold'] as { eventsPerSecond: number } | undefined;
  const rebuild = replay['rebuild'] as
    | { eventsPerSecond: number; ratioToRawFold: number; peakRss?: { afterRebuildMiB: number } }
    | undefined;
  if (generation) rows.push(figure('replay', 'log generated', generation.eventsPerSecond, 'ev/s'));
  if (store) {
    rows.push(figure('replay', 'events in the log', store.events, 'events'));
    rows.push(figure('replay', 'store size on disk', Math.round(store.bytes / 1e5) / 10, 'MB'));
  }
  if (boardAsOf) rows.push(figure('replay', 'board as of p95 (replay index, in process)', boardAsOf.withSnapshots.p95, 'ms', TARGETS.boardAsOfP95));
  if (evaluationAsOf) rows.push(figure('replay', 'evaluation as of p95 (in process)', evaluationAsOf.p95, 'ms', TARGETS.evaluationAsOfP95));
  if (raw) rows.push(figure('replay', 'raw fold (read + JSON.parse + count)', raw.eventsPerSecond, 'ev/s'));
  if (rebuild) {
    rows.push(figure('replay', 'rebuild of every read model', rebuild.eventsPerSecond, 'ev/s', TARGETS.rebuildRate));
    rows.push(figure('replay', 'rebuild ÷ raw fold', rebuild.ratioToRawFold, '×', TARGETS.rebuildToRawFold));
    if (rebuild.peakRss) rows.push(figure('replay', 'peak RSS of the rebuilding process', rebuild.peakRss.afterRebuildMiB, 'MiB'));
  } else {
    rows.push(figure('replay', 'rebuild of every read model', null, 'ev/s', TARGETS.rebuildRate, 'not run: HYOKA_BENCH_REBUILD=0'));
  }
  return rows;
}

export function apiRows(api: ApiBenchResult): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const p95 = (name: string) => api.measurements.find((m) => m.name === name)?.p95Ms;
  rows.push(figure('api', 'events stored', api.seed.eventsStored, 'events'));
  if (api.seed.commands > 0) rows.push(figure('api', 'seeding through the API', api.seed.commandsPerSecond, 'commands/s'));
  if (api.seed.eventsPerSecond !== null && api.seed.eventsPerSecond !== undefined) rows.push(figure('api', 'seeding', api.seed.eventsPerSecond, 'ev/s'));
  if (api.seed.storeBytes !== undefined) rows.push(figure('api', 'store size on disk', Math.round(api.seed.storeBytes / 1e5) / 10, 'MB'));
  rows.push(
    figure('api', 'start-up to the first answered query', Math.round(api.server.firstQuerySeconds * 1000), 'ms', TARGETS.startUpMs,
      api.server.loadAtFirstQuery === undefined ? undefined : `load ${api.server.loadAtFirstQuery}`),
  );
  if (api.server.firstQueryCpuSeconds !== null && api.server.firstQueryCpuSeconds !== undefined) {
    rows.push(figure('api', 'start-up: CPU time of the API process by then', api.server.firstQueryCpuSeconds, 's'));
  }
  if (api.server.firstCatchUpSeconds !== null && api.server.firstCatchUpSeconds !== undefined) {
    rows.push(figure('api', 'first start on the generated store: read models caught up after', api.server.firstCatchUpSeconds, 's'));
  }
  rows.push(
    figure('api', 'start-up, read models deleted, first answered query', Math.round(api.server.readModelsBehind.firstQuerySeconds * 1000), 'ms', TARGETS.startUpMs),
  );
  rows.push(figure('api', 'read models deleted: caught up after', api.server.readModelsBehind.caughtUpSeconds, 's'));
  rows.push(figure('api', 'peak RSS of the API process', api.server.peakRssMiB, 'MiB'));
  rows.push(figure('api', 'board p95', p95('board'), 'ms'));
  rows.push(figure('api', 'evaluation detail p95', p95('evaluation detail'), 'ms', TARGETS.detailP95));
  rows.push(figure('api', 'board as of p95', p95('board as of'), 'ms', TARGETS.boardAsOfP95));
  rows.push(figure('api', 'mutation round trip p95', p95('comment mutation'), 'ms', TARGETS.mutationP95));
  const runs = (processes: number) => api.throughput.filter((t) => t.processes === processes).map((t) => t.mutationsPerSecond);
  const [one, two] = [runs(1), runs(2)];
  if (one.length > 0) rows.push(figure('api', 'throughput, one API process (median)', median(one), 'mutations/s'));
  if (two.length > 0) rows.push(figure('api', 'throughput, two API processes on one store (median)', median(two), 'mutations/s'));
  return rows;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2;
}
