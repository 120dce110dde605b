import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Command, InvalidArgumentError } from 'commander';
import type { EventStore, SubscribeOptions, Subscription } from '@hyoka/event-store';
import { PROJECTION_NAMES, deadLetters, openReadModels, startProjections, type ProjectionName } from '@hyoka/projections';
import { run } from '../support/command.js';
import { lockExclusively } from '../support/locks.js';
import { line, table, type Io } from '../support/output.js';
import { ProgressBar } from '../support/progress.js';
import { withStore } from '../support/settings.js';

/** Observes the store's head reads and what each subscription delivers, without changing anything. */
export function observedStore(
  store: EventStore,
  observer: {
    onHeadPosition?: () => void;
    /** told of each new subscription; the callback it returns hears that subscription's events */
    onSubscribe: (after: bigint) => ((position: bigint) => void) | undefined;
  },
): EventStore {
  return {
    appendToStream: (...args) => store.appendToStream(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    readPositions: (positions) => store.readPositions(positions),
    headPosition: () => {
      observer.onHeadPosition?.();
      return store.headPosition();
    },
    close: () => store.close(),
    subscribeToAll(options?: SubscribeOptions): Subscription {
      const onEvent = observer.onSubscribe(options?.after ?? 0n);
      const inner = store.subscribeToAll(options);
      const iterator = inner[Symbol.asyncIterator]();
      return {
        close: () => inner.close(),
        [Symbol.asyncIterator]() {
          return {
            async next() {
              const result = await iterator.next();
              if (!result.done) onEvent?.(result.value.position);
              return result;
            },
            return: async () => {
              await inner.close();
              return { done: true as const, value: undefined };
            },
          };
        },
      };
    },
  };
}

function parseProjection(text: string): ProjectionName | 'all' {
  if (text === 'all' || (PROJECTION_NAMES as readonly string[]).includes(text)) return text as ProjectionName | 'all';
  throw new InvalidArgumentError(`読み取りモデルは all, ${PROJECTION_NAMES.join(', ')} のいずれかです / must be all or one of ${PROJECTION_NAMES.join(', ')}`);
}

export function projectionsCommand(io: Io): Command {
  const projections = new Command('projections')
    .summary('読み取りモデル (プロジェクション) の再構築と状態 / rebuild and inspect the read models')
    .description('読み取りモデル (read-models.sqlite) をイベントストアから作り直します / rebuilds the read models from the event store');

  projections
    .command('status')
    .summary('各読み取りモデルの位置と失敗イベント / checkpoints and dead letters')
    .description('各読み取りモデルのチェックポイント、ストアの先頭位置、失敗イベント (dead letters) の数 / checkpoints against the head')
    .action(
      run<object, []>(io, async (ctx) =>
        withStore(ctx.settings.store, {}, async (store) => {
          if (!existsSync(ctx.settings.readModelFile)) {
            line(io.out, `読み取りモデルはまだありません / no read models yet at ${ctx.settings.readModelFile}`);
            return;
          }
          const head = await store.headPosition();
          const readModels = openReadModels({ file: ctx.settings.readModelFile, events: store });
          try {
            const rows = [['projection', 'checkpoint', 'behind / 未反映', 'dead letters']];
            for (const [name, checkpoint] of Object.entries(readModels.checkpoints())) {
              rows.push([name, String(checkpoint), String(head > checkpoint ? head - checkpoint : 0n), String(deadLetters(readModels, name as ProjectionName).length)]);
            }
            line(io.out, table(rows));
            line(io.out, `store head / ストアの先頭: ${head}`);
          } finally {
            readModels.close();
          }
        }),
      ),
    );

  projections
    .command('rebuild')
    .summary('読み取りモデルを位置0から作り直す / rebuild read models from position 0')
    .description(
      '読み取りモデルを消去し、イベントストアの最初から再生します (進捗・速度・残り時間を表示)。\n' +
        'Hyoka を停止してから実行してください: 実行中は読み取りモデルのファイルを排他ロックし、使用中なら失敗します。\n' +
        'Clears the read model(s) and replays the store from position 0, with a progress bar (rate, time left).\n' +
        'Stop Hyoka first: the read-model file is locked exclusively while this runs, and the command fails if it is in use.',
    )
    .argument('[name]', `all (既定) または ${PROJECTION_NAMES.join(', ')}`, parseProjection, 'all')
    .action(
      run<object, [ProjectionName | 'all']>(io, async (ctx, name) =>
        withStore(ctx.settings.store, {}, async (store) => {
          if (existsSync(ctx.settings.readModelFile)) {
            // checked before openReadModels, which may already reset a projection whose schema version changed
            const probe = new Database(ctx.settings.readModelFile, { fileMustExist: true });
            try {
              lockExclusively(probe, ctx.settings.readModelFile);
            } finally {
              probe.close();
            }
          }
          const readModels = openReadModels({ file: ctx.settings.readModelFile, events: store });
          try {
            lockExclusively(readModels.db, ctx.settings.readModelFile);
            const head = await store.headPosition();
            let bar: ProgressBar | undefined;
            let rebuildStarted = false;
            // The runner first resumes its normal catch-up; the rebuild reads the head, stops that, clears the
            // projections and subscribes again from 0. The bar follows the subscriptions opened after that read.
            const observed = observedStore(store, {
              onHeadPosition: () => void (rebuildStarted = true),
              onSubscribe: (after) => {
                if (!rebuildStarted) return undefined;
                const current = new ProgressBar(io.err, { label: `rebuild ${name}`, from: after, to: head });
                bar = current;
                return (position) => current.tick(1, position);
              },
            });
            const runner = startProjections(observed, readModels, { maxBatch: 1000 });
            const errors: unknown[] = [];
            runner.onError((error) => errors.push(error));
            try {
              await runner.rebuild(name);
            } finally {
              await runner.stop();
            }
            const result = (bar ?? new ProgressBar(io.err, { label: `rebuild ${name}`, from: 0n, to: head })).finish();
            const failed = deadLetters(readModels).filter((d) => name === 'all' || d.projection === name);
            line(
              io.out,
              `再構築しました / rebuilt ${name} up to position ${head}: ${result.events} events in ${result.seconds.toFixed(2)} s (${Math.round(result.rate)} events/s)`,
            );
            if (errors.length > 0) line(io.err, `再試行したエラー / retried errors: ${errors.map(String).join('; ')}`);
            if (failed.length > 0) {
              line(io.err, `適用できなかったイベント / dead letters: ${failed.length}`);
              for (const d of failed.slice(0, 20)) line(io.err, `  ${d.projection} @${d.position} ${d.type} ${d.stream}: ${d.error}`);
              return 1;
            }
          } finally {
            readModels.close();
          }
        }),
      ),
    );
  return projections;
}
