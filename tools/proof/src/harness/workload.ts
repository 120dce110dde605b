import { NoAnswerError, type Client, type GraphQLAnswer } from './client.js';
import type { Random } from './random.js';

export type Stage = 'NotStarted' | 'PlanDraft' | 'PlanReview' | 'Draft' | 'PlanChangeReview' | 'PromotionMeetingReview' | 'ManagersMeetingReview' | 'CommitteeReview' | 'Finalized';

/** One evaluation a worker owns: its stage and version as the worker last saw them. */
export interface Slot {
  itemId: string;
  fiscalYear: number;
  stream: string;
  /** the 部 that owns the item: its staff and chair act on it */
  department: string;
  stage: Stage;
  version: number | null;
  recallable: boolean;
  /** the actual saved with the self-evaluation (null: none saved yet) */
  actual: number | null;
  target: number;
}

/** A command sent to the API, whether or not it was answered. */
export interface SentCommand {
  commandId: string;
  stream: string;
  expectedVersion: number | null;
  /** how many events it appends when it is recorded (all or none) */
  expectedEvents: number;
  operation: string;
}

/** A command the API answered OK: it must be in the log from then on. */
export interface Ack {
  /** the command id (for a bulk approval: the bulk's id, matched with the stream through the correlation id) */
  commandId: string;
  bulk: boolean;
  stream: string;
  expectedVersion: number | null;
  /** the evaluation's version the answer gave */
  version: number;
  operation: string;
}

/** A command answered CONFLICT (its version was stale): it must never be in the log. */
export interface Conflict {
  /** the command id (for a bulk approval: the bulk's id) */
  commandId: string;
  bulk: boolean;
  stream: string;
  expectedVersion: number | null;
}

export class Ledger {
  readonly sent = new Map<string, SentCommand>();
  readonly conflicts: Conflict[] = [];
  /** bulk id → the streams it names */
  readonly bulks = new Map<string, string[]>();
  readonly acks: Ack[] = [];
  /** answers the workload did not expect (it only sends commands the rules allow) */
  readonly unexpected: string[] = [];
  /** commands answered only after a restart, with their first command id (the retry was the same request) */
  retriedAfterCrash = 0;
  private ackListeners = new Set<() => void>();

  ack(ack: Ack): void {
    this.acks.push(ack);
    for (const listener of this.ackListeners) listener();
  }

  /** resolves once `count` commands in all have been acknowledged */
  whenAcked(count: number): Promise<void> {
    if (this.acks.length >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const listener = () => {
        if (this.acks.length >= count) {
          this.ackListeners.delete(listener);
          resolve();
        }
      };
      this.ackListeners.add(listener);
    });
  }
}

/** Open while the API runs; workers whose request got no answer wait here for the restart. */
export class Gate {
  private opened: Promise<void>;
  private release: () => void = () => undefined;
  up = false;

  constructor() {
    this.opened = this.closedPromise();
  }

  open(): void {
    this.up = true;
    this.release();
  }

  close(): void {
    if (!this.up) return;
    this.up = false;
    this.opened = this.closedPromise();
  }

  private closedPromise(): Promise<void> {
    return new Promise((resolve) => {
      this.release = resolve;
    });
  }

  waitUp(): Promise<void> {
    return this.opened;
  }
}

export interface Desk {
  staff: Client;
  head: Client;
  manager: Client;
  secretaryGeneral: Client;
  committee: Client;
  /** the committee's open session (quorum present) per fiscal year, with every item of the year on its agenda */
  committeeSessions: Readonly<Record<number, string>>;
}

const FIELDS = 'version stage recallable';
// a client that shares its evaluations learns the approved target from each answer: another may have changed it
const CONTENDED_FIELDS = `${FIELDS} target { target }`;
const mutation = (name: string, input: string, fields = FIELDS) => `mutation($input: ${input}!) { ${name}(input: $input) { ${fields} } }`;
const OPERATIONS = {
  saveAnnualPlan: mutation('saveAnnualPlan', 'SaveAnnualPlanInput'),
  submitAnnualPlan: mutation('submitAnnualPlan', 'EvaluationActionInput'),
  approveAnnualPlan: mutation('approveAnnualPlan', 'EvaluationActionInput'),
  changeAnnualPlan: mutation('changeAnnualPlan', 'ChangeAnnualPlanInput'),
  saveSelfEvaluation: mutation('saveSelfEvaluation', 'SaveSelfEvaluationInput'),
  submitEvaluation: mutation('submitEvaluation', 'EvaluationActionInput'),
  recallEvaluation: mutation('recallEvaluation', 'EvaluationActionInput'),
  commentOnEvaluation: mutation('commentOnEvaluation', 'CommentOnEvaluationInput'),
  approveEvaluation: mutation('approveEvaluation', 'EvaluationActionInput'),
  returnEvaluation: mutation('returnEvaluation', 'ReturnEvaluationInput'),
  forwardToCommittee: mutation('forwardToCommittee', 'ForwardToCommitteeInput'),
  finalizeEvaluation: mutation('finalizeEvaluation', 'FinalizeEvaluationInput'),
  reopenEvaluation: mutation('reopenEvaluation', 'ReopenEvaluationInput'),
} as const;
type Operation = keyof typeof OPERATIONS;
const CONTENDED_OPERATIONS = Object.fromEntries(
  Object.keys(OPERATIONS).map((name) => [name, mutation(name, /input: (\w+)!/.exec(OPERATIONS[name as Operation])![1]!, CONTENDED_FIELDS)]),
) as Record<Operation, string>;

