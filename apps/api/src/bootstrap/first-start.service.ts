import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { FISCAL_YEARS, loadPlanCatalogue } from '@hyoka/catalogue';
import { aggregateStream, catalogueFold, fiscalYearFold, handleCommand, userFold, type Decide, type StreamFold } from '@hyoka/command-handling';
import {
  SYSTEM_ACTOR,
  catalogueStream,
  decideCatalogue,
  decideFiscalYear,
  decideUser,
  departmentsOf,
  fiscalYearStream,
  userStream,
  type CatalogueState,
  type FiscalYearState,
  type UserCommand,
  type UserState,
} from '@hyoka/domain';
import { WrongExpectedRevisionError, type EventStore } from '@hyoka/event-store';
import { findUserByLoginName, listUsers, type ProjectionRunner, type ReadModels } from '@hyoka/projections';
import type { PasswordHasher } from '../auth/password-hasher.js';
import type { AppConfig } from '../config.js';
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
  /** the 部門 HYOKA_FACILITY_CARE_MEETING remapped now (null: nothing recorded) */
  divisionRemapped: string | null;
  fiscalYearsOpened: number[];
  /** the accounts created now with their passwords (empty when users existed already) */
  accounts: CreatedAccount[];
  /** whether they are the demo accounts (one per role) or, in production, only the administrator */
  demo: boolean;
}

/**
 * Makes a store ready for use: the plan catalogue (shipped data) imported, fiscal years 2025–2027 opened and, when the
 * store holds no user yet, the first accounts: in production only an administrator, otherwise demo accounts for every
 * role. Each step runs through handleCommand as the start-up process (SYSTEM_ACTOR), expecting 'no_stream', with ids
 * derived from a fixed command id, so two instances starting together, or a restart after a crash half-way, record each
 * thing once.
 */
@Injectable()
export class FirstStartService {
  private readonly logger = new Logger('FirstStart');
  private readonly report: FirstStartReport = { catalogueImported: false, divisionRemapped: null, fiscalYearsOpened: [], accounts: [], demo: false };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {}

  /** The plan catalogue and the fiscal years: what the server needs before it answers anyone. */
  async prepareStore(): Promise<void> {
    // HYOKA_INITIAL_PLAN=none: another council's store starts empty; its administrator imports the plan (a workbook)
    if (this.config.initialPlan === 'none') return;
    this.report.catalogueImported = await this.importCatalogue();
    this.report.divisionRemapped = await this.mapConfigurableDivision();
    for (const fiscalYear of FISCAL_YEARS) {
      if (await this.openFiscalYear(fiscalYear)) this.report.fiscalYearsOpened.push(fiscalYear);
    }
  }

  /**
   * The first accounts, when the store has no user yet. Called once the server listens, so that a start failing
   * before leaves no account whose one-time password was never shown.
   */
  async createAccounts(): Promise<FirstStartReport> {
    if (await this.hasFirstAccounts()) return this.copy();
    // Users are looked up in the read model: let it catch up with everything recorded so far. Only a store that did
    // not start here gets this far with a long log (the read models catch up meanwhile and the server answers).
    await this.runner.waitForPosition(await this.store.headPosition(), { timeoutMs: Number.POSITIVE_INFINITY });
    if (listUsers(this.readModels).length === 0) {
      // the demo accounts belong to the shipped plan's 部: without it, only the administrator
      this.report.demo = !this.config.production && this.config.initialPlan === 'shipped';
      if (this.config.production && this.config.demoPassword) {
        this.logger.warn('HYOKA_DEMO_PASSWORD is ignored in production, which creates no demo accounts (see HYOKA_ADMIN_PASSWORD)');
      }
      this.report.accounts = await this.createUsers(this.report.demo ? DEMO_ACCOUNTS : [ADMINISTRATOR]);
    }
    await this.runner.waitForPosition(await this.store.headPosition(), { timeoutMs: Number.POSITIVE_INFINITY });
    return this.copy();
  }

  /**
   * Whether an earlier start made the first accounts (their streams have fixed ids): then the store holds a user and
   * nothing is to be created, without waiting for the read models to catch up with a long log.
   */
  private async hasFirstAccounts(): Promise<boolean> {
    for (const spec of [ADMINISTRATOR, ...DEMO_ACCOUNTS]) {
      if ((await this.store.readStream(userStream(spec.userId), { maxCount: 1 })).length > 0) return true;
    }
    return false;
  }

  private copy(): FirstStartReport {
    return { ...this.report, accounts: [...this.report.accounts], fiscalYearsOpened: [...this.report.fiscalYearsOpened] };
  }

