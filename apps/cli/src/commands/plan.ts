import { readFile, writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { FISCAL_YEARS, loadPlanCatalogue, type PlanCatalogue } from '@hyoka/catalogue';
import { aggregateStream, catalogueFold } from '@hyoka/command-handling';
import { catalogueStream, currentPlan, decideCatalogue, type CatalogueCommand, type CatalogueState } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { describeProblem, diffPlans, followedAlready, importModeOf, planSummary, readPlanWorkbook, revisionCommands, writePlanWorkbook } from '@hyoka/plan-workbook';
import { CliError, UsageError } from '../errors.js';
import { provenance, recordOnStream, resolveActor } from '../support/append.js';
import { run, type RunContext } from '../support/command.js';
import { line, table, type Io } from '../support/output.js';
import { withStore } from '../support/settings.js';
import { loadUserDirectory } from '../support/user-directory.js';
import { addLevelRevisions } from './plan-levels.js';
import { decideWithHint } from './users.js';

interface PlanOptions {
  as?: string;
}

interface RevisionOptions extends PlanOptions {
  reason: string;
  approvedBy: string;
}

/** A fiscal year (西暦): the plan period itself is checked by the domain, which knows the periods in the store. */
export function parseFiscalYear(text: string): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text.trim()) || !Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new InvalidArgumentError(`年度は西暦の年 (例: ${FISCAL_YEARS[0]}) で指定してください / the fiscal year must be a year such as ${FISCAL_YEARS[0]}`);
  }
  return year;
}

/** `2025=検討,2026=実施,2027=` → { '2025': '検討', '2026': '実施', '2027': null } */
export function parseSchedule(text: string): Record<string, string | null> {
  const schedule: Record<string, string | null> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const [year = '', ...rest] = part.split('=');
    if (rest.length === 0) throw new InvalidArgumentError(`'${part}' は 年度=段階 ではありません / '${part}' is not year=stage`);
    const stage = rest.join('=').trim();
    schedule[String(parseFiscalYear(year.trim()))] = stage === '' ? null : stage;
  }
  return schedule;
}

/** Decides one catalogue command on the catalogue stream as it is now and appends the result. */
async function decideOnCatalogue(ctx: RunContext<PlanOptions>, command: CatalogueCommand, create = false): Promise<bigint> {
  return withStore(ctx.settings.store, { create }, async (store) => {
    const users = await loadUserDirectory(store, ctx.settings.readModelFile);
    const actor = await resolveActor(store, users, ctx.options.as);
    const p = provenance(actor);
    const decide = (state: CatalogueState) => decideWithHint(() => decideCatalogue(command, state, { actor, now: p.now }), actor);
    return (await recordOnStream(store, catalogueStream(), catalogueFold, decide, p)).position;
  });
}

/** The plan in force now (its 推進会議 mapping as recorded), or null before the import. */
async function planInForce(store: EventStore): Promise<PlanCatalogue | null> {
  const { state } = await aggregateStream(store, catalogueStream(), catalogueFold);
  return state.status === 'Imported' ? currentPlan(state) : null;
}

const NOT_IMPORTED = '計画カタログはまだ取り込まれていません / the plan catalogue is not imported yet';

interface WorkbookImportOptions extends PlanOptions {
  dryRun?: boolean;
  reason?: string;
  approvedBy?: string;
  retireFrom?: number;
}

