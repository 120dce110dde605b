import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { catalogueFold, commandFingerprint, handleCommand } from '@hyoka/command-handling';
import { catalogueStream, decideCatalogue, ValidationError, type CatalogueCommand, type CatalogueState } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import type { ProjectionRunner } from '@hyoka/projections';
import { Clock } from '../../auth/clock.js';
import type { Viewer } from '../../auth/viewer.js';
import { InputError } from '../../errors/api-errors.js';
import { checkCommandId } from '../../evaluations/commands/execute-evaluation.handler.js';
import { EVENT_STORE, PROJECTION_RUNNER } from '../../tokens.js';
import type { PlanChangeInput, PlanChangeKind, RevisePlanInput } from '../dto/revise-plan.input.js';
import type { RevisePlanModel } from '../models/plan-import.model.js';
import { checkMayRevisePlan } from './plan-workbook.handlers.js';

type Field = Exclude<keyof PlanChangeInput, 'kind'>;

/** The fields each kind takes (the domain checks their values); any other field given is refused. */
const FIELDS: Readonly<Record<PlanChangeKind, readonly Field[]>> = {
  AddDivision: ['divisionId', 'name', 'number', 'promotionMeetingId'],
  RenameDivision: ['divisionId', 'name'],
  RetireDivision: ['divisionId', 'fromFiscalYear'],
  AddTopic: ['topicId', 'divisionId', 'name', 'number'],
  RenameTopic: ['topicId', 'name'],
  MoveTopic: ['topicId', 'divisionId', 'number'],
  RetireTopic: ['topicId', 'fromFiscalYear'],
  AddTheme: ['themeId', 'topicId', 'name', 'number', 'currentSituation', 'goal'],
  RenameTheme: ['themeId', 'name'],
  MoveTheme: ['themeId', 'topicId', 'number'],
  RetireTheme: ['themeId', 'fromFiscalYear'],
  ChangeThemeTexts: ['themeId', 'currentSituation', 'goal'],
  AddItem: ['itemId', 'name', 'divisionId', 'themeId', 'schedule'],
  RenameItem: ['itemId', 'name'],
  MoveItem: ['itemId', 'themeId'],
  RetireItem: ['itemId', 'fromFiscalYear'],
  ChangeItemSchedule: ['itemId', 'fiscalYear', 'stage'],
  AddListing: ['themeId', 'itemId'],
  RemoveListing: ['themeId', 'itemId'],
};

/** One change of the input as the domain's command (validated by `decideCatalogue`). */
export function toCatalogueCommand(change: PlanChangeInput, index: number, revision: { reason: string; approvedBy: string }): CatalogueCommand {
  const allowed = FIELDS[change.kind];
  if (!allowed) throw new InputError(`変更${index + 1}: 変更の種類 ${String(change.kind)} は計画の見直しにありません。`, `changes.${index}.kind`);
  const given = Object.entries(change).filter(([key, value]) => key !== 'kind' && value !== undefined && value !== null);
  const extra = given.find(([key]) => !allowed.includes(key as Field));
  if (extra) throw new InputError(`変更${index + 1} (${change.kind}): 項目 ${extra[0]} はこの種類の変更には指定できません。`, `changes.${index}.${extra[0]}`);
  const fields = Object.fromEntries(given);
  if (change.kind === 'AddItem') {
    const schedule = Object.fromEntries((change.schedule ?? []).map((s) => [String(s.fiscalYear), s.stage ?? null]));
    const item = { id: change.itemId, name: change.name, divisionId: change.divisionId, themeId: change.themeId, schedule };
    return { type: 'AddItem', data: { ...revision, item } } as CatalogueCommand;
  }
  if (change.kind === 'ChangeItemSchedule') return { type: change.kind, data: { ...revision, ...fields, stage: change.stage ?? null } } as CatalogueCommand;
  return { type: change.kind, data: { ...revision, ...fields } } as CatalogueCommand;
}

export class RevisePlanCommand extends Command<RevisePlanModel> {
  constructor(
    readonly viewer: Viewer,
    readonly input: RevisePlanInput,
  ) {
    super();
  }
}

/**
 * Records a list of typed changes as one approved 計画の見直し: one append on the catalogue stream, at the revision the
 * person saw (the plan changed since: a conflict, nothing recorded); any change the domain refuses records nothing.
 */
@CommandHandler(RevisePlanCommand)
export class RevisePlanHandler implements ICommandHandler<RevisePlanCommand, RevisePlanModel> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly clock: Clock,
  ) {}

  async execute({ viewer, input }: RevisePlanCommand): Promise<RevisePlanModel> {
    checkMayRevisePlan(viewer);
    checkCommandId(input.commandId);
    if (!Number.isInteger(input.expectedRevision) || input.expectedRevision < 0) {
      throw new InputError('計画の版(expectedRevision)は0以上の整数で指定してください。', 'expectedRevision');
    }
    if (input.changes.length === 0) throw new ValidationError('記録する変更を1つ以上指定してください。', { field: 'changes' });
    if (input.changes.length > 500) throw new InputError('一度に記録できる変更は500件までです。', 'changes');
    // the domain validates reason and approver; here they only travel with each command
    const revision = { reason: input.reason, approvedBy: input.approvedBy };
    const commands = input.changes.map((change, index) => toCatalogueCommand(change, index, revision));
    const now = new Date(this.clock.now()).toISOString();
    const steps = commands.map((command) => (state: CatalogueState) => decideCatalogue(command, state, { actor: viewer, now }));
    const result = await handleCommand(this.store, catalogueStream(), steps, {
      fold: catalogueFold,
      expectedRevision: BigInt(input.expectedRevision),
      provenance: {
        actor: viewer.userId,
        commandId: input.commandId,
        occurredAt: now,
        commandHash: commandFingerprint({ type: 'RevisePlan', data: { commands } }),
      },
    });
    if (result.position !== null) await this.runner.waitForPosition(result.position);
    return { recordedChanges: commands.length, planRevision: Number(result.nextExpectedRevision ?? -1) };
  }
}
