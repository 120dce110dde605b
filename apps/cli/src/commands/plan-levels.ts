import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { CatalogueCommand } from '@hyoka/domain';
import { run, type RunContext } from '../support/command.js';
import { line, type Io } from '../support/output.js';

type RevisionOptions = { as?: string; reason: string; approvedBy: string };
type Decide = (ctx: RunContext<RevisionOptions>, command: CatalogueCommand) => Promise<bigint>;

function parseNumber(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('番号は1以上の整数です / the number must be a positive integer');
  return n;
}

/** One subcommand: its arguments, options and how they become the domain's command (`fromFiscalYear` etc.). */
interface Spec {
  name: string;
  summary: string;
  type: CatalogueCommand['type'];
  args: { name: string; field: string; description: string }[];
  options?: { flags: string; field: string; description: string; required?: boolean; parse?: (text: string) => unknown }[];
  done: string;
}

const idArg = (field: string, ja: string, en: string) => ({ name: `<${field}>`, field, description: `${ja} / ${en}` });
const nameArg = { name: '<name>', field: 'name', description: '新しい名称 / the new name' };
const numberOption = { flags: '--number <n>', field: 'number', description: '番号 (省略: 末尾) / number (default: last)', parse: parseNumber };
const fromOption = (parseFiscalYear: (text: string) => number) => ({
  flags: '--from <fiscalYear>',
  field: 'fromFiscalYear',
  description: '廃止する最初の年度 / first fiscal year without it',
  required: true,
  parse: parseFiscalYear,
});

function specs(parseFiscalYear: (text: string) => number): Record<'division' | 'topic' | 'theme' | 'listing', Spec[]> {
  const division = idArg('divisionId', '部門ID', 'division id');
  const topic = idArg('topicId', '推進項目ID', 'topic id');
  const theme = idArg('themeId', '取組テーマID', 'theme id');
  const item = idArg('itemId', '実施項目ID', 'item id');
  const texts = [
    { flags: '--situation <text>', field: 'currentSituation', description: '現状と課題 / current situation and issues' },
    { flags: '--goal <text>', field: 'goal', description: '推進目標 / goal' },
  ];
  return {
    division: [
      {
        name: 'add',
        summary: '部門を追加する / add a division',
        type: 'AddDivision',
        args: [division],
        options: [
          { flags: '--name <name>', field: 'name', description: '名称 / name', required: true },
          { flags: '--meeting <id>', field: 'promotionMeetingId', description: '審査する推進会議ID / reviewing promotion meeting', required: true },
          numberOption,
        ],
        done: '部門を追加しました / added the division',
      },
      { name: 'rename', summary: '部門の名称を変える / rename a division', type: 'RenameDivision', args: [division, nameArg], done: '部門の名称を変更しました / renamed the division' },
      { name: 'retire', summary: '部門を廃止する / retire a division', type: 'RetireDivision', args: [division], options: [fromOption(parseFiscalYear)], done: '部門を廃止しました / retired the division' },
    ],
    topic: [
      {
        name: 'add',
        summary: '推進項目を追加する / add a topic',
        type: 'AddTopic',
        args: [topic],
        options: [
          { flags: '--division <id>', field: 'divisionId', description: '部門ID / division id', required: true },
          { flags: '--name <name>', field: 'name', description: '名称 / name', required: true },
          numberOption,
        ],
        done: '推進項目を追加しました / added the topic',
      },
      { name: 'rename', summary: '推進項目の名称を変える / rename a topic', type: 'RenameTopic', args: [topic, nameArg], done: '推進項目の名称を変更しました / renamed the topic' },
      {
        name: 'move',
        summary: '推進項目を別の部門へ移す / move a topic to another division',
        type: 'MoveTopic',
        args: [topic],
        options: [{ flags: '--division <id>', field: 'divisionId', description: '移動先の部門ID / target division', required: true }, numberOption],
        done: '推進項目を移動しました / moved the topic',
      },
      { name: 'retire', summary: '推進項目を廃止する / retire a topic', type: 'RetireTopic', args: [topic], options: [fromOption(parseFiscalYear)], done: '推進項目を廃止しました / retired the topic' },
    ],
    theme: [
      {
        name: 'add',
        summary: '取組テーマを追加する / add a theme',
        type: 'AddTheme',
        args: [theme],
        options: [
          { flags: '--topic <id>', field: 'topicId', description: '推進項目ID / topic id', required: true },
          { flags: '--name <name>', field: 'name', description: '名称 / name', required: true },
          numberOption,
          ...texts,
        ],
        done: '取組テーマを追加しました / added the theme',
      },
      { name: 'rename', summary: '取組テーマの名称を変える / rename a theme', type: 'RenameTheme', args: [theme, nameArg], done: '取組テーマの名称を変更しました / renamed the theme' },
      {
        name: 'move',
        summary: '取組テーマを別の推進項目へ移す / move a theme to another topic',
        type: 'MoveTheme',
        args: [theme],
        options: [{ flags: '--topic <id>', field: 'topicId', description: '移動先の推進項目ID / target topic', required: true }, numberOption],
        done: '取組テーマを移動しました / moved the theme',
      },
      { name: 'retire', summary: '取組テーマを廃止する / retire a theme', type: 'RetireTheme', args: [theme], options: [fromOption(parseFiscalYear)], done: '取組テーマを廃止しました / retired the theme' },
      {
        name: 'texts',
        summary: '現状と課題・推進目標を変える / change a theme’s texts',
        type: 'ChangeThemeTexts',
        args: [theme],
        options: texts,
        done: '現状と課題・推進目標を変更しました / changed the theme’s texts',
      },
    ],
    listing: [
      { name: 'add', summary: '【再掲】を追加する / list an item again under a theme', type: 'AddListing', args: [theme, item], done: '【再掲】を追加しました / added the listing' },
      { name: 'remove', summary: '【再掲】を外す / remove a 【再掲】 listing', type: 'RemoveListing', args: [theme, item], done: '【再掲】を外しました / removed the listing' },
    ],
  };
}