/** `plan import <file>`: validates a workbook, prints its changes against the plan in force, and records them unless --dry-run. */
async function importWorkbook(io: Io, ctx: RunContext<WorkbookImportOptions>, file: string): Promise<number | void> {
  const read = await readPlanWorkbook(await readFile(file));
  if (!read.ok) {
    line(io.err, `取り込めません。${read.problems.length}件の誤りがあります（何も記録していません） / the workbook has ${read.problems.length} problem(s); nothing was recorded`);
    for (const p of read.problems) line(io.err, describeProblem(p));
    return 1;
  }
  return withStore(ctx.settings.store, { create: true }, async (store) => {
    const current = await planInForce(store);
    const mode = importModeOf(current, read.catalogue);
    if (mode.mode === 'refused') throw new CliError(mode.problem);
    if (mode.mode !== 'revision') return recordWholePlan(io, ctx, store, read.catalogue, mode.mode);
    const changes = diffPlans(current!, read.catalogue);
    if (changes.length === 0) {
      line(io.out, '変更はありません / no changes');
      return;
    }
    line(io.out, `変更 ${changes.length}件 / ${changes.length} change(s):`);
    for (const c of changes) line(io.out, `  ${c.text}`);
    if (ctx.options.dryRun) {
      line(io.out, '--dry-run: 何も記録していません / nothing was recorded');
      return;
    }
    const { reason, approvedBy } = ctx.options;
    if (!reason || !approvedBy) throw new UsageError('記録するには --reason と --approved-by が必要です / recording needs --reason and --approved-by');
    const planned = revisionCommands(changes, { reason, approvedBy, retireFrom: ctx.options.retireFrom });
    if (!planned.ok) {
      throw new CliError(
        `まだ記録できない変更が含まれているため、何も記録していません: ${planned.unsupported.join('、')}。` +
          '計画の見直しとして記録できるのは、部・会議体の追加・変更・廃止、部門を審査する推進会議の変更、部門・推進項目・取組テーマ・実施項目の追加・名称変更・移動・廃止 (--retire-from)、' +
          '現状と課題・推進目標、【再掲】と計画段階の変更です / ' +
          'nothing was recorded: the workbook changes kinds a plan revision cannot record (the plan title or period, a 会議体’s kind or 部, 計画の体系 names, 評価基準)',
      );
    }
    const users = await loadUserDirectory(store, ctx.settings.readModelFile);
    const actor = await resolveActor(store, users, ctx.options.as);
    const p = provenance(actor);
    // one append: every change of the workbook is one approved revision, or nothing is recorded
    const steps = planned.commands.map((command) => (state: CatalogueState) =>
      followedAlready(command, state) ? [] : decideWithHint(() => decideCatalogue(command, state, { actor, now: p.now }), actor),
    );
    const { position } = await recordOnStream(store, catalogueStream(), catalogueFold, steps, p);
    line(io.out, `計画の見直しを記録しました / recorded the revision (${planned.commands.length} change(s)); position ${position}`);
  });
}

/**
 * A workbook of a whole plan: into a store without a plan, the first plan (ImportPlanCatalogue); after the period in
 * force, the next period (OpenPlanPeriod, with --reason and --approved-by, by an administrator).
 */
async function recordWholePlan(
  io: Io,
  ctx: RunContext<WorkbookImportOptions>,
  store: EventStore,
  catalogue: PlanCatalogue,
  mode: 'firstPlan' | 'newPeriod',
): Promise<number | void> {
  const period = `${catalogue.period.from}〜${catalogue.period.to}年度`;
  line(
    io.out,
    mode === 'firstPlan'
      ? `最初の計画として取り込みます / the store has no plan: imports it whole: 「${catalogue.title}」 ${period}`
      : `新しい計画期間を開始します / opens the next plan period: 「${catalogue.title}」 ${period}`,
  );
  line(io.out, `  ${planSummary(catalogue)}`);
  if (ctx.options.dryRun) {
    line(io.out, '--dry-run: 何も記録していません / nothing was recorded');
    return;
  }
  const { reason, approvedBy } = ctx.options;
  const command: CatalogueCommand =
    mode === 'firstPlan' ? { type: 'ImportPlanCatalogue', data: { catalogue } } : { type: 'OpenPlanPeriod', data: { catalogue, reason: reason ?? '', approvedBy: approvedBy ?? '' } };
  if (mode === 'newPeriod' && (!reason || !approvedBy)) {
    throw new UsageError('新しい計画期間を開始するには --reason と --approved-by が必要です / opening a period needs --reason and --approved-by');
  }
  const users = await loadUserDirectory(store, ctx.settings.readModelFile);
  const actor = await resolveActor(store, users, ctx.options.as);
  const p = provenance(actor);
  const decide = (state: CatalogueState) => decideWithHint(() => decideCatalogue(command, state, { actor, now: p.now }), actor);
  const { position } = await recordOnStream(store, catalogueStream(), catalogueFold, decide, p);
  line(
    io.out,
    mode === 'firstPlan'
      ? `計画を取り込みました / imported the plan (${catalogue.items.length} items); position ${position}`
      : `計画期間 ${period} を開始しました / opened the plan period; position ${position}`,
  );
}

