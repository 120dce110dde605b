import { catalogueStream } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { APPROVE, EVALUATION, newCommandId } from '../testing/operations.js';
import { act, submitted } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { EVENT_STORE } from '../tokens.js';

const ORGANISATION = `query($asOf: DateTime) { organisation(asOf: $asOf) {
  asOf planRevision
  departments { id name retired }
  reviewBodies { id kind name chair members roles departmentId retired }
  divisions { divisionId divisionName promotionMeetingId promotionMeetingName departmentId departmentName promotionMeetingConfigurable }
} }`;
const mutation = (name: string, input: string) =>
  `mutation($input: ${input}!) { ${name}(input: $input) { planRevision departments { id name retired } divisions { divisionId promotionMeetingId departmentId departmentName } } }`;
const ADD_DEPARTMENT = mutation('addDepartment', 'AddDepartmentInput');
const RENAME_DEPARTMENT = mutation('renameDepartment', 'RenameDepartmentInput');
const RETIRE_DEPARTMENT = mutation('retireDepartment', 'RetireDepartmentInput');
const ADD_REVIEW_BODY = mutation('addReviewBody', 'AddReviewBodyInput');
const CHANGE_REVIEW_BODY = mutation('changeReviewBody', 'ChangeReviewBodyInput');
const RETIRE_REVIEW_BODY = mutation('retireReviewBody', 'RetireReviewBodyInput');
const REMAP_DIVISION = mutation('remapDivision', 'RemapDivisionInput');
const GRANT_ROLE = `mutation($loginName: String!, $role: Role!, $departmentId: String) {
  grantRole(loginName: $loginName, role: $role, departmentId: $departmentId) { loginName roles { role departmentId label } } }`;
const PLAN = `query { plan { items { id divisionId } revisions { type itemId subjectId reason approvedBy } } }`;
const REVISION = { reason: '施設部の新設(組織規程の改正)', approvedBy: '理事会 2026-03-20' };
const FY = 2025;

type Organisation = { planRevision: number; departments: { id: string; name: string; retired: boolean }[]; divisions: Record<string, unknown>[] };