const LEVEL_SUMMARIES = {
  division: '部門の見直し / revise a division',
  topic: '推進項目の見直し / revise a topic',
  theme: '取組テーマの見直し / revise a theme',
  listing: '【再掲】の見直し / revise 【再掲】 listings',
} as const;

/**
 * `plan revise division|topic|theme|listing …` and `plan revise move <itemId> --theme <id>`: each decided on the catalogue
 * stream as one approved revision, as the item revisions are.
 */
export function addLevelRevisions(io: Io, revise: Command, withRevision: (command: Command) => Command, decide: Decide, parseFiscalYear: (text: string) => number): void {
  for (const [level, list] of Object.entries(specs(parseFiscalYear)) as [keyof typeof LEVEL_SUMMARIES, Spec[]][]) {
    const group = revise.command(level).summary(LEVEL_SUMMARIES[level]).description(LEVEL_SUMMARIES[level]);
    for (const spec of list) {
      const sub = group.command(spec.name).summary(spec.summary).description(spec.summary);
      for (const arg of spec.args) sub.argument(arg.name, arg.description);
      for (const option of spec.options ?? []) {
        if (option.required) {
          if (option.parse) sub.requiredOption(option.flags, option.description, option.parse as (value: string, previous: unknown) => unknown);
          else sub.requiredOption(option.flags, option.description);
        } else if (option.parse) sub.option(option.flags, option.description, option.parse as (value: string, previous: unknown) => unknown);
        else sub.option(option.flags, option.description);
      }
      withRevision(sub).action(
        run<RevisionOptions & Record<string, unknown>, string[]>(io, async (ctx, ...args) => {
          const data: Record<string, unknown> = { reason: ctx.options.reason, approvedBy: ctx.options.approvedBy };
          spec.args.forEach((arg, i) => (data[arg.field] = args[i]));
          for (const option of spec.options ?? []) {
            const key = option.flags.slice(2).split(' ')[0]!.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
            if (ctx.options[key] !== undefined) data[option.field] = ctx.options[key];
          }
          const position = await decide(ctx, { type: spec.type, data } as CatalogueCommand);
          line(io.out, `${spec.done}: ${args.join(' ')}; position ${position}`);
        }),
      );
    }
  }

  withRevision(
    revise
      .command('move')
      .summary('実施項目を別の取組テーマへ移す / move an item to another theme')
      .description('実施項目を別の取組テーマへ移します (部門はテーマに従う; IDと評価はそのまま) / moves an item; its division follows the theme, its id and evaluations stay')
      .argument('<itemId>', '実施項目ID / item id')
      .requiredOption('--theme <id>', '移動先の取組テーマID / target theme'),
  ).action(
    run<RevisionOptions & { theme: string }, [string]>(io, async (ctx, itemId) => {
      const { reason, approvedBy, theme } = ctx.options;
      const position = await decide(ctx, { type: 'MoveItem', data: { reason, approvedBy, itemId, themeId: theme } });
      line(io.out, `実施項目を移動しました / moved ${itemId} to ${theme}; position ${position}`);
    }),
  );
}