export function planCommand(io: Io): Command {
  const plan = new Command('plan')
    .summary('計画カタログの取り込みと見直し / import and revise the plan catalogue')
    .description(
      '中期経営計画のカタログ (製品に同梱) を取り込み、計画の見直し (段階の変更・追加・廃止・名称変更) を理由と承認者つきで記録します。\n' +
        "Imports the shipped plan catalogue once, and records plan revisions with their reason and approver through decideCatalogue.",
    )
    .option('--as <login>', '管理者として実行 (見直しには必要) / act as this administrator (needed for revisions)');

  plan
    .command('import')
    .summary('計画カタログを取り込む (同梱の計画を一度だけ、または Excel ブック) / import the shipped catalogue (once) or a workbook')
    .description(
      'ファイルなし: 同梱の計画カタログを取り込みます (既に取り込まれていれば失敗。ストアがなければ作成)。\n' +
        'ファイルあり: plan export で書き出して編集した Excel ブックを検証し、現在の計画との違いを表示します。--dry-run なら何も記録しません。\n' +
        'そうでなければ --reason と --approved-by を付けて、違いを一つの計画の見直しとして記録します (管理者 --as)。\n' +
        'ブックの計画期間が現在の計画期間の後なら、次の計画期間として開始します。計画のないストアには最初の計画として取り込みます。\n' +
        'Without a file: imports the shipped catalogue once. With a workbook: validates it, prints its changes against the plan in force, ' +
        'and records them as one approved plan revision unless --dry-run.',
    )
    .argument('[file]', '計画ブック (.xlsx) / the plan workbook')
    .option('--dry-run', '検証と差分の表示だけ (何も記録しない) / validate and show the changes only')
    .option('--reason <text>', '見直しの理由 / reason of the revision')
    .option('--approved-by <who>', '承認者 (例: 理事会 2026-03-20) / who approved it')
    .option('--retire-from <fiscalYear>', 'ブックにない実施項目・部門・推進項目・取組テーマを廃止する最初の年度 / first fiscal year without the items and levels the workbook drops', parseFiscalYear)
    .action(
      run<WorkbookImportOptions, [string | undefined]>(io, async (ctx, file) => {
        if (file !== undefined) return importWorkbook(io, ctx, file);
        const catalogue = loadPlanCatalogue();
        const position = await decideOnCatalogue(ctx, { type: 'ImportPlanCatalogue', data: { catalogue } }, true);
        line(io.out, `計画カタログを取り込みました / imported the plan catalogue (${catalogue.items.length} items); position ${position}`);
      }),
    );

  plan
    .command('export')
    .summary('現在の計画を Excel ブックに書き出す / export the plan in force as a workbook')
    .description(
      '見直しを反映した現在の計画 (部・会議体・部門・推進項目・取組テーマ・実施項目・再掲・評価基準) を、編集できる Excel ブックに書き出します。\n' +
        'Writes the plan in force (every level, the 3-year schedules, 【再掲】 links and the evaluation rules) as an editable workbook.',
    )
    .requiredOption('--out <file>', '書き出すファイル / output file')
    .option('--format <format>', '形式 (xlsx) / format', 'xlsx')
    .action(
      run<PlanOptions & { out: string; format: string }, []>(io, async (ctx) => {
        if (ctx.options.format !== 'xlsx') throw new UsageError(`形式は xlsx だけです / the only format is xlsx (got '${ctx.options.format}')`);
        return withStore(ctx.settings.store, {}, async (store) => {
          const current = await planInForce(store);
          if (!current) {
            line(io.err, NOT_IMPORTED);
            return 1;
          }
          await writeFile(ctx.options.out, await writePlanWorkbook(current));
          line(io.out, `計画を書き出しました / wrote ${ctx.options.out} (${current.items.length} items)`);
        });
      }),
    );

  plan
    .command('items')
    .summary('現在の実施項目の一覧 / list the current implementation items')
    .description('見直しを反映した現在の実施項目 (ID・部門・名称・年度ごとの計画段階) / the current items with every revision applied')
    .option('--division <id>', 'この部門だけ / only this division')
    .action(
      run<PlanOptions & { division?: string }, []>(io, async (ctx) =>
        withStore(ctx.settings.store, {}, async (store) => {
          const { state } = await aggregateStream(store, catalogueStream(), catalogueFold);
          if (state.status !== 'Imported') {
            line(io.err, NOT_IMPORTED);
            return 1;
          }
          const current = currentPlan(state);
          const years: number[] = [];
          for (let y = current.period.from; y <= current.period.to; y++) years.push(y);
          const rows = [['id', 'division / 部門', ...years.map(String), 'name / 名称']];
          for (const item of current.items) {
            if (ctx.options.division && item.divisionId !== ctx.options.division) continue;
            const retired = state.retired[item.id];
            const stages = years.map((y) => {
              if (retired && y >= retired.fromFiscalYear) return '(廃止)';
              return (item.schedule as Record<number, { stage: string | null }>)[y]?.stage ?? '-';
            });
            rows.push([item.id, item.divisionId, ...stages, item.name]);
          }
          line(io.out, table(rows));
        }),
      ),
    );

  const revise = plan
    .command('revise')
    .summary('計画の見直しを記録する / record a plan revision')
    .description(
      '計画の見直し (実施項目の schedule・add・retire・rename・move、division・topic・theme・listing の各階層)。' +
        'どれも --reason と --approved-by が必要で、管理者 (--as) の操作として記録されます。\n' +
        'A plan revision (an item: schedule, add, retire, rename, move; the levels: division, topic, theme, listing); each needs --reason and --approved-by and an administrator (--as).',
    );

  const withRevision = (command: Command) =>
    command
      .requiredOption('--reason <text>', '見直しの理由 / reason of the revision')
      .requiredOption('--approved-by <who>', '承認者 (例: 理事会 2026-03-20) / who approved it');

  withRevision(
    revise
      .command('schedule')
      .summary('ある年度の計画段階を変える / change one year\'s planned stage')
      .description(
        'ある年度の計画段階を変えます。矢印で続いていた後の年度も新しい段階に従います。--none で段階なし。\n' +
          "Changes one fiscal year's planned stage; later years that continued it (arrow cells) follow. --none: no stage.",
      )
      .argument('<itemId>', '実施項目ID / item id')
      .argument('<fiscalYear>', '年度 / fiscal year', parseFiscalYear)
      .argument('[stage]', '新しい計画段階 (例: 実施) / the new stage')
      .option('--none', '段階なしにする / set no stage'),
  ).action(
    run<RevisionOptions & { none?: boolean }, [string, number, string | undefined]>(io, async (ctx, itemId, fiscalYear, stage) => {
      if ((stage === undefined) === !ctx.options.none) {
        throw new UsageError('段階か --none のどちらかを指定してください / give a stage or --none');
      }
      const { reason, approvedBy } = ctx.options;
      const position = await decideOnCatalogue(ctx, {
        type: 'ChangeItemSchedule',
        data: { itemId, fiscalYear, stage: ctx.options.none ? null : stage!, reason, approvedBy },
      });
      line(io.out, `計画段階を変更しました / ${itemId} ${fiscalYear}: ${ctx.options.none ? '(none)' : stage}; position ${position}`);
    }),
  );

  withRevision(
    revise
      .command('add')
      .summary('実施項目を追加する / add an implementation item')
      .description('実施項目を追加します / adds an implementation item')
      .argument('<itemId>', '新しい実施項目ID / the new item id')
      .requiredOption('--name <name>', '名称 / name')
      .requiredOption('--division <id>', '部門ID / division id')
      .requiredOption('--theme <id>', '取組テーマID / theme id')
      .option('--schedule <year=stage,…>', '計画段階, 例 2026=検討,2027=実施 / planned stages', parseSchedule),
  ).action(
    run<RevisionOptions & { name: string; division: string; theme: string; schedule?: Record<string, string | null> }, [string]>(
      io,
      async (ctx, itemId) => {
        const { reason, approvedBy, name, division, theme, schedule } = ctx.options;
        const position = await decideOnCatalogue(ctx, {
          type: 'AddItem',
          data: { reason, approvedBy, item: { id: itemId, name, divisionId: division, themeId: theme, schedule: schedule ?? {} } },
        });
        line(io.out, `実施項目を追加しました / added ${itemId}; position ${position}`);
      },
    ),
  );

  withRevision(
    revise
      .command('retire')
      .summary('実施項目を廃止する / retire an implementation item')
      .description('実施項目をある年度から廃止します (それ以前の年度は評価できます) / retires an item from a fiscal year on')
      .argument('<itemId>', '実施項目ID / item id')
      .requiredOption('--from <fiscalYear>', '廃止する最初の年度 / first fiscal year without it', parseFiscalYear),
  ).action(
    run<RevisionOptions & { from: number }, [string]>(io, async (ctx, itemId) => {
      const { reason, approvedBy, from } = ctx.options;
      const position = await decideOnCatalogue(ctx, { type: 'RetireItem', data: { itemId, fromFiscalYear: from, reason, approvedBy } });
      line(io.out, `実施項目を廃止しました / retired ${itemId} from ${from}; position ${position}`);
    }),
  );

  withRevision(
    revise
      .command('rename')
      .summary('実施項目の名称を変える / rename an implementation item')
      .description('実施項目の名称を変えます / renames an implementation item')
      .argument('<itemId>', '実施項目ID / item id')
      .argument('<name>', '新しい名称 / the new name'),
  ).action(
    run<RevisionOptions, [string, string]>(io, async (ctx, itemId, name) => {
      const { reason, approvedBy } = ctx.options;
      const position = await decideOnCatalogue(ctx, { type: 'RenameItem', data: { itemId, name, reason, approvedBy } });
      line(io.out, `名称を変更しました / renamed ${itemId}; position ${position}`);
    }),
  );

  addLevelRevisions(io, revise, withRevision, decideOnCatalogue, parseFiscalYear);

  return plan;
}
