import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import Database from 'better-sqlite3';
import { CliError, EXIT } from '../errors.js';
import { run } from '../support/command.js';
import { checkLogIntegrity } from '../support/integrity.js';
import { lockExclusively } from '../support/locks.js';
import { line, type Io } from '../support/output.js';
import type { Settings } from '../support/settings.js';
import { checkStoreFile, moveSqliteFile } from '../support/sqlite-files.js';
import { backupEvidenceDir, checkEvidence, copyEvidence, evidenceDirOf, referencedEvidence } from '../support/evidence.js';
import { withStore } from '../support/settings.js';
import { reportEvidence } from './integrity.js';

function sqliteStoreFile(settings: Settings, command: string): string {
  if (settings.store.kind !== 'sqlite') {
    throw new CliError(
      `${command} は組み込みの SQLite ストア用です。KurrentDB は KurrentDB のバックアップ機能を使ってください / ${command} is for the embedded SQLite store; back up KurrentDB with its own tools`,
    );
  }
  return settings.store.file;
}

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/**
 * Checks a store file: SQLite's integrity_check, then the log itself (hash chains) when the store has them.
 * Returns the lines to print; throws with exit code 3 when something is wrong.
 */
async function checkCopy(file: string, what: string): Promise<string[]> {
  const sqlite = checkStoreFile(file);
  if (sqlite.integrity !== 'ok') {
    throw new CliError(`${what}: integrity_check が失敗しました / integrity_check failed: ${sqlite.integrity}`, EXIT.problemFound);
  }
  const lines = [`integrity_check: ok; ${sqlite.events} events, head position ${sqlite.head}`];
  const log = await checkLogIntegrity({ kind: 'sqlite', file });
  if (!log.ok) throw new CliError(`${what}: verify: ${log.message}`, EXIT.problemFound);
  lines.push(`verify: OK (${log.events} events); digest ${log.digest}`);
  return lines;
}

