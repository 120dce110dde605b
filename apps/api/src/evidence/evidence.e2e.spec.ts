import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { act, draft } from '../testing/route-helpers.js';
import { SUBMIT, newCommandId } from '../testing/operations.js';
import { minimalPdf, windowsExecutable } from '../testing/evidence-samples.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const FY = 2025;
const ITEM = 'I-002'; // 総務部
const MAX_BYTES = 64 * 1024;
const EVIDENCE = `query($itemId: ID!, $fiscalYear: Int!) {
  evaluation(itemId: $itemId, fiscalYear: $fiscalYear) { version stage
    evidence { plan { fileId name mediaType size url by { displayName } } selfEvaluation { fileId name mediaType size url by { displayName } } } }
}`;

interface Answer {
  status: number;
  headers: Headers;
  body: Buffer;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const json = (a: Answer) => JSON.parse(a.body.toString('utf8'));

describe('evidence files: POST /evidence/<item>/<year>, GET /evidence/<item>/<year>/<sha256>', () => {
  let api: TestApi;
  let staff: Browser;
  let otherStaff: Browser;
  let head: Browser;
  let otherHead: Browser;
  let version: number;

  const evaluation = async (who: Browser) => (await who.run(EVIDENCE, { itemId: ITEM, fiscalYear: FY })).evaluation;

  async function upload(
    who: Browser | null,
    bytes: Buffer,
    name: string,
    { phase = 'selfEvaluation', csrf = true, expectedVersion = version }: { phase?: string; csrf?: boolean; expectedVersion?: number } = {},
  ): Promise<Answer> {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    const query = new URLSearchParams({ phase, expectedVersion: String(expectedVersion), commandId: newCommandId() });
    const response = await fetch(`${api.url}/evidence/${ITEM}/${FY}?${query}`, {
      method: 'POST',
      headers: { ...(who ? { cookie: who.cookieHeader() } : {}), ...(csrf ? { 'x-hyoka-csrf': '1' } : {}) },
      body: form,
    });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  }

  async function download(who: Browser | null, path: string): Promise<Answer> {
    const response = await fetch(`${api.url}${path}`, { headers: who ? { cookie: who.cookieHeader() } : {} });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  }

  beforeAll(async () => {
    api = await startTestApi({ HYOKA_EVIDENCE_MAX_BYTES: String(MAX_BYTES) });
    [staff, otherStaff, head, otherHead] = await api.signInAll('staff-general', 'staff-community', 'head-general', 'head-community');
    version = (await draft(staff, ITEM, FY)).version;
  });
  afterAll(() => api?.dispose());

  const pdf = minimalPdf('training record');

  it('staff upload a real PDF: stored under evidence/ab/cdef… by its SHA-256, recorded on the evaluation', async () => {
    const answer = await upload(staff, pdf, '研修会の記録.pdf');
    expect(answer.status, answer.body.toString()).toBe(201);
    const body = json(answer);
    expect(body).toMatchObject({ fileId: sha256(pdf), name: '研修会の記録.pdf', mediaType: 'application/pdf', size: pdf.length, phase: 'selfEvaluation' });
    expect(body.version).toBe(version + 1);
    version = body.version;
    const id = sha256(pdf);
    expect(readFileSync(join(api.dataDir, 'evidence', id.slice(0, 2), id.slice(2))).equals(pdf)).toBe(true);
    expect(readdirSync(join(api.dataDir, 'evidence', 'tmp'))).toEqual([]);
    const e = await evaluation(staff);
    expect(e.evidence.selfEvaluation).toEqual([
      {
        fileId: id,
        name: '研修会の記録.pdf',
        mediaType: 'application/pdf',
        size: pdf.length,
        url: `/evidence/${ITEM}/${FY}/${id}`,
        by: { displayName: '総務部 担当職員' },
      },
    ]);
  });

  it('the 部長 downloads the same bytes, as application/pdf with the original name, nosniff', async () => {
    const id = sha256(pdf);
    const answer = await download(head, `/evidence/${ITEM}/${FY}/${id}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('研修会の記録.pdf')}`);
    expect(answer.body.equals(pdf)).toBe(true);
  });

  it('a renamed Windows program and a renamed text file are refused by their content, in Japanese', async () => {
    for (const [bytes, name] of [
      [windowsExecutable(), '報告書.pdf'],
      [Buffer.from('これはテキストです\n'.repeat(20), 'utf8'), '議事録.docx'],
    ] as const) {
      const answer = await upload(staff, bytes, name);
      expect(answer.status).toBe(400);
      expect(json(answer)).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('内容で判定') });
    }
    expect((await evaluation(staff)).version).toBe(version);
  });

