import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { aggregateStream, catalogueFold } from '@hyoka/command-handling';
import { catalogueStream, departmentsOf } from '@hyoka/domain';
import type { EventStore, RecordedEvent } from '@hyoka/event-store';
import {
  AUDIT_CSV_HEADER,
  auditCsvLine,
  auditEntryOf,
  auditLog,
  evolveActorNames,
  openReadModels,
  type ActorNames,
  type AuditEntry,
  type AuditLogFilter,
} from '@hyoka/projections';
import { CliError } from '../errors.js';
import { run } from '../support/command.js';
import { line, write, type Io } from '../support/output.js';
import { withStore } from '../support/settings.js';

const jsonEntry = (e: AuditEntry) => JSON.stringify({ ...e, position: String(e.position) });

function utc(value: string, option: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new InvalidArgumentError(`${option} は ISO-8601 の日時ではありません / ${option} is not an ISO-8601 time: '${value}'`);
  return new Date(time).toISOString();
}

/** The read model's filter, applied to one entry (for the export straight from the store). Same rules as auditLog(). */
export function matches(e: AuditEntry, filter: AuditLogFilter): boolean {
  if (filter.actor !== undefined && e.actor !== filter.actor) return false;
  if (filter.actingAs !== undefined && e.actingAs !== filter.actingAs) return false;
  if (filter.type !== undefined) {
    const types = typeof filter.type === 'string' ? [filter.type] : filter.type;
    if (!types.includes(e.type)) return false;
  }
  if (filter.stream !== undefined && e.stream !== filter.stream) return false;
  if (filter.from !== undefined && e.recordedAt < utc(filter.from, '--from')) return false;
  if (filter.to !== undefined) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(filter.to)) {
      const end = new Date(Date.parse(utc(filter.to, '--to')) + 86_400_000).toISOString();
      if (!(e.recordedAt < end)) return false;
    } else if (e.recordedAt > utc(filter.to, '--to')) return false;
  }
  return true;
}

/** Every audit entry straight from the store, page by page, named and redacted as the audit-log read model does. */
export async function* auditEntriesFromStore(store: EventStore, upTo: bigint): AsyncGenerator<AuditEntry> {
  let names: ActorNames = new Map();
  let after = 0n;
  while (after < upTo) {
    const page: RecordedEvent[] = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) return;
    for (const event of page) {
      if (event.position > upTo) return;
      yield auditEntryOf(event, names);
      names = evolveActorNames(names, event);
    }
    after = page[page.length - 1]!.position;
  }
}

interface ExportOptions {
  format: 'csv' | 'json';
  out?: string;
  source: 'read-model' | 'store';
  actor?: string;
  actingAs?: string;
  type: string[];
  stream?: string;
  from?: string;
  to?: string;
  force?: boolean;
}

