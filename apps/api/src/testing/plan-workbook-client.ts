import ExcelJS from 'exceljs';
import type { Browser } from './graphql-client.js';

/** The API's answer to one REST request, read whole. */
export interface RestAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
  json(): any;
}

async function answerOf(response: Response): Promise<RestAnswer> {
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body, json: () => JSON.parse(body.toString('utf8')) };
}

/** GET /plan/workbook.xlsx as this person (null: nobody signed in). */
export async function downloadPlanWorkbook(baseUrl: string, who: Browser | null): Promise<RestAnswer> {
  return answerOf(await fetch(`${baseUrl}/plan/workbook.xlsx`, { headers: who ? { cookie: who.cookieHeader() } : {} }));
}

/** POST /plan/workbook/preview with the file in the "file" part, as the web page sends it. */
export async function previewPlanWorkbook(
  baseUrl: string,
  who: Browser | null,
  bytes: Buffer,
  name = 'plan.xlsx',
  { csrf = true }: { csrf?: boolean } = {},
): Promise<RestAnswer> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const headers = { ...(who ? { cookie: who.cookieHeader() } : {}), ...(csrf ? { 'x-hyoka-csrf': '1' } : {}) };
  return answerOf(await fetch(`${baseUrl}/plan/workbook/preview`, { method: 'POST', headers, body: form }));
}

export const IMPORT_PLAN_WORKBOOK = `mutation($input: ImportPlanWorkbookInput!) { importPlanWorkbook(input: $input) { recordedChanges planRevision digest } }`;

/** A workbook with one edit made as a person would in Excel. */
export async function editWorkbook(bytes: Buffer, edit: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The row of an id in a sheet's first column. */
export function rowOf(ws: ExcelJS.Worksheet, id: string): number {
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === id) return r;
  throw new Error(`no row ${id} in ${ws.name}`);
}