const APPROVE_MANY = `mutation($input: ApproveEvaluationsInput!) {
  approveEvaluations(input: $input) { itemId fiscalYear ok version errorCode errorMessage }
}`;
const READ = `query($itemId: ID!, $fiscalYear: Int!) { evaluation(itemId: $itemId, fiscalYear: $fiscalYear) { ${FIELDS} selfEvaluation { actual } target { target } } }`;

const GRADES = ['A', 'B', 'C', 'D'] as const;

interface Step {
  who: Client;
  operation: Operation;
  input: Record<string, unknown>;
  expectedEvents: number;
  /** what the slot looks like once it is recorded (beyond version, stage, recallable from the answer) */
  after?: Partial<Slot>;
}

/**
 * One of the concurrent clients: it owns a few evaluations of one 部 and walks each along the route with the people
 * of that 部 (staff, chair) and the managers, the 事務局長 and a committee member — setting and changing targets,
 * saving, submitting, commenting, recalling, returning, approving (one by one or in bulk), forwarding, finalising and
 * reopening — always with the version it saw and a fresh command id. A request that gets no answer (the API was
 * killed) is sent again, unchanged, once the API is back: that is what a client does, and the API must record it once.
 */
export class Worker {
  private counter = 0;

  constructor(
    readonly id: number,
    readonly slots: Slot[],
    /** the people this client acts as, per 部 */
    private readonly desks: Readonly<Record<string, Desk>>,
    private readonly ledger: Ledger,
    private readonly gate: Gate,
    private readonly random: Random,
    private readonly runId: string,
    /** true when other clients act on the same evaluations: CONFLICT is then an expected answer, after which the client reads the evaluation again */
    private readonly contended = false,
  ) {}

  async run(stopping: () => boolean): Promise<void> {
    while (!stopping()) {
      await this.gate.waitUp();
      if (stopping()) return;
      const slot = this.random.pick(this.slots);
      const bulk = slot.stage === 'PromotionMeetingReview' ? this.bulkCandidates(slot.department) : [];
      if (bulk.length >= 2 && this.random.next() < 0.25) await this.approveInBulk(bulk);
      else await this.execute(slot, this.nextStep(slot));
    }
  }

  private nextCommandId(): string {
    this.counter += 1;
    return `proof-${this.runId}-w${this.id}-${this.counter}`;
  }

  /** the evaluations one chair may approve together: those of one 部 waiting at its 推進会議 */
  private bulkCandidates(department: string): Slot[] {
    return this.slots.filter((s) => s.stage === 'PromotionMeetingReview' && s.department === department);
  }

