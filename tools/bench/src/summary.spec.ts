import { describe, expect, it } from 'vitest';
import { TARGETS, figure, formatSummary, summaryJson } from './summary.js';
import { apiRows, replayRows } from './suite-rows.js';
import type { ApiBenchResult } from './api-bench.js';

describe('the bench summary', () => {
  it('says met or not met against the target, either way round', () => {
    expect(figure('replay', 'rebuild', 50_000, 'ev/s', TARGETS.rebuildRate).met).toBe(true);
    expect(figure('replay', 'rebuild', 49_999, 'ev/s', TARGETS.rebuildRate).met).toBe(false);
    expect(figure('api', 'mutation p95', 30, 'ms', TARGETS.mutationP95).met).toBe(true);
    expect(figure('api', 'mutation p95', 30.01, 'ms', TARGETS.mutationP95).met).toBe(false);
    expect(figure('api', 'start-up', 3001, 'ms', TARGETS.startUpMs).met).toBe(false);
  });

  it('leaves met empty without a target or a value', () => {
    expect(figure('store', 'read all', 200_000, 'ev/s').met).toBeNull();
    const missing = figure('replay', 'rebuild', null, 'ev/s', TARGETS.rebuildRate, 'not run');
    expect(missing).toMatchObject({ value: null, met: null, note: 'not run' });
    expect(figure('api', 'peak RSS', Number.NaN, 'MiB').value).toBeNull();
  });

  it('prints one line per row with its target and verdict, the load at the start and the count of targets met', () => {
    const rows = [
      figure('replay', 'rebuild of every read model', 9_983, 'ev/s', TARGETS.rebuildRate),
      figure('replay', 'rebuild ÷ raw fold', 0.31, '×', TARGETS.rebuildToRawFold),
      figure('api', 'peak RSS of the API process', 357, 'MiB'),
      figure('web', 'board performance score', null, 'score', TARGETS.pageScore, 'no chromium'),
    ];
    const text = formatSummary(rows, { command: 'npm run bench', loadAverageAtStart: 0.09, cpus: 2, size: '1,000,000 events' }).split('\n');
    expect(text[0]).toBe('Summary: npm run bench, 1,000,000 events; load average 0.09 at the start on 2 CPUs');
    expect(text[1]).toMatch(/^suite\s+figure\s+value\s+target\s+met$/);
    expect(text[2]).toMatch(/^replay\s+rebuild of every read model\s+9,983 ev\/s\s+≥ 50,000 ev\/s\s+NOT MET$/);
    expect(text[3]).toMatch(/rebuild ÷ raw fold\s+0\.31×\s+≥ 0\.3×\s+met$/);
    expect(text[4]).toMatch(/peak RSS of the API process\s+357 MiB\s+—$/);
    expect(text[5]).toMatch(/board performance score \(no chromium\)\s+n\/a\s+≥ 95 score\s+not measured$/);
    expect(text[6]).toBe('1 of 3 targets met');
    expect(text).toHaveLength(7);
  });

  it('gives the same rows as JSON with the count of targets met, not met and not measured', () => {
    const rows = [
      figure('api', 'mutation round trip p95', 21, 'ms', TARGETS.mutationP95),
      figure('api', 'board as of p95', 41, 'ms', TARGETS.boardAsOfP95),
      figure('api', 'start-up', null, 'ms', TARGETS.startUpMs),
      figure('api', 'board p95', 7, 'ms'),
    ];
    const json = summaryJson(rows, { command: 'npm run bench -- api', loadAverageAtStart: 1.5, cpus: 2, startedAt: '2026-12-03T00:00:00.000Z' });
    expect(json.targets).toEqual({ total: 3, met: 1, notMet: 1, notMeasured: 1 });
    expect(JSON.parse(JSON.stringify(json)).rows).toEqual(rows);
  });

  it("turns the replay suite's result into rows with the issue's targets", () => {
    const rows = replayRows({
      generation: { eventsPerSecond: 11_000 },
      store: { events: 997_749, bytes: 1_234_567_890 },
      boardAsOf: { withSnapshots: { p50: 11.3, p95: 17.7 } },
      evaluationAsOf: { p50: 5, p95: 12 },
      rawFold: { eventsPerSecond: 52_457 },
      rebuild: { eventsPerSecond: 9_983, ratioToRawFold: 0.19, peakRss: { afterRebuildMiB: 481 } },
    });
    const by = (name: string) => rows.find((r) => r.figure.startsWith(name))!;
    expect(by('store size on disk')).toMatchObject({ value: 1234.6, unit: 'MB', met: null });
    expect(by('board as of p95')).toMatchObject({ value: 17.7, target: TARGETS.boardAsOfP95, met: true });
    expect(by('evaluation as of p95')).toMatchObject({ value: 12, target: TARGETS.evaluationAsOfP95, met: false });
    expect(by('rebuild of every read model')).toMatchObject({ value: 9_983, met: false });
    expect(by('rebuild ÷ raw fold')).toMatchObject({ value: 0.19, met: false });
    expect(replayRows({}).find((r) => r.figure === 'rebuild of every read model')).toMatchObject({ value: null, met: null, note: 'not run: HYOKA_BENCH_REBUILD=0' });
  });

  it("turns the api suite's result into rows: start-up in ms against 3 s, the latencies against theirs", () => {
    const api = {
      seed: { eventsStored: 200_640, commands: 5_000, commandsPerSecond: 120, eventsPerSecond: 4_000, storeBytes: 250_000_000 },
      server: { firstQuerySeconds: 2.5, firstQueryCpuSeconds: 1.4, loadAtFirstQuery: 0.5, firstCatchUpSeconds: null, peakRssMiB: 357, readModelsBehind: { firstQuerySeconds: 3.2, caughtUpSeconds: 87.1 } },
      measurements: [
        { name: 'board', p95Ms: 7.39 },
        { name: 'evaluation detail', p95Ms: 31 },
        { name: 'board as of', p95Ms: 14.1 },
        { name: 'comment mutation', p95Ms: 29.9 },
      ],
      throughput: [
        { processes: 1, mutationsPerSecond: 100 },
        { processes: 2, mutationsPerSecond: 150 },
        { processes: 1, mutationsPerSecond: 120 },
      ],
    } as unknown as ApiBenchResult;
    const rows = apiRows(api);
    const by = (name: string) => rows.find((r) => r.figure === name)!;
    expect(by('start-up to the first answered query')).toMatchObject({ value: 2500, unit: 'ms', met: true, note: 'load 0.5' });
    expect(by('start-up: CPU time of the API process by then')).toMatchObject({ value: 1.4, unit: 's', met: null });
    expect(rows.some((r) => r.figure.startsWith('first start on the generated store'))).toBe(false);
    expect(by('start-up, read models deleted, first answered query')).toMatchObject({ value: 3200, met: false });
    expect(by('evaluation detail p95')).toMatchObject({ met: false });
    expect(by('mutation round trip p95')).toMatchObject({ met: true });
    expect(by('board as of p95')).toMatchObject({ met: true });
    expect(by('board p95')).toMatchObject({ value: 7.39, target: null, met: null });
    expect(by('throughput, one API process (median)').value).toBe(110);
    expect(by('store size on disk')).toMatchObject({ value: 250, unit: 'MB' });
  });
});