  /**
   * Runs a command on a stream that must not exist yet, through the one command path; false when the stream exists
   * (another instance created it first, or this command did before a restart).
   */
  private async create<State>(stream: string, fold: StreamFold<State>, decide: Decide<State> | Decide<State>[], commandId: string, now: string) {
    // an existing stream needs no fold: the command path would read all of it first (the catalogue's grows with every
    // plan revision, and this runs before listen())
    if ((await this.store.readStream(stream, { maxCount: 1 })).length > 0) return false;
    try {
      const result = await handleCommand(this.store, stream, decide, {
        fold,
        expectedRevision: 'no_stream',
        provenance: { actor: SYSTEM_ACTOR.userId, commandId, occurredAt: now },
      });
      return !result.deduplicated && result.newEvents.length > 0;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return false;
      throw error;
    }
  }

  private async importCatalogue(): Promise<boolean> {
    const now = new Date().toISOString();
    const command = { type: 'ImportPlanCatalogue', data: { catalogue: loadPlanCatalogue() } } as const;
    const decide = (state: CatalogueState) => decideCatalogue(command, state, { actor: SYSTEM_ACTOR, now });
    const written = await this.create(catalogueStream(), catalogueFold, decide, 'first-start:import-plan-catalogue', now);
    if (written) this.logger.log('the plan catalogue (中期経営計画) was imported');
    return written;
  }

  /**
   * HYOKA_FACILITY_CARE_MEETING as data: the 部門 the plan names no 推進会議 for (`promotionMeetingConfigurable`) is
   * remapped once by the start-up process, while no remap of it was ever recorded; after that the mapping is the
   * administrator's (the 組織 page), and the variable changes nothing.
   */
  private async mapConfigurableDivision(): Promise<string | null> {
    const meetingId = this.config.facilityCareMeeting;
    if (!meetingId) return null;
    const { state } = await aggregateStream(this.store, catalogueStream(), catalogueFold);
    if (state.status !== 'Imported') return null;
    const remapped = new Set(
      (await this.store.readStream(catalogueStream())).filter((e) => e.type === 'DivisionRemapped').map((e) => (e.data as { divisionId?: string }).divisionId),
    );
    const division = state.catalogue.divisions.find((d) => d.promotionMeetingConfigurable && !remapped.has(d.id));
    if (!division || division.promotionMeetingId === meetingId) return null;
    const now = new Date().toISOString();
    const command = {
      type: 'RemapDivision',
      data: { divisionId: division.id, promotionMeetingId: meetingId, reason: '初回起動時の設定 HYOKA_FACILITY_CARE_MEETING', approvedBy: 'システム管理者(環境設定)' },
    } as const;
    try {
      const result = await handleCommand(this.store, catalogueStream(), (current: CatalogueState) => decideCatalogue(command, current, { actor: SYSTEM_ACTOR, now }), {
        fold: catalogueFold,
        provenance: { actor: SYSTEM_ACTOR.userId, commandId: `first-start:remap-${division.id}`, occurredAt: now },
      });
      if (result.deduplicated || result.newEvents.length === 0) return null;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return null;
      throw new Error(`HYOKA_FACILITY_CARE_MEETING=${meetingId}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.logger.log(`${division.name} is reviewed by ${meetingId} (HYOKA_FACILITY_CARE_MEETING, recorded as a plan revision)`);
    return division.id;
  }

  private async openFiscalYear(fiscalYear: number): Promise<boolean> {
    const now = new Date().toISOString();
    const decide = (state: FiscalYearState) =>
      decideFiscalYear({ type: 'OpenFiscalYear', data: { fiscalYear } }, state, { actor: SYSTEM_ACTOR, now });
    return this.create(fiscalYearStream(fiscalYear), fiscalYearFold, decide, `first-start:open-fiscal-year-${fiscalYear}`, now);
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
      const departments = departmentsOf((await aggregateStream(this.store, catalogueStream(), catalogueFold)).state);
      const ctx = { actor: SYSTEM_ACTOR, now, departments };
      const commands: UserCommand[] = [
        { type: 'RegisterUser', data: { userId, loginName: spec.loginName, displayName: spec.displayName, passwordHash } },
        // a demo 部 the plan does not have (another council's plan) is left out
        ...spec.roles.filter((role) => role.departmentId === null || departments.some((d) => d.id === role.departmentId)).map((role): UserCommand => ({ type: 'GrantRole', data: { role: role.role, departmentId: role.departmentId } })),
        // demo accounts get an address on the reserved hyoka.example domain, so a configured SMTP server receives the demo's mail
        ...(this.report.demo ? [{ type: 'ChangeUserEmail', data: { email: `${spec.loginName}@hyoka.example` } } as UserCommand] : []),
      ];
      const steps = commands.map((command) => (state: UserState) => decideUser(command, state, ctx));
      if (!(await this.create(stream, userFold, steps, `first-start:account-${spec.loginName}`, now))) continue;
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
