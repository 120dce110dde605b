import { randomUUID } from 'node:crypto';
import { loadPlanCatalogue } from '@hyoka/catalogue';
import {
  aggregateStream,
  catalogueFold,
  evaluationFold,
  fiscalYearFold,
  handleCommand,
  userFold,
  assignmentFold,
  meetingFold,
  type Decide,
  type StreamFold,
} from '@hyoka/command-handling';
import type { EventStore } from '@hyoka/event-store';
import {
  SYSTEM_ACTOR,
  assignmentStream,
  decideAssignment,
  type AssignmentMode,
  catalogueStream,
  decideCatalogue,
  decideEvaluation,
  decideFiscalYear,
  decideUser,
  departmentsOf,
  evaluationStream,
  fiscalYearSettings,
  fiscalYearStream,
  itemContext,
  userStream,
  decideMeeting,
  meetingStream,
  type Actor,
  type MeetingCommand,
  type CatalogueCommand,
  type EvaluationCommand,
  type Role,
} from '@hyoka/domain';

export const PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo';

/** The people of the specs (部 general-affairs owns 法人経営部門 items such as I-001). */
export const people = {
  admin: { userId: 'u-admin', loginName: 'admin', displayName: '管理 太郎', roles: [{ role: 'Admin', departmentId: null }] },
  staff: {
    userId: 'u-staff',
    loginName: 'sato',
    displayName: '佐藤 花子',
    roles: [{ role: 'Staff', departmentId: 'general-affairs' }],
  },
  cwStaff: {
    userId: 'u-cw-staff',
    loginName: 'tanaka',
    displayName: '田中 一郎',
    roles: [{ role: 'Staff', departmentId: 'community-welfare' }],
  },
  head: {
    userId: 'u-head',
    loginName: 'suzuki',
    displayName: '鈴木 部長',
    roles: [
      { role: 'DepartmentHead', departmentId: 'general-affairs' },
      { role: 'Manager', departmentId: null },
    ],
  },
  sg: {
    userId: 'u-sg',
    loginName: 'takahashi',
    displayName: '高橋 事務局長',
    roles: [
      { role: 'SecretaryGeneral', departmentId: null },
      { role: 'Manager', departmentId: null },
    ],
  },
  committee: {
    userId: 'u-committee',
    loginName: 'ito',
    displayName: '伊藤 委員',
    roles: [{ role: 'CommitteeMember', departmentId: null }],
  },
  auditor: { userId: 'u-auditor', loginName: 'kato', displayName: '加藤 監事', roles: [{ role: 'Auditor', departmentId: null }] },
  cwHead: {
    userId: 'u-cw-head',
    loginName: 'yamada',
    displayName: '山田 部長',
    roles: [{ role: 'DepartmentHead', departmentId: 'community-welfare' }],
  },
} satisfies Record<string, { userId: string; loginName: string; displayName: string; roles: { role: Role; departmentId: string | null }[] }>;

export type Person = keyof typeof people;

/** Where a command's last event landed. */
export interface Recorded {
  position: bigint;
  nextExpectedRevision: bigint;
}

/**
 * Drives the domain the way the API does, through the one command path (handleCommand): read the stream, upcast,
 * fold, decide with the domain, append at the revision read with full metadata. The clock moves one minute per command.
 */
export class Scenario {
  private clock: number;

  constructor(
    readonly store: EventStore,
    start = '2025-04-01T00:00:00.000Z',
  ) {
    this.clock = Date.parse(start);
  }

  now(): string {
    return new Date(this.clock).toISOString();
  }

  private tick(): string {
    this.clock += 60_000;
    return this.now();
  }

  actor(person: Person): Actor {
    const p = people[person];
    return { userId: p.userId, displayName: p.displayName, roles: p.roles };
  }

  /** One command through the one command path, at the revision read: where its last event landed. */
  private async handle<State>(stream: string, fold: StreamFold<State>, decide: Decide<State>, actor: Actor, now: string): Promise<Recorded> {
    const { position, nextExpectedRevision } = await handleCommand(this.store, stream, decide, {
      fold,
      provenance: { actor: actor.userId, commandId: randomUUID(), occurredAt: now },
    });
    if (position === null || nextExpectedRevision === null) throw new Error(`nothing decided on ${stream}`);
    return { position, nextExpectedRevision };
  }

