import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { APPROVE, CLOSE_MEETING, EVALUATION, FINALIZE, FORWARD, RECORD_HEARING, RECORD_MINUTES, newCommandId } from '../testing/operations.js';
import { act, committeeSession, submitted } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const FY = 2025;
const SET_OFFICE = `mutation($loginName: String!, $office: CommitteeOffice) { setCommitteeOffice(loginName: $loginName, office: $office) }`;
const DOCUMENT = `query($meetingId: ID!, $kind: MeetingDocumentKind!) {
  meetingDocument(meetingId: $meetingId, kind: $kind) {
    kind title bodyLabel date place docxUrl
    present { displayName officeLabel }
    agenda { itemId stageLabel proposedGrade }
    decisions { itemId grade reason summary }
    hearings { itemId heardOn people summary }
    stamp { position digest verifyCommand }
  }
}`;
const SESSION_OF_STEP = `query($itemId: ID!, $fiscalYear: Int!) {
  evaluation(itemId: $itemId, fiscalYear: $fiscalYear) { route { action meeting { meetingId bodyLabel date place attendees { displayName committeeOfficeLabel } } } }
}`;

interface Download {
  status: number;
  headers: Headers;
  body: Buffer;
}

async function download(api: TestApi, who: Browser | null, path: string): Promise<Download> {
  const response = await fetch(`${api.url}${path}`, { headers: who ? { cookie: who.cookieHeader() } : {} });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** The text of a .docx (a zip): word/document.xml with its tags dropped, and the footer's. */
function docxText(body: Buffer): { document: string; footer: string } {
  const files = unzipSync(new Uint8Array(body));
  const text = (name: string) => strFromU8(files[name]!).replace(/<[^>]+>/g, '');
  const footers = Object.keys(files).filter((name) => /^word\/footer\d*\.xml$/.test(name));
  return { document: text('word/document.xml'), footer: footers.map(text).join('\n') };
}

/** 議事次第 and 議事録 of a committee session as .docx over HTTP: Japanese content, the stamp, and who may read them. */
describe('meeting documents (議事次第・議事録 as .docx)', () => {
  let api: TestApi;
  let staff: Browser, chair: Browser, secretaryGeneral: Browser, member1: Browser, member2: Browser, auditor: Browser, admin: Browser, otherStaff: Browser;
  let meetingId: string;

  beforeAll(async () => {
    api = await startTestApi();
    [staff, chair, secretaryGeneral, member1, member2, auditor, admin, otherStaff] = await api.signInAll(
      'staff-general',
      'head-general',
      'secretary-general',
      'committee-1',
      'committee-2',
      'auditor',
      'admin',
      'staff-community',
    );
    await admin.run(SET_OFFICE, { loginName: 'committee-1', office: 'auditor' });
    await admin.run(SET_OFFICE, { loginName: 'committee-2', office: 'director' });
    let e = await submitted(staff, 'I-003', FY);
    e = await act(chair, APPROVE, 'I-003', FY, { expectedVersion: e.version });
    e = await act(secretaryGeneral, FORWARD, 'I-003', FY, { expectedVersion: e.version, proposedGrade: 'B', reason: '参加者数が目標に届かなかった' });
    const session = await committeeSession(member1, ['I-003'], FY);
    meetingId = session.meetingId;
    e = await act(member2, RECORD_HEARING, 'I-003', FY, {
      expectedVersion: e.version,
      departmentId: 'general-affairs',
      people: ['総務部 担当職員'],
      heardOn: '2026-05-20',
      summary: '研修会の実施状況を聞き取った',
      meetingId,
    });
    await act(member1, FINALIZE, 'I-003', FY, { expectedVersion: e.version, overallGrade: 'A', rationale: '聞き取りで計画通りと確認した', reason: '参加者の評価が高い', meetingId });
    await member1.run(RECORD_MINUTES, {
      input: { meetingId, expectedVersion: await versionOf(member1, meetingId), commandId: newCommandId('mtg'), minutes: '開会\nI-003 について聞き取りを行い、総合評価を A と決定した。' },
    });
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('the 議事録 downloads as .docx: attendance with offices, the minutes, the hearing, the decision with its grade and reasons, the stamp', async () => {
    const current = (await member1.run(DOCUMENT, { meetingId, kind: 'minutes' })).meetingDocument;
    await member1.run(CLOSE_MEETING, { input: { meetingId, expectedVersion: await versionOf(member1, meetingId), commandId: newCommandId('mtg') } });
    const response = await download(api, auditor, `/exports/meetings/${meetingId}/minutes.docx`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const position = response.headers.get('x-hyoka-log-position')!;
    const digest = response.headers.get('x-hyoka-log-digest')!;
    expect(BigInt(position)).toBeGreaterThan(BigInt(current.stamp.position));
    expect(digest).toMatch(new RegExp(`^hyoka-log:v1:${position}:\\d+:[0-9a-f]+$`));
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent(`議事録_評価検証委員会_2026-05-20_p${position}.docx`));

    const { document, footer } = docxText(response.body);
    expect(document).toContain('評価検証委員会 議事録');
    expect(document).toContain('場所: 本会 会議室');
    expect(document).toContain('出席者 (2名): 評価検証委員 1（監事）、評価検証委員 2（理事）');
    expect(document).toContain('定足数: 2名 (出席2名、定足数を満たす)');
    expect(document).toContain('I-003 について聞き取りを行い、総合評価を A と決定した。');
    expect(document).toContain('研修会の実施状況を聞き取った');
    expect(document).toContain('総合評価 A(計画通り) で確定');
    expect(document).toContain('聞き取りで計画通りと確認した / 参加者の評価が高い');
    expect(document).toContain(`ログ位置: ${position}`);
    expect(document).toContain(`ログ・ダイジェスト: ${digest}`);
    expect(document).toContain(`npx hyoka check-digest ${digest}`);
    expect(footer).toContain(`ログ位置 ${position} ・ ダイジェスト ${digest}`);
  });

  it('the 議事次第 lists the members invited and the agenda with its stage and 案; GraphQL gives the same document and its .docx URL at the same position', async () => {
    const doc = (await auditor.run(DOCUMENT, { meetingId, kind: 'agenda' })).meetingDocument;
    expect(doc).toMatchObject({ kind: 'agenda', title: '評価検証委員会 議事次第', date: '2026-05-20', agenda: [{ itemId: 'I-003', stageLabel: '確定', proposedGrade: 'B' }] });
    expect(doc.docxUrl).toBe(`/exports/meetings/${meetingId}/agenda.docx?position=${doc.stamp.position}`);
    const response = await download(api, auditor, doc.docxUrl);
    expect(response.status).toBe(200);
    expect([response.headers.get('x-hyoka-log-position'), response.headers.get('x-hyoka-log-digest')]).toEqual([doc.stamp.position, doc.stamp.digest]);
    const { document } = docxText(response.body);
    expect(document).toContain('評価検証委員会 議事次第');
    expect(document).toContain('構成員: 評価検証委員 1（監事）、評価検証委員 2（理事）');
    expect(document).toContain('I-003');
    expect(document).toContain(`ログ・ダイジェスト: ${doc.stamp.digest}`);
    // the 議事次第 is no record of the session: no decisions
    expect(document).not.toContain('決定事項');
  });

  it('a document at an earlier position shows the session as it stood then (before the decision)', async () => {
    const history = (await auditor.run(`query($itemId: ID!, $fiscalYear: Int!) { evaluation(itemId: $itemId, fiscalYear: $fiscalYear) { history { nodes { type position } } } }`, { itemId: 'I-003', fiscalYear: FY })).evaluation.history.nodes;
    const finalizedAt = BigInt(history.find((h: { type: string }) => h.type === 'EvaluationFinalized').position);
    const early = await download(api, auditor, `/exports/meetings/${meetingId}/minutes.docx?position=${finalizedAt - 1n}`);
    expect(early.status).toBe(200);
    expect(docxText(early.body).document).toContain('この会議で記録された決定はありません');
  });

  it('the auditor reads which session decided the step: body, date, place, attendees with their offices', async () => {
    const route = (await auditor.run(SESSION_OF_STEP, { itemId: 'I-003', fiscalYear: FY })).evaluation.route;
    expect(route.at(-1)).toMatchObject({
      action: 'Finalized',
      meeting: { meetingId, bodyLabel: '評価検証委員会', date: '2026-05-20', place: '本会 会議室', attendees: [{ displayName: '評価検証委員 1', committeeOfficeLabel: '監事' }, { displayName: '評価検証委員 2', committeeOfficeLabel: '理事' }] },
    });
    expect((await staff.run(EVALUATION, { itemId: 'I-003', fiscalYear: FY })).evaluation.stage).toBe('Finalized');
  });

  it('refused like the meeting itself: no session (401), a person the session is not shown to or an unknown session (403), a bad file name (400)', async () => {
    const nobody = await download(api, null, `/exports/meetings/${meetingId}/minutes.docx`);
    expect(nobody.status).toBe(401);
    const other = await download(api, otherStaff, `/exports/meetings/${meetingId}/minutes.docx`);
    expect(other.status).toBe(403);
    expect(JSON.parse(other.body.toString('utf8'))).toEqual({ code: 'FORBIDDEN', message: 'この会議を閲覧する権限がないか、会議が見つかりません' });
    expect(other.headers.get('x-hyoka-log-digest')).toBeNull();
    expect((await download(api, auditor, `/exports/meetings/m-does-not-exist/minutes.docx`)).status).toBe(403);
    expect((await download(api, auditor, `/exports/meetings/${meetingId}/minutes.pdf`)).status).toBe(400);
    expect((await download(api, auditor, `/exports/meetings/${meetingId}/minutes.docx?position=0`)).status).toBe(400);
    const refused = await otherStaff.errorOf(DOCUMENT, { meetingId, kind: 'agenda' });
    expect(refused.extensions?.code).toBe('FORBIDDEN');
  });
});

async function versionOf(who: Browser, meetingId: string): Promise<number> {
  return (await who.run(`query($meetingId: ID!) { meeting(meetingId: $meetingId) { version } }`, { meetingId })).meeting.version;
}