export function backupCommands(io: Io): Command[] {
  const backup = new Command('backup')
    .summary('組み込みストアのオンラインバックアップ / online backup of the embedded store')
    .description(
      'SQLite のオンラインバックアップ (better-sqlite3 db.backup) で events.sqlite をファイルに写します。Hyoka の実行中でも安全です:\n' +
        '写しは一つの読み取りトランザクションの時点のもので、それまでに確定したイベントをすべて含みます。写しは integrity_check\n' +
        '(と verify) で確かめてから、所定の名前に置かれます。\n' +
        'Copies events.sqlite with SQLite\'s online backup, safe while Hyoka runs: the copy is one read transaction\'s snapshot and\n' +
        'holds every event committed before it. It is checked (integrity_check, verify) before it takes its final name.',
    )
    .argument('<file>', 'バックアップ先のファイル / the backup file to write')
    .option('--force', '既存のファイルを上書き / overwrite an existing file')
    .action(
      run<{ force?: boolean }, [string]>(io, async (ctx, file) => {
        const source = sqliteStoreFile(ctx.settings, 'backup');
        if (!existsSync(source)) throw new CliError(`イベントストアがありません / no event store at ${source}`);
        const target = resolve(ctx.io.cwd, file);
        if (target === source) throw new CliError('バックアップ先がストアそのものです / the backup file is the store itself');
        if (existsSync(target) && !ctx.options.force) {
          throw new CliError(`${target} は既にあります (--force で上書き) / ${target} exists; add --force to overwrite`);
        }
        mkdirSync(dirname(target), { recursive: true });
        const part = `${target}.part-${process.pid}`;
        rmSync(part, { force: true });
        const db = new Database(source, { fileMustExist: true });
        try {
          db.pragma('busy_timeout = 5000');
          // All pages in one step: one read transaction, so the copy is a consistent snapshot and never restarts
          // because a running Hyoka wrote in between steps.
          await db.backup(part, { progress: () => 0x7fffffff });
        } catch (error) {
          rmSync(part, { force: true });
          throw new CliError(`バックアップに失敗しました / the backup failed: ${(error as Error).message}`);
        } finally {
          db.close();
        }
        try {
          const lines = await checkCopy(part, 'backup');
          moveSqliteFile(part, target);
          line(io.out, `バックアップしました / backed up ${source} to ${target} (${statSync(target).size} bytes)`);
          for (const l of lines) line(io.out, `  ${l}`);
          // Files are stored before the event naming them is appended: all those the snapshot names are there now.
          const evidenceTarget = backupEvidenceDir(target);
          const copied = await copyEvidence(evidenceDirOf(ctx.settings.dataDir), evidenceTarget);
          const check = await withStore({ kind: 'sqlite', file: target }, {}, async (store) => checkEvidence(evidenceTarget, await referencedEvidence(store)));
          line(io.out, `  evidence: ${copied.copied + copied.present} files in ${evidenceTarget} (${copied.copied} copied)`);
          const problem = reportEvidence(io, check);
          if (copied.corrupt.length > 0) {
            for (const id of copied.corrupt) line(io.out, `  corrupt in the data folder, not copied / 破損のため写していません: ${id}`);
            return EXIT.problemFound;
          }
          return problem;
        } catch (error) {
          for (const suffix of ['', '-wal', '-shm']) rmSync(part + suffix, { force: true });
          throw error;
        }
      }),
    );

  const restore = new Command('restore')
    .summary('バックアップから組み込みストアを戻す / restore the embedded store from a backup')
    .description(
      'バックアップを確かめ (integrity_check と verify)、events.sqlite を置き換えます。元のストアと読み取りモデルは\n' +
        '*.before-restore-<日時> として残し、読み取りモデルは次の起動時に作り直されます。使用中のストアは --force がなければ\n' +
        '上書きしません (Hyoka を停止してから実行してください)。\n' +
        'Checks the backup (integrity_check, verify) and puts it in place of events.sqlite. The old store and read models are\n' +
        'kept as *.before-restore-<time>; the read models are rebuilt at the next start. A store in use is not overwritten\n' +
        'unless --force (stop Hyoka first: a running process would go on writing to the old file).',
    )
    .argument('<file>', 'バックアップファイル / the backup file')
    .option('--force', '使用中でも置き換える / replace the store even while it is in use')
    .action(
      run<{ force?: boolean }, [string]>(io, async (ctx, file) => {
        const target = sqliteStoreFile(ctx.settings, 'restore');
        const backupFile = resolve(ctx.io.cwd, file);
        if (!existsSync(backupFile)) throw new CliError(`バックアップファイルがありません / no backup file at ${backupFile}`);
        if (backupFile === target) throw new CliError('バックアップがストアそのものです / the backup file is the store itself');
        mkdirSync(dirname(target), { recursive: true });
        // Checked as a copy beside the store: the backup file itself is never opened for writing.
        const incoming = `${target}.restoring-${process.pid}`;
        for (const suffix of ['', '-wal', '-shm']) rmSync(incoming + suffix, { force: true });
        copyFileSync(backupFile, incoming);
        let lines: string[];
        try {
          lines = await checkCopy(incoming, 'restore');
        } catch (error) {
          for (const suffix of ['', '-wal', '-shm']) rmSync(incoming + suffix, { force: true });
          throw error;
        }
        const aside = `.before-restore-${stamp()}`;
        const held: Database.Database[] = [];
        try {
          for (const existing of [target, ctx.settings.readModelFile]) {
            if (!existsSync(existing)) continue;
            const db = new Database(existing, { fileMustExist: true });
            try {
              lockExclusively(db, existing);
              db.pragma('wal_checkpoint(TRUNCATE)');
              held.push(db);
            } catch (error) {
              db.close();
              if (!ctx.options.force) throw error;
              line(io.err, `--force: ${existing} は使用中ですが置き換えます / is in use; replacing it anyway`);
            }
          }
          for (const db of held.splice(0)) db.close();
          const moved: string[] = [];
          for (const existing of [target, ctx.settings.readModelFile]) {
            if (!existsSync(existing)) continue;
            moveSqliteFile(existing, existing + aside);
            moved.push(existing + aside);
          }
          moveSqliteFile(incoming, target);
          line(io.out, `復元しました / restored ${backupFile} to ${target}`);
          for (const l of lines) line(io.out, `  ${l}`);
          for (const m of moved) line(io.out, `  kept / 保管: ${m}`);
          line(io.out, '  読み取りモデルは次の起動時に作り直されます / the read models are rebuilt at the next start');
          // The evidence folder only gains files (content-addressed): files of the store set aside stay too.
          const evidenceDir = evidenceDirOf(ctx.settings.dataDir);
          const copied = await copyEvidence(backupEvidenceDir(backupFile), evidenceDir);
          line(io.out, `  evidence: ${copied.copied} files restored to ${evidenceDir} (${copied.present} already there)`);
          for (const id of copied.corrupt) line(io.out, `  corrupt in the backup, not restored / 破損のため戻していません: ${id}`);
          const check = await withStore({ kind: 'sqlite', file: target }, {}, async (store) => checkEvidence(evidenceDir, await referencedEvidence(store)));
          return reportEvidence(io, check);
        } catch (error) {
          for (const db of held) db.close();
          for (const suffix of ['', '-wal', '-shm']) rmSync(incoming + suffix, { force: true });
          throw error;
        }
      }),
    );
  return [backup, restore];
}
