import type { Department, PlanCatalogue, ReviewBody } from '@hyoka/catalogue';
import { IllegalTransitionError, NotFoundError } from '../shared/errors.js';
import type { Command, DomainEvent } from '../shared/json.js';
import { invalid, LIMITS, optionalText, requireId, requireObject, requireText } from '../shared/validation.js';
import type { CatalogueState } from './catalogue.js';

/**
 * The organisation as catalogue data (docs/design.md "The plan and the organisation are data"): 部 (Department),
 * 会議体 (ReviewBody) and which 推進会議 reviews which 部門 — and therefore which 部 owns its items. Each change is a
 * 計画の見直し with its reason and approver, on the plan-catalogue stream. Retired 部 and 会議体 stay in the catalogue
 * (their names are history) with `retired: true`, and are offered for no new use.
 */

type Revision = { reason: string; approvedBy: string };
type RevisionMeta = { by: string; actingAs: string; at: string } & Revision;

export const REVIEW_BODY_KINDS = ['PromotionMeeting', 'ManagersMeeting', 'EvaluationCommittee'] as const;
export type ReviewBodyKind = (typeof REVIEW_BODY_KINDS)[number];
/** What a 会議体 change may set: its name, 議長, 構成 and 役割. */
export type ReviewBodyDescription = Pick<ReviewBody, 'name' | 'chair' | 'members' | 'roles'>;

// ---- commands ----

export type AddDepartment = Command<'AddDepartment', Revision & { department: { id: string; name: string } }>;
export type RenameDepartment = Command<'RenameDepartment', Revision & { departmentId: string; name: string }>;
export type RetireDepartment = Command<'RetireDepartment', Revision & { departmentId: string }>;
export type AddReviewBody = Command<
  'AddReviewBody',
  Revision & { body: { id: string; kind: ReviewBodyKind; name: string; chair?: string | null; members?: string; roles?: string[]; departmentId?: string | null } }
>;
/** Changes what is given of name, chair, members and roles; the rest stays. */
export type ChangeReviewBody = Command<'ChangeReviewBody', Revision & { bodyId: string } & Partial<ReviewBodyDescription>>;
export type RetireReviewBody = Command<'RetireReviewBody', Revision & { bodyId: string }>;
/** Which 推進会議 reviews a 部門 (and so which 部 owns its items). */
export type RemapDivision = Command<'RemapDivision', Revision & { divisionId: string; promotionMeetingId: string }>;
export type OrganisationCommand =
  | AddDepartment
  | RenameDepartment
  | RetireDepartment
  | AddReviewBody
  | ChangeReviewBody
  | RetireReviewBody
  | RemapDivision;
export const ORGANISATION_COMMAND_TYPES: readonly OrganisationCommand['type'][] = [
  'AddDepartment',
  'RenameDepartment',
  'RetireDepartment',
  'AddReviewBody',
  'ChangeReviewBody',
  'RetireReviewBody',
  'RemapDivision',
];
export const isOrganisationCommand = (command: { type: string }): command is OrganisationCommand =>
  (ORGANISATION_COMMAND_TYPES as readonly string[]).includes(command.type);

// ---- events ----

export type DepartmentAdded = DomainEvent<'DepartmentAdded', RevisionMeta & { department: Department }>;
export type DepartmentRenamed = DomainEvent<'DepartmentRenamed', RevisionMeta & { departmentId: string; from: string; to: string }>;
export type DepartmentRetired = DomainEvent<'DepartmentRetired', RevisionMeta & { departmentId: string }>;
export type ReviewBodyAdded = DomainEvent<'ReviewBodyAdded', RevisionMeta & { body: ReviewBody }>;
export type ReviewBodyChanged = DomainEvent<'ReviewBodyChanged', RevisionMeta & { bodyId: string; from: ReviewBodyDescription; to: ReviewBodyDescription }>;
export type ReviewBodyRetired = DomainEvent<'ReviewBodyRetired', RevisionMeta & { bodyId: string }>;
export type DivisionRemapped = DomainEvent<'DivisionRemapped', RevisionMeta & { divisionId: string; from: string; to: string }>;
export type OrganisationEvent =
  | DepartmentAdded
  | DepartmentRenamed
  | DepartmentRetired
  | ReviewBodyAdded
  | ReviewBodyChanged
  | ReviewBodyRetired
  | DivisionRemapped;