  it('a file over HYOKA_EVIDENCE_MAX_BYTES is refused and nothing of it is kept', async () => {
    const big = Buffer.concat([minimalPdf(), Buffer.alloc(MAX_BYTES)]);
    const answer = await upload(staff, big, '大きな資料.pdf');
    expect(answer.status).toBe(400);
    expect(json(answer)).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('64 KB') });
    expect(readdirSync(join(api.dataDir, 'evidence', 'tmp'))).toEqual([]);
    const id = sha256(big);
    expect(() => readFileSync(join(api.dataDir, 'evidence', id.slice(0, 2), id.slice(2)))).toThrow();
  });

  it('an upload without the CSRF header, or without a session, is refused', async () => {
    const noHeader = await upload(staff, pdf, 'a.pdf', { csrf: false });
    expect(noHeader.status).toBe(400);
    expect(json(noHeader).code).toBe('CSRF_REFUSED');
    const anonymous = await upload(null, pdf, 'a.pdf');
    expect(anonymous.status).toBe(401);
  });

  it("another 部's staff may neither upload nor download (reads follow the evaluation's: 部長 are also 管理職 and read every 部)", async () => {
    const refused = await upload(otherStaff, minimalPdf('other'), 'other.pdf');
    expect(refused.status).toBe(403);
    expect(json(refused).code).toBe('FORBIDDEN');
    const id = sha256(pdf);
    const answer = await download(otherStaff, `/evidence/${ITEM}/${FY}/${id}`);
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect((await download(otherHead, `/evidence/${ITEM}/${FY}/${id}`)).status).toBe(200);
    expect((await download(null, `/evidence/${ITEM}/${FY}/${id}`)).status).toBe(401);
  });

  it('a file the evaluation does not list is not served, even when stored', async () => {
    const answer = await download(head, `/evidence/${ITEM}/${FY}/${'0'.repeat(64)}`);
    expect(answer.status).toBe(404);
    expect(json(answer).code).toBe('NOT_FOUND');
  });

  it("the same content uploaded again to the same phase records nothing new; staff remove it with DELETE (another 部's staff may not; the plan's files are closed once the plan is approved)", async () => {
    const again = await upload(staff, pdf, '研修会の記録.pdf');
    expect(again.status).toBe(201);
    expect(json(again).version).toBe(version);
    const query = (phase: string) => new URLSearchParams({ phase, expectedVersion: String(version), commandId: newCommandId() });
    const remove = (who: Browser, phase: string) =>
      fetch(`${api.url}/evidence/${ITEM}/${FY}/${sha256(pdf)}?${query(phase)}`, { method: 'DELETE', headers: { cookie: who.cookieHeader(), 'x-hyoka-csrf': '1' } });
    expect((await remove(otherStaff, 'selfEvaluation')).status).toBe(403);
    // the evaluation stands at 自己評価作成中: the plan (and its files) are locked since its approval
    expect((await remove(staff, 'plan')).status).toBe(409);
    const removed = await remove(staff, 'selfEvaluation');
    expect(removed.status).toBe(200);
    version = ((await removed.json()) as { version: number }).version;
    expect((await evaluation(staff)).evidence.selfEvaluation).toEqual([]);
    expect((await download(head, `/evidence/${ITEM}/${FY}/${sha256(pdf)}`)).status).toBe(404);
  });

  it('after submission staff can no longer attach (ILLEGAL_TRANSITION), and the 部長 still reads what was submitted', async () => {
    const attached = json(await upload(staff, pdf, '研修会の記録.pdf'));
    const submittedEvaluation = await act(staff, SUBMIT, ITEM, FY, { expectedVersion: attached.version });
    version = submittedEvaluation.version;
    const late = await upload(staff, minimalPdf('late'), 'late.pdf');
    expect(late.status).toBe(409);
    expect(json(late).code).toBe('ILLEGAL_TRANSITION');
    const e = await evaluation(head);
    expect(e.stage).toBe('PromotionMeetingReview');
    expect(e.evidence.selfEvaluation.map((f: { fileId: string }) => f.fileId)).toEqual([sha256(pdf)]);
    expect((await download(head, `/evidence/${ITEM}/${FY}/${sha256(pdf)}`)).body.equals(pdf)).toBe(true);
  });

  it('an evaluation nobody started lists no evidence', async () => {
    const e = (await head.run(EVIDENCE, { itemId: 'I-003', fiscalYear: FY })).evaluation;
    expect(e.evidence).toEqual({ plan: [], selfEvaluation: [] });
  });
});