describe('the organisation as data: organisation query and its mutations, roles per 部 from data', () => {
  let api: TestApi;
  let store: EventStore;
  let admin: Browser;
  let generalHead: Browser;
  let generalStaff: Browser;
  let livelihoodStaff: Browser;
  let livelihoodHead: Browser;
  let planRevision: number;
  let beforeChanges: string;

  const revise = (who: Browser, operation: string, input: Record<string, unknown>, expected = planRevision) =>
    who.send<Record<string, Organisation>>(operation, { input: { ...REVISION, expectedPlanRevision: expected, commandId: newCommandId('org'), ...input } });
  const ok = async (operation: string, input: Record<string, unknown>) => {
    const response = await revise(admin, operation, input);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const organisation = Object.values(response.data!)[0]!;
    planRevision = organisation.planRevision;
    return organisation;
  };

  beforeAll(async () => {
    api = await startTestApi();
    store = api.app.get<EventStore>(EVENT_STORE);
    [admin, generalHead, generalStaff, livelihoodStaff, livelihoodHead] = await api.signInAll('admin', 'head-general', 'staff-general', 'staff-livelihood', 'head-livelihood');
    beforeChanges = new Date().toISOString();
  });
  afterAll(() => api?.dispose());

  it('organisation answers the shipped plan: its 部, 会議体 and 部門 → 推進会議 → 部 (施設・介護サービス部門 by default 総務推進会議)', async () => {
    const { organisation } = await admin.run(ORGANISATION);
    expect(organisation.departments.map((d: { name: string }) => d.name)).toEqual(['総務部', '地域福祉部', '生活支援部']);
    expect(organisation.reviewBodies.find((b: { id: string }) => b.id === 'general-affairs-meeting')).toMatchObject({ kind: 'PromotionMeeting', departmentId: 'general-affairs', retired: false });
    expect(organisation.divisions.find((d: { divisionId: string }) => d.divisionId === 'facility-care')).toEqual({
      divisionId: 'facility-care',
      divisionName: '施設・介護サービス部門',
      promotionMeetingId: 'general-affairs-meeting',
      promotionMeetingName: '総務推進会議',
      departmentId: 'general-affairs',
      departmentName: '総務部',
      promotionMeetingConfigurable: true,
    });
    expect(organisation.planRevision).toBe((await store.readStream(catalogueStream())).length - 1);
    planRevision = organisation.planRevision;
    // any signed-in person reads it (the 部 a role is granted in, the pickers)
    expect((await generalStaff.run(ORGANISATION)).organisation.departments).toHaveLength(3);
  });

  it('only the administrator changes the organisation: a 部長 is refused in Japanese and nothing is recorded', async () => {
    const head = await store.headPosition();
    const error = await generalHead.errorOf(ADD_DEPARTMENT, { input: { ...REVISION, id: 'facility', name: '施設部', expectedPlanRevision: planRevision, commandId: newCommandId() } });
    expect(error).toMatchObject({ message: '「部の追加」は管理者のみ行えます', extensions: { code: 'FORBIDDEN' } });
    expect(await store.headPosition()).toBe(head);
  });

  it('adds a 部, a 推進会議 of it, and maps 施設・介護サービス部門 to it; a stale revision is a conflict and records nothing', async () => {
    const seen = planRevision;
    const added = await ok(ADD_DEPARTMENT, { id: 'facility', name: '施設部' });
    expect(added.departments.at(-1)).toEqual({ id: 'facility', name: '施設部', retired: false });
    expect(added.planRevision).toBe(seen + 1);

    const head = await store.headPosition();
    const stale = await revise(admin, RENAME_DEPARTMENT, { departmentId: 'facility', name: '施設サービス部' }, seen);
    expect(stale.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(stale.errors?.[0]?.message).toMatch(/^計画\(組織\)は、あなたが表示した後に他の人が更新しました。/);
    expect(await store.headPosition()).toBe(head);

    const missing = await revise(admin, ADD_REVIEW_BODY, { id: 'facility-meeting', kind: 'PromotionMeeting', name: '施設推進会議' });
    expect(missing.errors?.[0]).toMatchObject({ message: '推進会議には「部」の指定が必要です', extensions: { code: 'VALIDATION' } });
    await ok(ADD_REVIEW_BODY, {
      id: 'facility-meeting',
      kind: 'PromotionMeeting',
      name: '施設推進会議',
      chair: '施設部長',
      members: '施設部の職員',
      roles: ['課題整理・意見出し'],
      departmentId: 'facility',
    });
    const refused = await revise(admin, RETIRE_DEPARTMENT, { departmentId: 'general-affairs' });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'ILLEGAL_TRANSITION' } });
    expect(refused.errors?.[0]?.message).toMatch(/^総務部は廃止できません: .*総務推進会議が施設・介護サービス部門/);

    const remapped = await ok(REMAP_DIVISION, { divisionId: 'facility-care', promotionMeetingId: 'facility-meeting' });
    expect(remapped.divisions.find((d) => d.divisionId === 'facility-care')).toEqual({
      divisionId: 'facility-care',
      promotionMeetingId: 'facility-meeting',
      departmentId: 'facility',
      departmentName: '施設部',
    });
    const changed = await ok(CHANGE_REVIEW_BODY, { bodyId: 'facility-meeting', chair: '施設部 部長' });
    expect(changed.planRevision).toBe(seen + 4);

    const { plan } = await admin.run(PLAN);
    expect(plan.revisions.slice(-4)).toEqual([
      { type: 'DepartmentAdded', itemId: null, subjectId: 'facility', ...REVISION },
      { type: 'ReviewBodyAdded', itemId: null, subjectId: 'facility-meeting', ...REVISION },
      { type: 'DivisionRemapped', itemId: null, subjectId: 'facility-care', ...REVISION },
      { type: 'ReviewBodyChanged', itemId: null, subjectId: 'facility-meeting', ...REVISION },
    ]);
    // the organisation as it stood before: no 施設部, 施設・介護サービス部門 still with 総務推進会議
    const { organisation: then } = await admin.run(ORGANISATION, { asOf: beforeChanges });
    expect(then.planRevision).toBeNull();
    expect(then.departments.map((d: { id: string }) => d.id)).not.toContain('facility');
    expect(then.divisions.find((d: { divisionId: string }) => d.divisionId === 'facility-care').departmentName).toBe('総務部');
  });

  it('roles are granted in the new 部 at once; a 部 the plan does not have is refused in Japanese', async () => {
    const unknown = await admin.errorOf(GRANT_ROLE, { loginName: 'staff-livelihood', role: 'Staff', departmentId: 'sales' });
    expect(unknown).toMatchObject({ message: '「部」は計画の部から選んでください(総務部・地域福祉部・生活支援部・施設部)', extensions: { code: 'VALIDATION' } });
    const { grantRole: staff } = await admin.run(GRANT_ROLE, { loginName: 'staff-livelihood', role: 'Staff', departmentId: 'facility' });
    expect(staff.roles).toContainEqual({ role: 'Staff', departmentId: 'facility', label: '担当職員(施設部)' });
    await admin.run(GRANT_ROLE, { loginName: 'head-livelihood', role: 'DepartmentHead', departmentId: 'facility' });
    expect((await generalHead.errorOf(GRANT_ROLE, { loginName: 'staff-general', role: 'Staff', departmentId: 'facility' })).extensions?.code).toBe('FORBIDDEN');
  });

  it('an item of the remapped 部門 is the new 部\'s work: its staff evaluate it and its 部長 approves it; the old 部 no longer may', async () => {
    const { plan } = await admin.run(PLAN);
    const itemId = plan.items.find((i: { divisionId: string }) => i.divisionId === 'facility-care').id as string;
    const refusedStaff = await generalStaff.errorOf(`mutation($input: SaveAnnualPlanInput!) { saveAnnualPlan(input: $input) { version } }`, {
      input: { itemId, fiscalYear: FY, expectedVersion: null, method: 'qualitative', actions: '手引きを見直す', commandId: newCommandId() },
    });
    expect(refusedStaff).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(refusedStaff.message).toMatch(/施設部の担当です/);

    // staff-livelihood (now also 施設部の担当職員) drafts, head-livelihood (施設部長) approves the plan, then the submission
    const e = await submitted(livelihoodStaff, itemId, FY);
    expect(e.item).toMatchObject({ owningDepartmentId: 'facility', promotionMeetingId: 'facility-meeting' });
    expect((await generalHead.errorOf(APPROVE, { input: { itemId, fiscalYear: FY, expectedVersion: e.version, commandId: newCommandId() } })).extensions?.code).toBe('FORBIDDEN');
    const approved = await act(livelihoodHead, APPROVE, itemId, FY, { expectedVersion: e.version });
    expect(approved.stage).toBe('ManagersMeetingReview');
    const { evaluation } = await livelihoodHead.run(EVALUATION, { itemId, fiscalYear: FY });
    const approval = evaluation.route.find((s: { action: string }) => s.action === 'Approved');
    expect(approval?.actingAsLabel).toBe('部長(施設部)');
  });

  it('a 会議体 and a 部 that review nothing may be retired; they stay known with retired: true', async () => {
    await ok(ADD_DEPARTMENT, { id: 'pilot', name: '試行部' });
    await ok(ADD_REVIEW_BODY, { id: 'pilot-meeting', kind: 'PromotionMeeting', name: '試行推進会議', departmentId: 'pilot' });
    await ok(RETIRE_REVIEW_BODY, { bodyId: 'pilot-meeting' });
    const retired = await ok(RETIRE_DEPARTMENT, { departmentId: 'pilot' });
    expect(retired.departments.find((d) => d.id === 'pilot')).toEqual({ id: 'pilot', name: '試行部', retired: true });
    const grant = await admin.errorOf(GRANT_ROLE, { loginName: 'staff-general', role: 'Staff', departmentId: 'pilot' });
    expect(grant.message).toMatch(/「部」は計画の部から選んでください/);
  });
});
