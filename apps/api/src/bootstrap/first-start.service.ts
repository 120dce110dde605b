import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { FISCAL_YEARS, loadPlanCatalogue } from '@hyoka/catalogue';
import {
  SYSTEM_ACTOR,
  catalogueStream,
  decideCatalogue,
  decideFiscalYear,
  decideUser,
  evolveUser,
  fiscalYearStream,
  foldCatalogue,
  foldFiscalYear,
  initialUserState,
  userStream,
  type UserEvent,
} from '@hyoka/domain';
import { WrongExpectedRevisionError, type EventStore } from '@hyoka/event-store';
import { findUserByLoginName, listUsers, type ProjectionRunner, type ReadModels } from '@hyoka/projections';
import type { PasswordHasher } from '../auth/password-hasher.js';
import type { AppConfig } from '../config.js';
import { toEventsToAppend } from '../store/append.js';
import { APP_CONFIG, EVENT_STORE, PASSWORD_HASHER, PROJECTION_RUNNER, READ_MODELS } from '../tokens.js';
import { ADMINISTRATOR, DEMO_ACCOUNTS, type AccountSpec } from './demo-accounts.js';

/** An account the first start created, with its one-time password (kept nowhere else). */
export interface CreatedAccount {
  loginName: string;
  displayName: string;
  password: string;
  /** where the password came from: generated now (print it once), or the environment variable that set it */
  passwordSource: 'generated' | 'HYOKA_ADMIN_PASSWORD' | 'HYOKA_DEMO_PASSWORD';
  roles: string;
}

export interface FirstStartReport {
  catalogueImported: boolean;
  fiscalYearsOpened: number[];
  /** the accounts created now with their passwords (empty when users existed already) */
  accounts: CreatedAccount[];
  /** whether they are the demo accounts (one per role) or, in production, only the administrator */
  demo: boolean;
}

/**
 * Makes a store ready for use: the plan catalogue (shipped data) imported, fiscal years 2025–2027 opened and, when the
 * store holds no user yet, the first accounts: in production only an administrator, otherwise demo accounts for every
 * role. Each step runs decide as the start-up process (SYSTEM_ACTOR) and appends with 'no_stream' and ids derived from
 * a fixed command id, so two instances starting together, or a restart after a crash half-way, record each thing once.
 */
@Injectable()
export class FirstStartService {
  private readonly logger = new Logger('FirstStart');
  private readonly report: FirstStartReport = { catalogueImported: false, fiscalYearsOpened: [], accounts: [], demo: false };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {}

  /** The plan catalogue and the fiscal years: what the server needs before it answers anyone. */
  async prepareStore(): Promise<void> {
    this.report.catalogueImported = await this.importCatalogue();
    for (const fiscalYear of FISCAL_YEARS) {
      if (await this.openFiscalYear(fiscalYear)) this.report.fiscalYearsOpened.push(fiscalYear);
    }
  }

  /**
   * The first accounts, when the store has no user yet. Called once the server listens, so that a start failing
   * before leaves no account whose one-time password was never shown.
   */
  async createAccounts(): Promise<FirstStartReport> {
    // Users are looked up in the read model: let it catch up with everything recorded so far.
    await this.runner.waitForPosition(await this.store.headPosition(), { timeoutMs: 60_000 });
    if (listUsers(this.readModels).length === 0) {
      this.report.demo = !this.config.production;
      if (this.config.production && this.config.demoPassword) {
        this.logger.warn('HYOKA_DEMO_PASSWORD is ignored in production, which creates no demo accounts (see HYOKA_ADMIN_PASSWORD)');
      }
      this.report.accounts = await this.createUsers(this.config.production ? [ADMINISTRATOR] : DEMO_ACCOUNTS);
    }
    await this.runner.waitForPosition(await this.store.headPosition(), { timeoutMs: 60_000 });
    return { ...this.report, accounts: [...this.report.accounts], fiscalYearsOpened: [...this.report.fiscalYearsOpened] };
  }