export const ORGANISATION_EVENT_TYPES: readonly OrganisationEvent['type'][] = [
  'DepartmentAdded',
  'DepartmentRenamed',
  'DepartmentRetired',
  'ReviewBodyAdded',
  'ReviewBodyChanged',
  'ReviewBodyRetired',
  'DivisionRemapped',
];
export const isOrganisationEvent = (event: { type: string }): event is OrganisationEvent =>
  (ORGANISATION_EVENT_TYPES as readonly string[]).includes(event.type);

/** The id a revision is about, for the revision list. */
export function organisationSubject(event: OrganisationEvent): string {
  switch (event.type) {
    case 'DepartmentAdded':
      return event.data.department.id;
    case 'ReviewBodyAdded':
      return event.data.body.id;
    case 'DepartmentRenamed':
    case 'DepartmentRetired':
      return event.data.departmentId;
    case 'ReviewBodyChanged':
    case 'ReviewBodyRetired':
      return event.data.bodyId;
    case 'DivisionRemapped':
      return event.data.divisionId;
  }
}

// ---- reading the organisation ----

/** Every 部 the catalogue has known (none before the import): what a command that names a 部 is given. */
export const departmentsOf = (state: CatalogueState): readonly Department[] => (state.status === 'Imported' ? state.catalogue.departments : []);

/** The 部 of the catalogue that may be used for new work (roles, meetings, mappings): not retired. */
export const departmentsInForce = (catalogue: Pick<PlanCatalogue, 'departments'>): Department[] => catalogue.departments.filter((d) => !d.retired);

/** A 部's name for a message; the id when the catalogue does not know it. */
export const departmentName = (catalogue: Pick<PlanCatalogue, 'departments'> | null | undefined, departmentId: string): string =>
  catalogue?.departments.find((d) => d.id === departmentId)?.name ?? departmentId;

/** The 推進会議 that reviews each 部門, with the 部 that owns its items. */
export function divisionOwners(catalogue: PlanCatalogue): { divisionId: string; promotionMeetingId: string; departmentId: string | null }[] {
  return catalogue.divisions.map((division) => ({
    divisionId: division.id,
    promotionMeetingId: division.promotionMeetingId,
    departmentId: catalogue.reviewBodies.find((b) => b.id === division.promotionMeetingId)?.departmentId ?? null,
  }));
}

// ---- decide ----

type Imported = Extract<CatalogueState, { status: 'Imported' }>;

function department(catalogue: PlanCatalogue, value: unknown): Department {
  const id = requireId(value, 'departmentId');
  const found = catalogue.departments.find((d) => d.id === id);
  if (!found) throw new NotFoundError(`部 ${id} は計画にありません`);
  return found;
}

function departmentInForce(catalogue: PlanCatalogue, value: unknown): Department {
  const found = department(catalogue, value);
  if (found.retired) throw new IllegalTransitionError(`${found.name}は廃止されています`);
  return found;
}

function bodyInForce(catalogue: PlanCatalogue, value: unknown): ReviewBody {
  const id = requireId(value, 'bodyId');
  const found = catalogue.reviewBodies.find((b) => b.id === id);
  if (!found) throw new NotFoundError(`会議体 ${id} は計画にありません`);
  if (found.retired) throw new IllegalTransitionError(`${found.name}は廃止されています`);
  return found;
}

/** The 部門 a 推進会議 reviews (every 部門 of the catalogue is in force). */
const divisionsReviewedBy = (catalogue: PlanCatalogue, bodyId: string) => catalogue.divisions.filter((d) => d.promotionMeetingId === bodyId);

const requireMembers = (value: unknown): string => optionalText(value, 'members', { max: LIMITS.reason, multiline: true }) ?? '';