  /** Imports the shipped catalogue (94 items) as the start-up process does. */
  async importCatalogue(): Promise<Recorded> {
    return this.catalogue({ type: 'ImportPlanCatalogue', data: { catalogue: loadPlanCatalogue() } }, SYSTEM_ACTOR);
  }

  async catalogue(command: CatalogueCommand, actor: Actor = this.actor('admin')): Promise<Recorded> {
    const now = this.tick();
    return this.handle(catalogueStream(), catalogueFold, (state) => decideCatalogue(command, state, { actor, now }), actor, now);
  }

  async openYear(fiscalYear: number): Promise<Recorded> {
    const now = this.tick();
    const actor = SYSTEM_ACTOR;
    const open = { type: 'OpenFiscalYear', data: { fiscalYear } } as const;
    return this.handle(fiscalYearStream(fiscalYear), fiscalYearFold, (state) => decideFiscalYear(open, state, { actor, now }), actor, now);
  }

  /** 期限: the administrator sets (or clears) due dates of an open year. */
  async setDueDates(fiscalYear: number, dueDates: Record<string, string | null>, actor: Actor = this.actor('admin')): Promise<Recorded> {
    const now = this.tick();
    const command = { type: 'SetDueDates', data: { fiscalYear, dueDates } } as const;
    return this.handle(fiscalYearStream(fiscalYear), fiscalYearFold, (state) => decideFiscalYear(command, state, { actor, now }), actor, now);
  }

  /** Registers a person with their roles (the system actor, as the bootstrap does). */
  async register(person: Person): Promise<Recorded> {
    const p = people[person];
    const stream = userStream(p.userId);
    const actor = SYSTEM_ACTOR;
    let result!: Recorded;
    const commands = [
      { type: 'RegisterUser' as const, data: { userId: p.userId, loginName: p.loginName, displayName: p.displayName, passwordHash: PASSWORD_HASH } },
      ...p.roles.map((r) => ({ type: 'GrantRole' as const, data: { role: r.role, departmentId: r.departmentId } })),
    ];
    const departments = await this.departments();
    for (const command of commands) {
      const now = this.tick();
      result = await this.handle(stream, userFold, (state) => decideUser(command, state, { actor, now, departments }), actor, now);
    }
    return result;
  }

  /** The catalogue's 部, as the API passes them to a command that names one. */
  private async departments() {
    return departmentsOf((await aggregateStream(this.store, catalogueStream(), catalogueFold)).state);
  }

  async user(userId: string, command: Parameters<typeof decideUser>[0], actor: Actor = this.actor('admin')): Promise<Recorded> {
    const now = this.tick();
    const departments = await this.departments();
    return this.handle(userStream(userId), userFold, (state) => decideUser(command, state, { actor, now, departments }), actor, now);
  }

  /** 会議: one command on a session's stream, by a person (the directory is `people`). */
  async meeting(person: Person, meetingId: string, command: MeetingCommand): Promise<Recorded> {
    const now = this.tick();
    const actor = this.actor(person);
    const directory = new Map((Object.keys(people) as Person[]).map((p) => [people[p].userId, this.actor(p)]));
    const departments = await this.departments();
    return this.handle(meetingStream(meetingId), meetingFold, (state) => decideMeeting(command, state, { actor, now, people: directory, departments }), actor, now);
  }

  private sessions = 0;
  /** An open committee session with `itemId` on its agenda and its member present: where the committee decides. */
  async committeeSession(itemId: string, fiscalYear: number): Promise<string> {
    const meetingId = `M-${fiscalYear}-committee-${++this.sessions}`;
    const date = this.now().slice(0, 10);
    await this.meeting('committee', meetingId, { type: 'ScheduleMeeting', data: { meetingId, body: 'committee', fiscalYear, date, place: '本会 会議室', agenda: [itemId] } });
    await this.meeting('committee', meetingId, { type: 'OpenMeeting', data: {} });
    await this.meeting('committee', meetingId, { type: 'RecordAttendance', data: { present: [people.committee.userId] } });
    return meetingId;
  }

