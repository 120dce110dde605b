import { Command, Option } from 'commander';
import { backupCommands } from './commands/backup.js';
import { calendarCommand } from './commands/calendar.js';
import { copyCommand } from './commands/copy.js';
import { exportCommand } from './commands/export.js';
import { integrityCommands } from './commands/integrity.js';
import { planCommand } from './commands/plan.js';
import { projectionsCommand } from './commands/projections.js';
import { usersCommand } from './commands/users.js';
import type { Io } from './support/output.js';

export const VERSION = '0.1.0';

/** The whole command tree. Built per run so tests can drive it with their own streams. */
export function createProgram(io: Io): Command {
  const program = new Command('hyoka')
    .version(VERSION, '-V, --version', 'バージョン / version')
    .helpOption('-h, --help', 'ヘルプ / help')
    .helpCommand('help [command]', 'コマンドのヘルプ / help for a command')
    .description(
      'Hyoka (評価) の管理コマンド: 利用者と役割、計画カタログ、読み取りモデル、改ざん検知、監査ログ、バックアップ、ストアの複写。\n' +
        "Hyoka's administration: users and roles, the plan catalogue, read models, tamper evidence, the audit log, backups,\n" +
        'and copying the log between stores. Run `hyoka <command> --help` for each command.',
    )
    .addOption(new Option('--data-dir <dir>', 'データフォルダ (events.sqlite, read-models.sqlite) / data folder').env('HYOKA_DATA_DIR').default('./data'))
    .addOption(new Option('--store <kind>', 'イベントストア / event store').choices(['sqlite', 'kurrentdb']).env('HYOKA_STORE').default('sqlite'))
    .addOption(new Option('--connection-string <conn>', 'KurrentDB の接続文字列 / KurrentDB connection string').env('KURRENTDB_CONNECTION_STRING'))
    .showHelpAfterError('(--help で使い方を表示 / add --help for usage)')
    .configureOutput({
      writeOut: (text) => io.out.write(text),
      writeErr: (text) => io.err.write(text),
    })
    .addHelpText(
      'after',
      '\n終了コード / exit codes: 0 成功 ok · 1 失敗・拒否 failed or refused · 2 使い方の誤り usage · 3 検査で問題を発見 a check found a problem',
    );

  for (const command of [
    usersCommand(io),
    planCommand(io),
    calendarCommand(io),
    projectionsCommand(io),
    ...integrityCommands(io),
    exportCommand(io),
    ...backupCommands(io),
    copyCommand(io),
  ]) {
    program.addCommand(command);
  }
  // every sub-command reports usage errors the same way and writes to the same streams
  const configure = (command: Command) => {
    command.showHelpAfterError('(--help で使い方を表示 / add --help for usage)');
    command.configureOutput({ writeOut: (text) => io.out.write(text), writeErr: (text) => io.err.write(text) });
    command.helpOption('-h, --help', 'ヘルプ / help');
    command.exitOverride();
    for (const sub of command.commands) configure(sub);
  };
  for (const sub of program.commands) configure(sub);
  program.exitOverride();
  return program;
}