function requireRoles(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 20) throw invalid('bodyRoles', '「役割」は20件までの文の一覧で指定してください');
  return value.map((role) => requireText(role, 'bodyRoles', { max: LIMITS.reason, multiline: true }));
}

const requireChair = (value: unknown): string | null => optionalText(value, 'chair', { max: LIMITS.name });

function requireUnusedName(catalogue: PlanCatalogue, name: string, list: 'departments' | 'reviewBodies', except?: string): string {
  if (catalogue[list].some((entry) => entry.name === name && entry.id !== except && !entry.retired)) {
    throw new IllegalTransitionError(`「${name}」という${list === 'departments' ? '部' : '会議体'}は既にあります`);
  }
  return name;
}

/** decide for the organisation's commands on the catalogue stream; `meta` is the revision's who/when/why. */
export function decideOrganisation(command: OrganisationCommand, state: Imported, meta: RevisionMeta): OrganisationEvent[] {
  const { catalogue } = state;
  const data = requireObject(command.data ?? {}, 'data');
  switch (command.type) {
    case 'AddDepartment': {
      const input = requireObject(data.department, 'departmentId');
      const id = requireId(input.id, 'departmentId');
      if (catalogue.departments.some((d) => d.id === id)) throw new IllegalTransitionError(`部ID ${id} は既に使われています`);
      const name = requireUnusedName(catalogue, requireText(input.name, 'name', { max: LIMITS.name }), 'departments');
      return [{ type: 'DepartmentAdded', data: { ...meta, department: { id, name } } }];
    }
    case 'RenameDepartment': {
      const found = departmentInForce(catalogue, data.departmentId);
      const name = requireText(data.name, 'name', { max: LIMITS.name });
      if (name === found.name) throw new IllegalTransitionError(`部 ${found.id} の名称は既に「${name}」です`);
      requireUnusedName(catalogue, name, 'departments', found.id);
      return [{ type: 'DepartmentRenamed', data: { ...meta, departmentId: found.id, from: found.name, to: name } }];
    }
    case 'RetireDepartment': {
      const found = departmentInForce(catalogue, data.departmentId);
      const reviewing = catalogue.reviewBodies
        .filter((b) => b.departmentId === found.id && !b.retired)
        .flatMap((b) => divisionsReviewedBy(catalogue, b.id).map((d) => `${b.name}が${d.name}`));
      if (reviewing.length) {
        throw new IllegalTransitionError(`${found.name}は廃止できません: ${reviewing.join('、')}を審査しています。先に部門の推進会議を変更してください`);
      }
      return [{ type: 'DepartmentRetired', data: { ...meta, departmentId: found.id } }];
    }
    case 'AddReviewBody': {
      const input = requireObject(data.body, 'body');
      const id = requireId(input.id, 'bodyId');
      if (catalogue.reviewBodies.some((b) => b.id === id)) throw new IllegalTransitionError(`会議体ID ${id} は既に使われています`);
      if (!(REVIEW_BODY_KINDS as readonly unknown[]).includes(input.kind)) {
        throw invalid('bodyKind', '「会議体の種類」は 推進会議 (PromotionMeeting)・管理職会議 (ManagersMeeting)・評価検証委員会 (EvaluationCommittee) のいずれかを指定してください');
      }
      const kind = input.kind as ReviewBodyKind;
      const name = requireUnusedName(catalogue, requireText(input.name, 'name', { max: LIMITS.name }), 'reviewBodies');
      const body: ReviewBody = { id, kind, name, chair: requireChair(input.chair), members: requireMembers(input.members), roles: requireRoles(input.roles) };
      if (kind === 'PromotionMeeting') {
        if (input.departmentId === undefined || input.departmentId === null || input.departmentId === '') {
          throw invalid('departmentId', '推進会議には「部」の指定が必要です');
        }
        body.departmentId = departmentInForce(catalogue, input.departmentId).id;
      } else if (input.departmentId !== undefined && input.departmentId !== null) {
        throw invalid('departmentId', '「部」を指定できるのは推進会議だけです');
      }
      return [{ type: 'ReviewBodyAdded', data: { ...meta, body } }];
    }
    case 'ChangeReviewBody': {
      const body = bodyInForce(catalogue, data.bodyId);
      const from: ReviewBodyDescription = { name: body.name, chair: body.chair, members: body.members, roles: body.roles };
      const to: ReviewBodyDescription = {
        name: data.name === undefined ? from.name : requireUnusedName(catalogue, requireText(data.name, 'name', { max: LIMITS.name }), 'reviewBodies', body.id),
        chair: data.chair === undefined ? from.chair : requireChair(data.chair),
        members: data.members === undefined ? from.members : requireMembers(data.members),
        roles: data.roles === undefined ? from.roles : requireRoles(data.roles),
      };
      if (JSON.stringify(from) === JSON.stringify(to)) throw new IllegalTransitionError(`${body.name}の内容は変わっていません`);
      return [{ type: 'ReviewBodyChanged', data: { ...meta, bodyId: body.id, from, to } }];
    }
    case 'RetireReviewBody': {
      const body = bodyInForce(catalogue, data.bodyId);
      const reviewing = divisionsReviewedBy(catalogue, body.id);
      if (reviewing.length) {
        throw new IllegalTransitionError(`${body.name}は廃止できません: ${reviewing.map((d) => d.name).join('、')}を審査しています。先に部門の推進会議を変更してください`);
      }
      return [{ type: 'ReviewBodyRetired', data: { ...meta, bodyId: body.id } }];
    }
    case 'RemapDivision': {
      const divisionId = requireId(data.divisionId, 'divisionId');
      const division = catalogue.divisions.find((d) => d.id === divisionId);
      if (!division) throw new NotFoundError(`部門 ${divisionId} は計画にありません`);
      const meeting = bodyInForce(catalogue, requireId(data.promotionMeetingId, 'promotionMeetingId'));
      if (meeting.kind !== 'PromotionMeeting') throw invalid('promotionMeetingId', `${meeting.name}は推進会議ではありません`);
      if (!meeting.departmentId) throw new NotFoundError(`${meeting.name}の部がありません`);
      departmentInForce(catalogue, meeting.departmentId);
      if (division.promotionMeetingId === meeting.id) throw new IllegalTransitionError(`${division.name}は既に${meeting.name}が審査しています`);
      return [{ type: 'DivisionRemapped', data: { ...meta, divisionId: division.id, from: division.promotionMeetingId, to: meeting.id } }];
    }
    default: {
      const unhandled: never = command;
      throw new IllegalTransitionError(`不明な組織のコマンドです: ${JSON.stringify(unhandled).slice(0, 50)}`);
    }
  }
}

