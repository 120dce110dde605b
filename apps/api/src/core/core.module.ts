import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@hyoka/event-store';
import {
  openReadModels,
  openReplayIndex,
  startProjections,
  type ProjectionRunner,
  type ReadModels,
  type ReplayIndex,
} from '@hyoka/projections';
import { PubSub } from 'graphql-subscriptions';
import type { AppConfig } from '../config.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { SessionStore } from '../auth/session-store.js';
import {
  APP_CONFIG,
  EVENT_STORE,
  PASSWORD_HASHER,
  PROJECTION_RUNNER,
  PUB_SUB,
  READ_MODELS,
  REPLAY_INDEX,
  SESSION_STORE,
} from '../tokens.js';
import { BackgroundStart } from './background-start.js';
import { openEventStore } from './open-event-store.js';

/** Closes what CoreModule opened, in dependency order: the runner before the store it reads. */
@Injectable()
class CoreShutdown implements OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(REPLAY_INDEX) private readonly replayIndex: ReplayIndex,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SESSION_STORE) private readonly sessions: SessionStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    const steps: [string, () => unknown][] = [
      ['projection runner', () => this.runner.stop()],
      ['read models', () => this.readModels.close()],
      ['replay index', () => this.replayIndex.close()],
      ['event store', () => this.store.close()],
      ['sessions', () => this.sessions.close()],
    ];
    for (const [name, close] of steps) {
      try {
        await close();
      } catch (error) {
        this.logger.error(`closing the ${name} failed`, error instanceof Error ? error.stack : String(error));
      }
    }
  }
}

/** The store, the read models with their runner, sessions and the PubSub: opened once, shared by every module. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: EVENT_STORE, useFactory: () => openEventStore(config.store) },
        {
          provide: READ_MODELS,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => {
            mkdirSync(config.dataDir, { recursive: true });
            return openReadModels({ file: config.readModelFile, events: store });
          },
        },
        {
          provide: PROJECTION_RUNNER,
          inject: [EVENT_STORE, READ_MODELS, BackgroundStart],
          useFactory: (store: EventStore, readModels: ReadModels, background: BackgroundStart) => {
            // batches of 1000 while catching up: each batch holds the event loop, and a request waits for one per I/O step
            const runner = startProjections(store, readModels, { deferStart: true, maxBatch: 1000 });
            const logger = new Logger('Projections');
            runner.onError((error) => logger.error('the projection runner hit an error and will retry', String(error)));
            void background.listening.then(() => runner.start());
            return runner;
          },
        },
        {
          provide: REPLAY_INDEX,
          inject: [EVENT_STORE, BackgroundStart],
          useFactory: (store: EventStore, background: BackgroundStart) => {
            const index = openReplayIndex({
              file: config.replayIndexFile,
              store,
            });
            // index a large store ahead of the first as-of read, once the read models have caught up; each read catches up with whatever is new
            void background.readModelsCaughtUp
              .then(() => index.catchUp())
              .catch((error: unknown) => new Logger('ReplayIndex').warn(`catching up failed: ${String(error)}`));
            return index;
          },
        },
        {
          provide: SESSION_STORE,
          useFactory: () =>
            new SessionStore(config.sessionFile, { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs }),
        },
        { provide: PASSWORD_HASHER, useFactory: () => new PasswordHasher(config.argon2) },
        {
          provide: PUB_SUB,
          useFactory: () => {
            // one listener per open subscription: dozens of people on the board is normal, not a leak
            const eventEmitter = new EventEmitter();
            eventEmitter.setMaxListeners(0);
            return new PubSub({ eventEmitter });
          },
        },
        BackgroundStart,
        CoreShutdown,
      ],
      exports: [BackgroundStart, APP_CONFIG, EVENT_STORE, READ_MODELS, REPLAY_INDEX, PROJECTION_RUNNER, SESSION_STORE, PASSWORD_HASHER, PUB_SUB],
    };
  }
}
