import { Command, InvalidArgumentError } from 'commander';
import { aggregateStream, fiscalYearFold } from '@hyoka/command-handling';
import {
  CALENDAR_KEYS,
  CALENDAR_LABELS,
  decideFiscalYear,
  fiscalYearStream,
  formatFiscalYear,
  type CalendarKey,
  type DueDatesSet,
  type FiscalYearState,
} from '@hyoka/domain';
import { UsageError } from '../errors.js';
import { provenance, recordOnStream, resolveActor } from '../support/append.js';
import { run } from '../support/command.js';
import { line, table, type Io } from '../support/output.js';
import { withStore } from '../support/settings.js';
import { loadUserDirectory } from '../support/user-directory.js';
import { decideWithHint } from './users.js';

/** --plan-submission … --committee: the option of each calendar key. */
const optionOf = (key: CalendarKey): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function parseYear(text: string): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || !Number.isInteger(year)) throw new InvalidArgumentError('年度は西暦の4桁 (例: 2026) / the fiscal year as four digits');
  return year;
}

/** `2026-05-31` sets a date; `none` clears it. The domain checks the date itself (real, within the year, in order). */
const parseDate = (text: string): string | null => (text === 'none' ? null : text);

type SetOptions = { year: number; as?: string } & Partial<Record<CalendarKey, string | null>>;

export function calendarCommand(io: Io): Command {
  const calendar = new Command('calendar')
    .summary('年度の期限 (カレンダー) の表示と設定 / show and set the year\'s due dates')
    .description(
      '年度ごとの期限 (単年度計画の提出・承認、自己評価の提出、推進会議・管理職会議・評価検証委員会の審査) を表示・設定します。日付は日本時間の YYYY-MM-DD。\n' +
        "Shows and sets a fiscal year's due dates (plan submission and approval, self-evaluation, each body's review); dates are JST YYYY-MM-DD.",
    );

  calendar
    .command('show')
    .summary('年度の期限を表示する / show the due dates of a year')
    .requiredOption('--year <fiscalYear>', '年度 (例: 2026) / fiscal year', parseYear)
    .action(
      run<{ year: number }, []>(io, async (ctx) =>
        withStore(ctx.settings.store, {}, async (store) => {
          const { state } = await aggregateStream(store, fiscalYearStream(ctx.options.year), fiscalYearFold);
          if (state.status !== 'Open') {
            line(io.err, `${formatFiscalYear(ctx.options.year)}はまだ開始されていません / fiscal year ${ctx.options.year} is not opened`);
            return 1;
          }
          line(io.out, formatFiscalYear(state.fiscalYear));
          const rows = [['key', '期限 / due', 'date (JST)']];
          for (const key of CALENDAR_KEYS) rows.push([key, CALENDAR_LABELS[key], state.dueDates[key] ?? '-']);
          line(io.out, table(rows));
        }),
      ),
    );

  let set = calendar
    .command('set')
    .summary('年度の期限を設定する (管理者) / set due dates (administrator)')
    .description(
      '指定した期限だけを設定します (none で解除、指定しない期限はそのまま)。管理者 (--as) の操作として記録されます。\n' +
        'Sets the dates given (none clears one; the others stay); recorded as the administrator named by --as.',
    )
    .requiredOption('--year <fiscalYear>', '年度 (例: 2026) / fiscal year', parseYear)
    .option('--as <login>', '管理者として実行 (必要) / act as this administrator (needed)');
  for (const key of CALENDAR_KEYS) set = set.option(`${optionOf(key)} <date>`, `${CALENDAR_LABELS[key]} (YYYY-MM-DD | none)`, parseDate);
  set.action(
    run<SetOptions, []>(io, async (ctx) => {
      const dueDates: Partial<Record<CalendarKey, string | null>> = {};
      for (const key of CALENDAR_KEYS) if (ctx.options[key] !== undefined) dueDates[key] = ctx.options[key];
      if (Object.keys(dueDates).length === 0) {
        throw new UsageError(`期限を1つ以上指定してください / give at least one of ${CALENDAR_KEYS.map(optionOf).join(', ')}`);
      }
      const fiscalYear = ctx.options.year;
      const recorded = await withStore(ctx.settings.store, {}, async (store) => {
        const users = await loadUserDirectory(store, ctx.settings.readModelFile);
        const actor = await resolveActor(store, users, ctx.options.as);
        const p = provenance(actor);
        const command = { type: 'SetDueDates', data: { fiscalYear, dueDates } } as const;
        const decide = (s: FiscalYearState) => decideWithHint(() => decideFiscalYear(command, s, { actor, now: p.now }), actor);
        return recordOnStream(store, fiscalYearStream(fiscalYear), fiscalYearFold, decide, p);
      });
      const set = (recorded.newEvents.at(-1) as DueDatesSet).data.dueDates;
      line(io.out, `${formatFiscalYear(fiscalYear)}の期限を設定しました / set the due dates of ${fiscalYear}`);
      line(io.out, table(CALENDAR_KEYS.map((key) => [key, CALENDAR_LABELS[key], set[key] ?? '-'])) + `\nposition ${recorded.position}`);
    }),
  );
  return calendar;
}
