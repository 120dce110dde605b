import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlanByApi, findChromium, gql, screenshot, signIn, startHyoka, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const YEAR = 2025;
const ITEM = 'I-002'; // 総務部
const PATH = `/evaluations/${ITEM}/${YEAR}`;

const FIELDS = 'itemId version';
const QUANTITATIVE_PLAN = { method: 'quantitative', target: '4', unit: '回', direction: 'higherIsBetter', actions: '研修会を年4回開催する' };
const SAVE = `mutation($input: SaveSelfEvaluationInput!) { saveSelfEvaluation(input: $input) { ${FIELDS} } }`;
const SUBMIT = `mutation($input: EvaluationActionInput!) { submitEvaluation(input: $input) { ${FIELDS} } }`;
const VERSION = `query($itemId: ID!, $fiscalYear: Int!) { evaluation(itemId: $itemId, fiscalYear: $fiscalYear) { version } }`;

/** A small well-formed one-page PDF (objects, cross-reference table, trailer), made here. */
function onePagePdf(): Buffer {
  const stream = 'BT /F1 18 Tf 20 70 Td (Kenshu kiroku) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

// Environment-gated: without a Chromium nothing can be clicked; support.ts prints how to install one.
describe.skipIf(!executablePath)('evidence files in the browser: staff attach a PDF, the 部長 opens it with one click', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];
  let staff: Person;
  let head: Person;
  let n = 0;
  const input = (extra: Record<string, unknown>) => ({ itemId: ITEM, fiscalYear: YEAR, commandId: `evidence-e2e-${++n}`, ...extra });
  const pdf = onePagePdf();

  beforeAll(async () => {
    hyoka = await startHyoka();
    staff = await signIn(executablePath!, hyoka, 'staff-general');
    head = await signIn(executablePath!, hyoka, 'head-general');
    people.push(staff, head);
    const planned = await approvedPlanByApi(staff, head, ITEM, YEAR, QUANTITATIVE_PLAN);
    const s = await gql<{ saveSelfEvaluation: { version: number } }>(staff.page, SAVE, {
      input: input({
        expectedVersion: planned,
        actual: '4',
        qualitativeGrade: 'A',
        actualStage: '実施',
        plannedStageReached: true,
        narrative: { achievements: '研修会を4回開催した' },
        evidenceLinks: ['https://example.org/kenshu'],
      }),
    });
    expect(s.errors).toBeUndefined();
  });

  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('staff choose a PDF on the evaluation page and attach it: it is listed as a link', async () => {
    const { page } = staff;
    await page.goto(PATH);
    const section = page.getByTestId('evidence-selfEvaluation');
    await section.getByLabel('添付するファイル').setInputFiles({ name: '研修会の記録.pdf', mimeType: 'application/pdf', buffer: pdf });
    await section.getByRole('button', { name: '添付', exact: true }).click();
    await section.getByRole('link', { name: '研修会の記録.pdf' }).waitFor();
    await section.getByText('研修会の記録.pdf を添付しました。').waitFor();
    await screenshot(page, 'evidence-staff-attached');
  });

  it('a text file renamed .pdf is refused on the page, in Japanese', async () => {
    const section = staff.page.getByTestId('evidence-selfEvaluation');
    await section
      .getByLabel('添付するファイル')
      .setInputFiles({ name: '議事録.pdf', mimeType: 'application/pdf', buffer: Buffer.from('これは PDF ではありません\n'.repeat(10), 'utf8') });
    await section.getByRole('button', { name: '添付', exact: true }).click();
    await section.getByTestId('evidence-problem').getByText('内容で判定').waitFor();
    expect(await section.getByRole('link').count()).toBe(1);
  });

  it('after submission the 部長 opens the PDF with one click (200, application/pdf, the same bytes) and the evidence link is clickable', async () => {
    const v = await gql<{ evaluation: { version: number } }>(staff.page, VERSION, { itemId: ITEM, fiscalYear: YEAR });
    const submitted = await gql(staff.page, SUBMIT, { input: input({ expectedVersion: v.data!.evaluation.version }) });
    expect(submitted.errors).toBeUndefined();

    const { page, context } = head;
    await page.goto(PATH);
    await page.getByTestId('stage').getByText('推進会議審査').waitFor();
    const section = page.getByTestId('evidence-selfEvaluation');
    expect(await section.getByLabel('添付するファイル').count()).toBe(0);
    const link = section.getByRole('link', { name: '研修会の記録.pdf' });
    const opened = context.waitForEvent('response', (r) => new URL(r.url()).pathname.startsWith(`/evidence/${ITEM}/${YEAR}/`));
    await link.click();
    const response = await opened;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    // the viewer tab keeps the body to itself: the same URL fetched with the 部長's cookies gives the bytes
    const again = await context.request.get(response.url());
    expect(Buffer.from(await again.body()).equals(pdf)).toBe(true);

    const evidenceLink = page.getByTestId('evidence-links').getByRole('link', { name: 'https://example.org/kenshu' });
    expect(await evidenceLink.getAttribute('href')).toBe('https://example.org/kenshu');
    await screenshot(page, 'evidence-head-reads');
  });
});
