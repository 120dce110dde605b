import { Readable } from 'node:stream';
import { Controller, Get, HttpCode, Logger, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AuthService } from '../../auth/auth.service.js';
import type { HttpRequest, HttpResponse } from '../../auth/cookies.js';
import { answerRest, filePart, requireCsrfHeader } from '../../common/rest.js';
import { InputError } from '../../errors/api-errors.js';
import { checkMayRevisePlan, ExportPlanWorkbookQuery, PreviewPlanWorkbookCommand, XLSX_MEDIA_TYPE } from '../commands/plan-workbook.handlers.js';

export const PLAN_WORKBOOK_PATH = 'plan/workbook';
/** The largest workbook a preview reads: the shipped plan's is about 60 KB. */
export const PLAN_WORKBOOK_MAX_BYTES = 5 * 1024 * 1024;
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

async function readAll(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.resume();
      throw new InputError(`ブックが大きすぎます(上限 ${Math.round(maxBytes / 1024 / 1024)} MB)。`, 'file');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The plan as an Excel workbook over plain HTTP, for administrators (the session cookie, as /evidence):
 * - GET /plan/workbook.xlsx: the plan in force as the editable workbook (the CLI's `plan export --format xlsx`).
 * - POST /plan/workbook/preview, multipart/form-data with the .xlsx in the "file" part and `X-Hyoka-CSRF: 1`: the located
 *   errors, or the changes against the plan in force with a previewId that the `importPlanWorkbook` mutation records.
 */
@Controller()
export class PlanWorkbookController {
  private readonly logger = new Logger('PlanWorkbook');

  constructor(
    private readonly auth: AuthService,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(`${PLAN_WORKBOOK_PATH}.xlsx`)
  async download(@Req() req: HttpRequest, @Res() res: HttpResponse) {
    await answerRest({ auth: this.auth, logger: this.logger }, req, res, 'plan/workbook/download', async (viewer) => {
      const { data, fileName } = await this.queries.execute(new ExportPlanWorkbookQuery(viewer));
      return { file: { stream: Readable.from([data]), size: data.length, mediaType: XLSX_MEDIA_TYPE, name: fileName, disposition: 'attachment' } };
    });
  }

  @Post(`${PLAN_WORKBOOK_PATH}/preview`)
  @HttpCode(200)
  async preview(@Req() req: HttpRequest, @Res() res: HttpResponse) {
    await answerRest({ auth: this.auth, logger: this.logger }, req, res, 'plan/workbook/preview', async (viewer) => {
      requireCsrfHeader(req);
      // refused before the upload is read: nothing of a non-administrator's file is parsed
      checkMayRevisePlan(viewer);
      const part = await filePart(req, PLAN_WORKBOOK_MAX_BYTES);
      const data = await readAll(part.stream, PLAN_WORKBOOK_MAX_BYTES);
      await part.done;
      if (!/\.xlsx$/i.test(part.name) || !data.subarray(0, 4).equals(ZIP_MAGIC)) {
        throw new InputError('Excel ブック (.xlsx) を選んでください。', 'file');
      }
      return { json: await this.commands.execute(new PreviewPlanWorkbookCommand(viewer, data, part.name)) };
    });
  }
}