export function exportCommand(io: Io): Command {
  const exportGroup = new Command('export').summary('監査ログの書き出し / export the audit log').description('監査ログを CSV または JSON で書き出します / exports the audit log');

  exportGroup
    .command('audit-log')
    .summary('監査ログを CSV / JSON で書き出す / export the audit log as CSV or JSON')
    .description(
      '全イベントの監査ログ (位置順) を書き出します。パスワードのハッシュは [redacted] になります。\n' +
        '--source read-model (既定) は読み取りモデルから、store はイベントストアから直接読みます。読み取りモデルが\n' +
        'ストアに追いついていないときは、何も書かずに失敗します (--source store を使うか Hyoka を起動してください)。\n' +
        'Writes the audit log (every event in position order, password hashes redacted). --source read-model (default)\n' +
        'reads the audit-log read model and refuses when it lags behind the store; --source store reads the store itself.\n' +
        'CSV: RFC 4180, the same columns as the API\'s auditLogCsv; JSON: an array of entries (position as a string).',
    )
    .addOption(new Option('--format <format>', '形式 / format').choices(['csv', 'json']).makeOptionMandatory())
    .option('--out <file>', '出力ファイル (既定: 標準出力) / output file (default: standard output)')
    .option('--force', '既存の出力ファイルを上書き / overwrite an existing output file')
    .addOption(new Option('--source <source>', '読む場所 / where to read').choices(['read-model', 'store']).default('read-model'))
    .option('--actor <userId>', 'この利用者IDの操作だけ / only this actor (user id)')
    .option('--acting-as <role>', 'この役割・会議体としての操作だけ / only events acted as this role or body')
    .option('--type <type>', 'このイベント型だけ (繰り返し可) / only this event type (repeatable)', (v, prev: string[]) => [...prev, v], [])
    .option('--stream <stream>', 'このストリームだけ / only this stream')
    .option('--from <time>', 'この日時以降 (recordedAt, ISO-8601) / recorded at or after', (v) => (utc(v, '--from'), v))
    .option('--to <time>', 'この日時まで (日付だけならその日の終わりまで, UTC) / recorded at or before (a date: that whole UTC day)', (v) => (utc(v, '--to'), v))
    .action(
      run<ExportOptions, []>(io, async (ctx) => {
        const o = ctx.options;
        const filter: AuditLogFilter = {
          ...(o.actor !== undefined ? { actor: o.actor } : {}),
          ...(o.actingAs !== undefined ? { actingAs: o.actingAs } : {}),
          ...(o.type.length > 0 ? { type: o.type } : {}),
          ...(o.stream !== undefined ? { stream: o.stream } : {}),
          ...(o.from !== undefined ? { from: o.from } : {}),
          ...(o.to !== undefined ? { to: o.to } : {}),
        };
        const outFile = o.out ? resolve(ctx.io.cwd, o.out) : undefined;
        if (outFile && existsSync(outFile) && !o.force) {
          throw new CliError(`${outFile} は既にあります (--force で上書き) / ${outFile} exists; add --force to overwrite`);
        }
        return withStore(ctx.settings.store, {}, async (store) => {
          const head = await store.headPosition();
          // the 部 as the plan names them (the organisation is data), for the 立場 and 部 columns
          const departments = new Map(departmentsOf((await aggregateStream(store, catalogueStream(), catalogueFold)).state).map((d) => [d.id, d.name]));
          const entries = o.source === 'store' ? filtered(auditEntriesFromStore(store, head), filter) : fromReadModel(store, ctx.settings.readModelFile, head, filter);
          // Written to a temporary file renamed at the end, so a failed export leaves no half file behind.
          const partFile = outFile ? `${outFile}.part` : undefined;
          const target: Writable = partFile ? createWriteStream(partFile) : io.out;
          let count = 0;
          try {
            if (o.format === 'csv') await write(target, AUDIT_CSV_HEADER.join(',') + '\r\n');
            else await write(target, '[');
            for await (const entry of entries) {
              if (o.format === 'csv') await write(target, auditCsvLine(entry, departments) + '\r\n');
              else await write(target, (count === 0 ? '\n' : ',\n') + jsonEntry(entry));
              count++;
            }
            if (o.format === 'json') await write(target, count === 0 ? ']\n' : '\n]\n');
            if (partFile) {
              target.end();
              await finished(target);
              renameSync(partFile, outFile!);
            }
          } catch (error) {
            if (partFile) {
              target.destroy();
              rmSync(partFile, { force: true });
            }
            throw error;
          }
          line(io.err, `${count} 件を書き出しました / exported ${count} entries (up to position ${head})${outFile ? ` to ${outFile}` : ''}`);
        });
      }),
    );
  return exportGroup;
}

async function* filtered(entries: AsyncIterable<AuditEntry>, filter: AuditLogFilter): AsyncGenerator<AuditEntry> {
  for await (const entry of entries) if (matches(entry, filter)) yield entry;
}

/**
 * Pages through the audit-log read model. Checked before anything is written: refuses when the read model has not
 * reached the store's head (the export would miss events).
 */
function fromReadModel(store: EventStore, file: string, head: bigint, filter: AuditLogFilter): AsyncGenerator<AuditEntry> {
  if (!existsSync(file)) {
    throw new CliError(`読み取りモデルがありません: ${file} (--source store を使ってください) / no read models at ${file}; use --source store`);
  }
  const readModels = openReadModels({ file, events: store });
  const checkpoint = readModels.checkpoint('audit-log');
  if (checkpoint < head) {
    readModels.close();
    throw new CliError(
      `監査ログの読み取りモデルは位置 ${checkpoint} までで、ストアは ${head} まであります。Hyoka を起動して追いつかせるか --source store を使ってください / ` +
        `the audit-log read model is at position ${checkpoint}, the store at ${head}: start Hyoka to catch up, or use --source store`,
    );
  }
  return (async function* () {
    try {
      let after: bigint | null = 0n;
      while (after !== null) {
        const page = await auditLog(readModels, filter, { after, limit: 1000 });
        for (const entry of page.entries) if (entry.position <= head) yield entry;
        after = page.nextAfter;
      }
    } finally {
      readModels.close();
    }
  })();
}