  private nextStep(slot: Slot): Step {
    const r = this.random.next();
    const note = `${this.runId}-${this.id}-${this.counter + 1}`;
    const d = this.desks[slot.department]!;
    switch (slot.stage) {
      case 'NotStarted':
        return { who: d.staff, operation: 'saveAnnualPlan', input: this.targetInput(slot), expectedEvents: 1, after: { target: this.newTarget(slot) } };
      case 'PlanDraft':
        return { who: d.staff, operation: 'submitAnnualPlan', input: {}, expectedEvents: 1 };
      case 'PlanReview':
        return { who: d.head, operation: 'approveAnnualPlan', input: {}, expectedEvents: 1 };
      case 'PlanChangeReview':
        // approving a change regrades the saved self-evaluation: two events in one append
        return { who: d.head, operation: 'approveAnnualPlan', input: {}, expectedEvents: slot.actual === null ? 1 : 2 };
      case 'Draft': {
        if (slot.actual === null || r < 0.3) {
          const actual = slot.actual === null ? this.random.int(1, 30) : ((slot.actual + this.random.int(1, 5)) % 30) + 1;
          return {
            who: d.staff,
            operation: 'saveSelfEvaluation',
            input: {
              actual: String(actual),
              qualitativeGrade: this.random.pick(GRADES),
              actualStage: '実施',
              plannedStageReached: this.random.next() < 0.7,
              narrative: { achievements: `実績 ${note}`, issues: `課題 ${note}`, nextYear: null },
            },
            expectedEvents: 1,
            after: { actual },
          };
        }
        if (r < 0.45) {
          // a plan change, approved next by the 部長
          const target = this.newTarget(slot);
          return { who: d.staff, operation: 'changeAnnualPlan', input: { ...this.targetInput(slot, target), reason: `計画変更 ${note}` }, expectedEvents: 1, after: { target } };
        }
        return { who: d.staff, operation: 'submitEvaluation', input: {}, expectedEvents: 1 };
      }
      case 'PromotionMeetingReview':
        if (slot.recallable && r < 0.12) return { who: d.staff, operation: 'recallEvaluation', input: {}, expectedEvents: 1 };
        if (r < 0.3) return { who: d.head, operation: 'commentOnEvaluation', input: { text: `推進会議コメント ${note}` }, expectedEvents: 1 };
        if (r < 0.45) {
          return { who: d.head, operation: 'returnEvaluation', input: { toStage: 'Draft', reason: `差し戻し ${note}` }, expectedEvents: 1 };
        }
        return { who: d.head, operation: 'approveEvaluation', input: {}, expectedEvents: 1 };
      case 'ManagersMeetingReview':
        if (slot.recallable && r < 0.1) return { who: d.head, operation: 'recallEvaluation', input: {}, expectedEvents: 1 };
        if (r < 0.3) {
          const who = r < 0.2 ? d.manager : d.secretaryGeneral;
          return { who, operation: 'commentOnEvaluation', input: { text: `管理職会議コメント ${note}` }, expectedEvents: 1 };
        }
        if (r < 0.42) {
          const toStage = this.random.pick(['Draft', 'PromotionMeetingReview']);
          return { who: d.secretaryGeneral, operation: 'returnEvaluation', input: { toStage, reason: `差し戻し ${note}` }, expectedEvents: 1 };
        }
        return {
          who: d.secretaryGeneral,
          operation: 'forwardToCommittee',
          input: { proposedGrade: this.random.pick(GRADES), reason: `案の理由 ${note}` },
          expectedEvents: 1,
        };
      case 'CommitteeReview':
        if (slot.recallable && r < 0.1) return { who: d.secretaryGeneral, operation: 'recallEvaluation', input: {}, expectedEvents: 1 };
        if (r < 0.3) return { who: d.committee, operation: 'commentOnEvaluation', input: { text: `委員会コメント ${note}` }, expectedEvents: 1 };
        if (r < 0.42) {
          return {
            who: d.committee,
            operation: 'returnEvaluation',
            input: { toStage: 'ManagersMeetingReview', reason: `差し戻し ${note}` },
            expectedEvents: 1,
          };
        }
        return {
          who: d.committee,
          operation: 'finalizeEvaluation',
          input: { overallGrade: this.random.pick(GRADES), rationale: `聞き取り ${note}`, reason: `変更理由 ${note}`, meetingId: d.committeeSessions[slot.fiscalYear] },
          expectedEvents: 1,
        };
      case 'Finalized':
        return { who: d.committee, operation: 'reopenEvaluation', input: { reason: `再審査 ${note}`, meetingId: d.committeeSessions[slot.fiscalYear] }, expectedEvents: 1 };
    }
  }

  private newTarget(slot: Slot): number {
    return (slot.target % 20) + 1;
  }

  private targetInput(slot: Slot, target = this.newTarget(slot)): Record<string, unknown> {
    return { method: 'quantitative', target: String(target), unit: '回', direction: 'higherIsBetter', actions: '研修会を開催する' };
  }