  /** Appends to a stream that must not exist yet; false when another instance created it first. */
  private async append(stream: string, events: readonly { type: string; data: unknown }[], commandId: string, now: string) {
    if (events.length === 0) return false;
    try {
      await this.store.appendToStream(
        stream,
        toEventsToAppend(stream, events, { actor: SYSTEM_ACTOR.userId, commandId, occurredAt: now }),
        { expectedRevision: 'no_stream' },
      );
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return false;
      throw error;
    }
  }

  private async importCatalogue(): Promise<boolean> {
    const existing = await this.store.readStream(catalogueStream());
    if (existing.length > 0) return false;
    const now = new Date().toISOString();
    const events = decideCatalogue(
      { type: 'ImportPlanCatalogue', data: { catalogue: loadPlanCatalogue() } },
      foldCatalogue(existing),
      { actor: SYSTEM_ACTOR, now },
    );
    const written = await this.append(catalogueStream(), events, 'first-start:import-plan-catalogue', now);
    if (written) this.logger.log('the plan catalogue (中期経営計画) was imported');
    return written;
  }

  private async openFiscalYear(fiscalYear: number): Promise<boolean> {
    const existing = await this.store.readStream(fiscalYearStream(fiscalYear));
    if (existing.length > 0) return false;
    const now = new Date().toISOString();
    const events = decideFiscalYear(
      { type: 'OpenFiscalYear', data: { fiscalYear } },
      foldFiscalYear(existing),
      { actor: SYSTEM_ACTOR, now },
    );
    return this.append(fiscalYearStream(fiscalYear), events, `first-start:open-fiscal-year-${fiscalYear}`, now);
  }

  private passwordFor(isAdmin: boolean): [string, CreatedAccount['passwordSource']] {
    if (isAdmin && this.config.adminPassword) return [this.config.adminPassword, 'HYOKA_ADMIN_PASSWORD'];
    if (this.report.demo && this.config.demoPassword) return [this.config.demoPassword, 'HYOKA_DEMO_PASSWORD'];
    return [randomBytes(12).toString('base64url'), 'generated'];
  }

  private async createUsers(specs: readonly AccountSpec[]): Promise<CreatedAccount[]> {
    const created: CreatedAccount[] = [];
    for (const spec of specs) {
      // Login names are unique across user streams; the API enforces it (the domain sees one stream at a time).
      if (findUserByLoginName(this.readModels, spec.loginName)) continue;
      const userId = spec.userId;
      const stream = userStream(userId);
      if ((await this.store.readStream(stream, { maxCount: 1 })).length > 0) continue;
      const isAdmin = spec.roles.some((r) => r.role === 'Admin');
      const [password, passwordSource] = this.passwordFor(isAdmin);
      const passwordHash = await this.hasher.hash(password);
      const now = new Date().toISOString();
      const ctx = { actor: SYSTEM_ACTOR, now };
      let state = initialUserState();
      const events: UserEvent[] = [];
      const decide = (command: Parameters<typeof decideUser>[0]) => {
        for (const event of decideUser(command, state, ctx)) {
          events.push(event);
          state = evolveUser(state, event);
        }
      };
      decide({ type: 'RegisterUser', data: { userId, loginName: spec.loginName, displayName: spec.displayName, passwordHash } });
      for (const role of spec.roles) decide({ type: 'GrantRole', data: { role: role.role, departmentId: role.departmentId } });
      if (!(await this.append(stream, events, `first-start:account-${spec.loginName}`, now))) continue;
      created.push({
        loginName: spec.loginName,
        displayName: spec.displayName,
        password,
        passwordSource,
        roles: spec.roles.map((r) => (r.departmentId ? `${r.role}@${r.departmentId}` : r.role)).join(', '),
      });
    }
    return created;
  }
}
