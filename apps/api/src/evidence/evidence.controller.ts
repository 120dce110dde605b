import { Controller, Delete, Get, Inject, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { EVIDENCE_PHASES, NotFoundError, evaluationStream, mayEverDo, type EvidencePhase } from '@hyoka/domain';
import { AuthService } from '../auth/auth.service.js';
import type { HttpRequest, HttpResponse } from '../auth/cookies.js';
import type { Viewer } from '../auth/viewer.js';
import { answerRest, filePart, requireCsrfHeader, type RestBody } from '../common/rest.js';
import { AccessDeniedError, InputError } from '../errors/api-errors.js';
import { ExecuteEvaluationCommand } from '../evaluations/commands/evaluation-command.js';
import { checkCommandId, checkEvaluationKey, checkExpectedVersion } from '../evaluations/commands/execute-evaluation.handler.js';
import { EvaluationContextSource } from '../evaluations/evaluation-context.source.js';
import { GetEvaluationQuery } from '../evaluations/queries/get-evaluation.query.js';
import { EvidenceFiles } from './evidence-files.js';

export const EVIDENCE_PATH = 'evidence';

type QueryParams = Record<string, unknown>;

function year(raw: string): number {
  if (!/^\d{4}$/.test(raw)) throw new InputError('年度は4桁の西暦で指定してください(例: 2025)。', 'fiscalYear');
  return Number(raw);
}

/**
 * 根拠資料ファイル over plain HTTP (beside /exports), authorised by the session cookie like every operation:
 * - POST /evidence/<itemId>/<fiscalYear>?phase=plan|selfEvaluation&expectedVersion=<n>&commandId=<id>, multipart/form-data
 *   with the file in the "file" part and the header `X-Hyoka-CSRF: 1`: the file is stored (content-addressed, checked by
 *   content), then AttachEvidence goes through the one command path with the evaluation's own authorisation.
 * - DELETE /evidence/<itemId>/<fiscalYear>/<sha256>?phase=&expectedVersion=&commandId= (same header): RemoveEvidence.
 * - GET /evidence/<itemId>/<fiscalYear>/<sha256>: a file the evaluation lists, for whoever may read the evaluation.
 * Errors answer with the API's status and `{ code, message }` (the error mapper's codes and Japanese messages).
 */
@Controller(EVIDENCE_PATH)
export class EvidenceController {
  private readonly logger = new Logger('Evidence');

  constructor(
    private readonly auth: AuthService,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly contexts: EvaluationContextSource,
    @Inject(EvidenceFiles) private readonly files: EvidenceFiles,
  ) {}

  @Post(':itemId/:fiscalYear')
  async upload(
    @Req() req: HttpRequest,
    @Res() res: HttpResponse,
    @Param('itemId') itemId: string,
    @Param('fiscalYear') fiscalYearText: string,
    @Query() query: QueryParams,
  ) {
    await this.answer(req, res, 'evidence/upload', async (viewer) => {
      const { fiscalYear, phase, expectedVersion, commandId } = this.commandInput(req, itemId, fiscalYearText, query, 'AttachEvidence', viewer);
      const part = await filePart(req, this.files.maxBytes);
      const stored = await this.files.store(part.stream, part.name);
      await part.done;
      const result = await this.commands.execute(
        new ExecuteEvaluationCommand(viewer, itemId, fiscalYear, expectedVersion, commandId, {
          type: 'AttachEvidence',
          data: { phase, fileId: stored.fileId, name: part.name, mediaType: stored.mediaType, size: stored.size },
        }),
      );
      res.statusCode = 201;
      return {
        json: { fileId: stored.fileId, name: part.name, mediaType: stored.mediaType, size: stored.size, phase, version: result.version },
      };
    });
  }

  @Delete(':itemId/:fiscalYear/:fileId')
  async remove(
    @Req() req: HttpRequest,
    @Res() res: HttpResponse,
    @Param('itemId') itemId: string,
    @Param('fiscalYear') fiscalYearText: string,
    @Param('fileId') fileId: string,
    @Query() query: QueryParams,
  ) {
    await this.answer(req, res, 'evidence/remove', async (viewer) => {
      const { fiscalYear, phase, expectedVersion, commandId } = this.commandInput(req, itemId, fiscalYearText, query, 'RemoveEvidence', viewer);
      const result = await this.commands.execute(
        new ExecuteEvaluationCommand(viewer, itemId, fiscalYear, expectedVersion, commandId, { type: 'RemoveEvidence', data: { phase, fileId } }),
      );
      return { json: { fileId, phase, version: result.version } };
    });
  }

  /** What both writes take: the CSRF header, the evaluation, the phase, the version seen and the command id; and a person who may ever run the command. */
  private commandInput(req: HttpRequest, itemId: string, fiscalYearText: string, query: QueryParams, command: 'AttachEvidence' | 'RemoveEvidence', viewer: Viewer) {
    requireCsrfHeader(req);
    const fiscalYear = year(fiscalYearText);
    checkEvaluationKey(itemId, fiscalYear);
    const phase = query['phase'];
    if (!(EVIDENCE_PHASES as readonly unknown[]).includes(phase)) {
      throw new InputError('phase には plan(単年度計画)か selfEvaluation(自己評価)を指定してください。', 'phase');
    }
    const rawVersion = query['expectedVersion'];
    const expectedVersion = rawVersion === undefined || rawVersion === '' ? null : Number(rawVersion);
    checkExpectedVersion(expectedVersion);
    const commandId = typeof query['commandId'] === 'string' ? query['commandId'] : '';
    checkCommandId(commandId);
    // Refuse a person who may never do this here before reading an upload: nothing of theirs is stored.
    const item = this.contexts.item(itemId, fiscalYear).domainItem;
    const permission = mayEverDo(viewer, command, item);
    if (!permission.allowed) throw new AccessDeniedError(permission.reason, evaluationStream(itemId, fiscalYear));
    return { fiscalYear, phase: phase as EvidencePhase, expectedVersion, commandId };
  }

  @Get(':itemId/:fiscalYear/:fileId')
  async download(
    @Req() req: HttpRequest,
    @Res() res: HttpResponse,
    @Param('itemId') itemId: string,
    @Param('fiscalYear') fiscalYearText: string,
    @Param('fileId') fileId: string,
  ) {
    await this.answer(req, res, 'evidence/download', async (viewer) => {
      const fiscalYear = year(fiscalYearText);
      // the evaluation's own read rule; only the files it lists are served
      const evaluation = await this.queries.execute(new GetEvaluationQuery(viewer, itemId, fiscalYear));
      const listed = [...evaluation.evidence.plan, ...evaluation.evidence.selfEvaluation].find((f) => f.fileId === fileId);
      if (!listed) throw new NotFoundError('この評価にそのファイルは添付されていません。', { field: 'fileId' });
      const file = await this.files.read(fileId);
      if (!file) {
        this.logger.error(`Evidence file ${fileId} of ${evaluationStream(itemId, fiscalYear)} is missing from the data folder`);
        throw new NotFoundError('ファイルが保存場所に見つかりません。管理者に連絡してください(npx hyoka verify で確認できます)。', { field: 'fileId' });
      }
      return { file: { ...file, mediaType: listed.mediaType, name: listed.name } };
    });
  }

  private answer(req: HttpRequest, res: HttpResponse, operation: string, produce: (viewer: Viewer) => Promise<RestBody>): Promise<void> {
    return answerRest({ auth: this.auth, logger: this.logger }, req, res, operation, produce);
  }
}
