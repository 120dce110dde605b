import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LogLevel } from '@nestjs/common';
import { AppModule } from './app.module.js';
import { FirstStartService, type FirstStartReport } from './bootstrap/first-start.service.js';
import type { AppConfig } from './config.js';
import { AuthService } from './auth/auth.service.js';
import { BackgroundStart } from './core/background-start.js';
import { guardUpgrades } from './auth/upgrade-origin.js';
import { refuseInvalidUtf8, RequestBodyErrorFilter } from './errors/request-body.filter.js';
import { GRAPHQL_PATH } from './graphql/graphql-options.js';
import { EXPORTS_PATH } from './reports/exports.controller.js';
import { EVIDENCE_PATH } from './evidence/evidence.controller.js';
import { PLAN_WORKBOOK_PATH } from './plan/workbook/plan-workbook.controller.js';
import { securityHeaders } from './security-headers.js';
import { PROJECTION_RUNNER, EVENT_STORE } from './tokens.js';
import type { ProjectionRunner } from '@hyoka/projections';
import type { EventStore } from '@hyoka/event-store';

export interface RunningApi {
  app: NestExpressApplication;
  /** e.g. http://localhost:3000 */
  url: string;
  firstStart: FirstStartReport;
  /** whether the built web app is being served at / */
  servesWeb: boolean;
  /**
   * Resolves once the read models hold everything the store held when called. startApi returns as soon as the server
   * answers; after a restart on a large store the read models catch up in the background (docs/design.md, start-up).
   */
  readModelsCaughtUp(): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: LogLevel[] | false;
}

/**
 * Serves the built web app (apps/web/dist) at / when it exists, with index.html for client-side routes.
 * This is the hook issue 5 builds on; without a build the API serves GraphQL only.
 */
function serveWebApp(app: NestExpressApplication, dir: string): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(dir, { index: false, fallthrough: true });
  app.use(
    (
      req: { method: string; path: string; headers: Record<string, string | string[] | undefined> },
      res: { sendFile(path: string): void },
      next: () => void,
    ) => {
      // `/` is always the app (curl and link checkers send Accept: */*); other paths only for a browser's page load.
      const wantsHtml = req.path === '/' || String(req.headers['accept'] ?? '').includes('text/html');
      const api =
        req.path.startsWith(GRAPHQL_PATH) ||
        req.path.startsWith(`/${EXPORTS_PATH}/`) ||
        req.path.startsWith(`/${EVIDENCE_PATH}/`) ||
        req.path.startsWith(`/${PLAN_WORKBOOK_PATH}`);
      if (req.method === 'GET' && wantsHtml && !api) res.sendFile(index);
      else next();
    },
  );
  return true;
}

/**
 * A CORS preflight (OPTIONS) to /graphql gets 204 with no Access-Control-Allow-* headers: Hyoka serves its own pages
 * and allows no other origin, so the browser does not send the request. Apollo would answer it as a request refused
 * for CSRF, which it is not.
 */
function answerPreflights(app: NestExpressApplication): void {
  app.use(
    GRAPHQL_PATH,
    (req: { method: string }, res: { status(code: number): { end(): void }; setHeader(name: string, value: string): void }, next: () => void) => {
      if (req.method !== 'OPTIONS') return next();
      res.setHeader('allow', 'GET, POST, OPTIONS');
      res.status(204).end();
    },
  );
}

/** Builds the Nest app, prepares the store on first start, and listens. Used by main.ts and by the API's tests. */
export async function startApi(config: AppConfig, options: StartOptions = {}): Promise<RunningApi> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: options.logger ?? ['log', 'warn', 'error'],
    // the parsers are registered below, the JSON one with a UTF-8 check
    bodyParser: false,
  });
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  // HYOKA_TRUST_PROXY: behind a reverse proxy req.ip is the client named in X-Forwarded-For, not the proxy
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders(config));
  app.useBodyParser('json', { verify: refuseInvalidUtf8 });
  app.useBodyParser('urlencoded', { extended: true });
  app.useGlobalFilters(new RequestBodyErrorFilter(app.getHttpAdapter()));
  answerPreflights(app);
  const servesWeb = serveWebApp(app, config.webDistDir);
  await app.init();
  // after init: Nest's graphql-ws 'upgrade' listener exists, and the Origin check goes in front of it
  const auth = app.get(AuthService);
  guardUpgrades(app.getHttpServer(), config.allowedOrigins, (request) => auth.upgradeRefused(request, 'FOREIGN_ORIGIN'));
  try {
    const firstStart = app.get(FirstStartService);
    await firstStart.prepareStore();
    await app.listen(config.port);
    // nothing that scales with the log runs before this: the read models' catch-up, the replay index, the log's check
    const background = app.get(BackgroundStart);
    const runner = app.get<ProjectionRunner>(PROJECTION_RUNNER);
    const store = app.get<EventStore>(EVENT_STORE);
    const readModelsCaughtUp = async () => runner.waitForPosition(await store.headPosition(), { timeoutMs: Number.POSITIVE_INFINITY });
    background.start();
    void readModelsCaughtUp().then(
      () => background.caughtUp(),
      () => background.caughtUp(),
    );
    // Accounts only once the server listens: a start that fails before (a port taken) leaves none whose one-time
    // passwords nobody saw, and the next start creates and prints them.
    const report = await firstStart.createAccounts();
    const { port } = app.getHttpServer().address() as AddressInfo;
    return { app, url: `http://localhost:${port}`, firstStart: report, servesWeb, readModelsCaughtUp, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}