  /** Sends until answered: a request without an answer is sent again, unchanged, after the restart. */
  private async send<T>(who: Client, query: string, variables: Record<string, unknown>): Promise<{ answer: GraphQLAnswer<T>; afterCrash: boolean }> {
    let afterCrash = false;
    for (;;) {
      await this.gate.waitUp();
      try {
        return { answer: await who.send<T>(query, variables), afterCrash };
      } catch (error) {
        if (!(error instanceof NoAnswerError)) throw error;
        afterCrash = true;
        // the harness closes the gate before it kills the API; a lost answer while it is still open is retried shortly
        if (this.gate.up) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }

  private async execute(slot: Slot, step: Step): Promise<void> {
    const commandId = this.nextCommandId();
    const input = { itemId: slot.itemId, fiscalYear: slot.fiscalYear, expectedVersion: slot.version, commandId, ...step.input };
    this.ledger.sent.set(commandId, {
      commandId,
      stream: slot.stream,
      expectedVersion: slot.version,
      expectedEvents: step.expectedEvents,
      operation: step.operation,
    });
    const { answer, afterCrash } = await this.send<Record<string, { version: number; stage: Stage; recallable: boolean; target?: { target: string | null } | null }>>(
      step.who,
      (this.contended ? CONTENDED_OPERATIONS : OPERATIONS)[step.operation],
      { input },
    );
    const result = answer.data?.[step.operation];
    if (this.contended && answer.errors?.[0]?.extensions?.code === 'CONFLICT') {
      this.ledger.conflicts.push({ commandId, bulk: false, stream: slot.stream, expectedVersion: slot.version });
      await this.resync(slot);
      return;
    }
    if (answer.errors?.length || !result) {
      this.ledger.unexpected.push(`${step.operation} ${slot.stream} v${slot.version}: ${JSON.stringify(answer.errors)}`);
      await this.resync(slot);
      return;
    }
    if (afterCrash) this.ledger.retriedAfterCrash += 1;
    this.ledger.ack({
      commandId,
      bulk: false,
      stream: slot.stream,
      expectedVersion: slot.version,
      version: result.version,
      operation: step.operation,
    });
    Object.assign(slot, step.after ?? {}, { version: result.version, stage: result.stage, recallable: result.recallable });
    if (this.contended && result.target?.target) slot.target = Number(result.target.target);
  }

  private async approveInBulk(slots: Slot[]): Promise<void> {
    const commandId = this.nextCommandId();
    this.ledger.bulks.set(
      commandId,
      slots.map((s) => s.stream),
    );
    const items = slots.map((s) => ({ itemId: s.itemId, fiscalYear: s.fiscalYear, expectedVersion: s.version }));
    type Result = { itemId: string; fiscalYear: number; ok: boolean; version: number | null; errorCode: string | null; errorMessage: string | null };
    const { answer, afterCrash } = await this.send<{ approveEvaluations: Result[] }>(this.desks[slots[0]!.department]!.head, APPROVE_MANY, { input: { items, commandId } });
    const results = answer.data?.approveEvaluations;
    if (answer.errors?.length || !results) {
      this.ledger.unexpected.push(`approveEvaluations ${commandId}: ${JSON.stringify(answer.errors)}`);
      for (const slot of slots) await this.resync(slot);
      return;
    }
    if (afterCrash) this.ledger.retriedAfterCrash += 1;
    for (const slot of slots) {
      const result = results.find((r) => r.itemId === slot.itemId && r.fiscalYear === slot.fiscalYear);
      if (this.contended && result?.errorCode === 'CONFLICT') {
        this.ledger.conflicts.push({ commandId, bulk: true, stream: slot.stream, expectedVersion: slot.version });
        await this.resync(slot);
        continue;
      }
      if (!result?.ok || result.version === null) {
        this.ledger.unexpected.push(`bulk item ${slot.stream}: ${JSON.stringify(result)}`);
        await this.resync(slot);
        continue;
      }
      this.ledger.ack({
        commandId,
        bulk: true,
        stream: slot.stream,
        expectedVersion: slot.version,
        version: result.version,
        operation: 'approveEvaluations',
      });
      Object.assign(slot, { version: result.version, stage: 'ManagersMeetingReview', recallable: true });
    }
  }

  /** After an unexpected answer: read the evaluation again and go on from what it is. */
  private async resync(slot: Slot): Promise<void> {
    const { answer } = await this.send<{
      evaluation: { version: number | null; stage: Stage; recallable: boolean; selfEvaluation: { actual: string | null } | null; target: { target: string | null } | null };
    }>(this.desks[slot.department]!.staff, READ, { itemId: slot.itemId, fiscalYear: slot.fiscalYear });
    const e = answer.data?.evaluation;
    if (!e) throw new Error(`cannot read ${slot.stream}: ${JSON.stringify(answer.errors)}`);
    slot.version = e.version;
    slot.stage = e.stage;
    slot.recallable = e.recallable;
    slot.actual = e.selfEvaluation?.actual ? Number(e.selfEvaluation.actual) : null;
    slot.target = e.target?.target ? Number(e.target.target) : slot.target;
  }
}