// ---- evolve ----

export function evolveOrganisation(catalogue: PlanCatalogue, event: OrganisationEvent): PlanCatalogue {
  switch (event.type) {
    case 'DepartmentAdded':
      return { ...catalogue, departments: [...catalogue.departments, event.data.department] };
    case 'DepartmentRenamed':
      return { ...catalogue, departments: catalogue.departments.map((d) => (d.id === event.data.departmentId ? { ...d, name: event.data.to } : d)) };
    case 'DepartmentRetired':
      return { ...catalogue, departments: catalogue.departments.map((d) => (d.id === event.data.departmentId ? { ...d, retired: true } : d)) };
    case 'ReviewBodyAdded':
      return { ...catalogue, reviewBodies: [...catalogue.reviewBodies, event.data.body] };
    case 'ReviewBodyChanged':
      return { ...catalogue, reviewBodies: catalogue.reviewBodies.map((b) => (b.id === event.data.bodyId ? { ...b, ...event.data.to } : b)) };
    case 'ReviewBodyRetired':
      return { ...catalogue, reviewBodies: catalogue.reviewBodies.map((b) => (b.id === event.data.bodyId ? { ...b, retired: true } : b)) };
    case 'DivisionRemapped':
      return {
        ...catalogue,
        divisions: catalogue.divisions.map((d) =>
          d.id === event.data.divisionId ? { ...d, promotionMeetingId: event.data.to } : d,
        ),
      };
  }
}