  /**
   * One evaluation command by a person, decided by the domain and appended with the version read. The committee
   * finalises and reopens only in session: such a command naming none is taken in a session opened for it.
   */
  async act(person: Person, itemId: string, fiscalYear: number, given: EvaluationCommand): Promise<Recorded> {
    let command = given;
    if ((command.type === 'FinalizeEvaluation' || command.type === 'ReopenEvaluation') && !command.data.meetingId) {
      command = { ...command, data: { ...command.data, meetingId: await this.committeeSession(itemId, fiscalYear) } } as EvaluationCommand;
    }
    const catalogue = (await aggregateStream(this.store, catalogueStream(), catalogueFold)).state;
    const year = (await aggregateStream(this.store, fiscalYearStream(fiscalYear), fiscalYearFold)).state;
    const meetingId = (command.data as { meetingId?: string | null }).meetingId;
    const meeting = meetingId ? (await aggregateStream(this.store, meetingStream(meetingId), meetingFold)).state : null;
    const now = this.tick();
    const actor = this.actor(person);
    const context = {
      actor,
      now,
      item: itemContext(catalogue, itemId, fiscalYear),
      fiscalYear: fiscalYearSettings(year, fiscalYear),
      session: { meeting: meeting && meeting.status !== 'NotScheduled' ? meeting : null },
    };
    return this.handle(evaluationStream(itemId, fiscalYear), evaluationFold, (state) => decideEvaluation(command, state, context), actor, now);
  }

  /** A 部長 sets the 担当者 of an item (people of `people` only). */
  async assign(person: Person, itemId: string, assignees: string[], mode: AssignmentMode = 'REPLACE'): Promise<Recorded> {
    const catalogue = (await aggregateStream(this.store, catalogueStream(), catalogueFold)).state;
    const now = this.tick();
    const actor = this.actor(person);
    const directory = new Map((Object.keys(people) as Person[]).map((p) => [people[p].userId, this.actor(p)]));
    const context = { actor, now, item: itemContext(catalogue, itemId, 2025), people: directory };
    const command = { type: 'AssignItem' as const, data: { itemId, assignees, mode } };
    return this.handle(assignmentStream(itemId), assignmentFold, (state) => decideAssignment(command, state, context), actor, now);
  }

  /**
   * The 単年度計画 drafted and submitted by `staff`, approved by `head` (計画第1版): the evaluation is then in 自己評価作成中.
   * `target` null: 定性のみ.
   */
  async approvedPlan(itemId: string, fiscalYear: number, target: number | null = 4, staff: Person = 'staff', head: Person = 'head'): Promise<Recorded> {
    await this.act(staff, itemId, fiscalYear, {
      type: 'SaveAnnualPlan',
      data:
        target === null
          ? { method: 'qualitative', actions: '検討会を開く' }
          : { method: 'quantitative', target, unit: '回', direction: 'higherIsBetter', actions: `研修会を年${target}回開催する` },
    });
    await this.act(staff, itemId, fiscalYear, { type: 'SubmitAnnualPlan', data: {} });
    return this.act(head, itemId, fiscalYear, { type: 'ApproveAnnualPlan', data: {} });
  }

  /** Approved plan, self-evaluation and submission by the owning staff. */
  async draftAndSubmit(itemId: string, fiscalYear: number, actual: number, target = 4): Promise<Recorded> {
    await this.approvedPlan(itemId, fiscalYear, target);
    await this.act('staff', itemId, fiscalYear, {
      type: 'SaveSelfEvaluation',
      data: {
        actual,
        qualitativeGrade: 'B',
        actualStage: '検討',
        plannedStageReached: true,
        narrative: { achievements: `研修会を${actual}回開催した`, issues: null, nextYear: null },
      },
    });
    return this.act('staff', itemId, fiscalYear, { type: 'SubmitEvaluation', data: {} });
  }

  /** Everyone of `people`, the catalogue and FY2025 open: the start of every realistic sequence. */
  async setUp(): Promise<void> {
    await this.importCatalogue();
    for (const person of Object.keys(people) as Person[]) await this.register(person);
    await this.openYear(2025);
  }
}
