/**
 * The one summary `npm run bench` ends with (issue 15, point 6): every suite reports its figures as rows, each with
 * the issue's target where it sets one, and the table says met / not met beside the machine's load at the start.
 * A suite reports into it by returning `SummaryRow[]` made with `figure()` (the web suite's page scores too).
 */

export type Unit = 'ev/s' | 'ms' | 's' | '×' | 'MiB' | 'MB' | 'score' | 'mutations/s' | 'commands/s' | 'events';

export interface Target {
  /** the value must be at least (`>=`) or at most (`<=`) this */
  op: '>=' | '<=';
  value: number;
}

export interface SummaryRow {
  suite: string;
  figure: string;
  /** null: the figure could not be measured in this run (the row says why in `note`) */
  value: number | null;
  unit: Unit;
  target: Target | null;
  /** null when there is no target or no value */
  met: boolean | null;
  note?: string;
}

/** The targets of issue 15, by name, so every suite states the same one. */
export const TARGETS = {
  rebuildRate: { op: '>=', value: 50_000 },
  rebuildToRawFold: { op: '>=', value: 0.3 },
  mutationP95: { op: '<=', value: 30 },
  detailP95: { op: '<=', value: 30 },
  evaluationAsOfP95: { op: '<=', value: 5 },
  boardAsOfP95: { op: '<=', value: 20 },
  startUpMs: { op: '<=', value: 3000 },
  pageScore: { op: '>=', value: 95 },
} as const satisfies Record<string, Target>;

export function meets(value: number, target: Target): boolean {
  return target.op === '>=' ? value >= target.value : value <= target.value;
}

/** One row; `met` follows from the value and the target. */
export function figure(suite: string, name: string, value: number | null | undefined, unit: Unit, target: Target | null = null, note?: string): SummaryRow {
  const v = value === undefined || value === null || !Number.isFinite(value) ? null : value;
  return { suite, figure: name, value: v, unit, target, met: v === null || target === null ? null : meets(v, target), ...(note ? { note } : {}) };
}

function number(value: number, unit: Unit): string {
  const digits = unit === 'ms' || unit === '×' || unit === 's' ? (Math.abs(value) < 10 ? 2 : 1) : 0;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return 'n/a';
  return unit === '×' ? `${number(value, unit)}×` : `${number(value, unit)} ${unit}`;
}

export function formatTarget(target: Target | null, unit: Unit): string {
  return target === null ? '—' : `${target.op === '>=' ? '≥' : '≤'} ${formatValue(target.value, unit)}`;
}

export interface SummaryContext {
  command: string;
  loadAverageAtStart: number;
  cpus: number;
  /** what the run measured, e.g. "1,000,000 events" */
  size?: string;
}

/** The table, one line per row: suite, figure, value, target, met / NOT MET (blank without a target). */
export function formatSummary(rows: readonly SummaryRow[], context: SummaryContext): string {
  const header = ['suite', 'figure', 'value', 'target', 'met'];
  const cells = rows.map((r) => [
    r.suite,
    r.note ? `${r.figure} (${r.note})` : r.figure,
    formatValue(r.value, r.unit),
    formatTarget(r.target, r.unit),
    r.met === null ? (r.target !== null ? 'not measured' : '') : r.met ? 'met' : 'NOT MET',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  // values read best right-aligned, text left-aligned
  const line = (c: string[]) => c.map((x, i) => (i === 2 ? x.padStart(widths[i]!) : x.padEnd(widths[i]!))).join('  ').trimEnd();
  const withTarget = rows.filter((r) => r.target !== null);
  const met = withTarget.filter((r) => r.met === true).length;
  return [
    `Summary: ${context.command}${context.size ? `, ${context.size}` : ''}; load average ${context.loadAverageAtStart.toFixed(2)} at the start on ${context.cpus} CPUs`,
    line(header),
    ...cells.map(line),
    `${met} of ${withTarget.length} targets met`,
  ].join('\n');
}

/** What HYOKA_BENCH_JSON gets: the table's rows with the run's context, for a closing note to quote. */
export interface SummaryJson extends SummaryContext {
  startedAt: string;
  rows: SummaryRow[];
  targets: { total: number; met: number; notMet: number; notMeasured: number };
}

export function summaryJson(rows: readonly SummaryRow[], context: SummaryContext & { startedAt: string }): SummaryJson {
  const withTarget = rows.filter((r) => r.target !== null);
  return {
    ...context,
    rows: [...rows],
    targets: {
      total: withTarget.length,
      met: withTarget.filter((r) => r.met === true).length,
      notMet: withTarget.filter((r) => r.met === false).length,
      notMeasured: withTarget.filter((r) => r.met === null).length,
    },
  };
}
