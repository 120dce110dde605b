import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { Controller, Delete, Get, Inject, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { EVIDENCE_PHASES, NotFoundError, evaluationStream, mayEverDo, type EvidencePhase } from '@hyoka/domain';
import { AuthService } from '../auth/auth.service.js';
import type { HttpRequest, HttpResponse } from '../auth/cookies.js';
import type { Viewer } from '../auth/viewer.js';
import { AccessDeniedError, CsrfRefusedError, InputError, UnauthenticatedError } from '../errors/api-errors.js';
import { mapError } from '../errors/error-mapper.js';
import { ExecuteEvaluationCommand } from '../evaluations/commands/evaluation-command.js';
import { checkCommandId, checkEvaluationKey, checkExpectedVersion } from '../evaluations/commands/execute-evaluation.handler.js';
import { EvaluationContextSource } from '../evaluations/evaluation-context.source.js';
import { GetEvaluationQuery } from '../evaluations/queries/get-evaluation.query.js';
import { STATUS } from '../reports/exports.controller.js';
import { EvidenceFiles } from './evidence-files.js';

export const EVIDENCE_PATH = 'evidence';
/** A cross-site form cannot set a header: an upload without it is refused, as GraphQL refuses a mutation without one. */
export const UPLOAD_CSRF_HEADER = 'x-hyoka-csrf';

type QueryParams = Record<string, unknown>;

function year(raw: string): number {
  if (!/^\d{4}$/.test(raw)) throw new InputError('年度は4桁の西暦で指定してください(例: 2025)。', 'fiscalYear');
  return Number(raw);
}

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. `inline`: a PDF or an image opens in the browser with one click. */
function disposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The file part of a multipart upload, with its name; refuses a request with none (or more than one). */
function filePart(req: HttpRequest, maxBytes: number): Promise<{ stream: Readable; name: string; done: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxBytes + 1, fields: 10, parts: 12 } });
    } catch {
      reject(new InputError('ファイルは multipart/form-data の "file" 欄で送ってください。', 'file'));
      return;
    }
    let found = false;
    const done = new Promise<void>((ok) => parser.on('close', ok));
    parser.on('file', (field, stream, info) => {
      if (found || field !== 'file') {
        stream.resume();
        return;
      }
      found = true;
      resolve({ stream, name: info.filename, done });
    });
    parser.on('error', () => reject(new InputError('アップロードを読み取れませんでした。もう一度お試しください。', 'file')));
    parser.on('close', () => {
      if (!found) reject(new InputError('ファイルが送られていません。multipart/form-data の "file" 欄で送ってください。', 'file'));
    });
    req.pipe(parser);
  });
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
    if (req.headers[UPLOAD_CSRF_HEADER] === undefined) throw new CsrfRefusedError();
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

  private async answer(
    req: HttpRequest,
    res: HttpResponse,
    operation: string,
    produce: (viewer: Viewer) => Promise<{ json: unknown } | { file: { stream: Readable; size: number; mediaType: string; name: string } }>,
  ): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    let session: { viewer: Viewer | null; sessionToken: string | null } = { viewer: null, sessionToken: null };
    try {
      session = this.auth.viewerOf(req);
      if (!session.viewer) throw new UnauthenticatedError();
      const body = await produce(session.viewer);
      if ('json' in body) {
        const bytes = Buffer.from(JSON.stringify(body.json), 'utf8');
        res.statusCode = res.statusCode === 201 ? 201 : 200;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.setHeader('content-length', bytes.length);
        res.end(bytes);
        return;
      }
      const { stream, size, mediaType, name } = body.file;
      res.statusCode = 200;
      res.setHeader('content-type', mediaType);
      res.setHeader('content-length', size);
      res.setHeader('content-disposition', disposition(name));
      try {
        await pipeline(stream, res);
      } catch (error) {
        if (!res.destroyed) this.logger.error(`The ${operation} stream failed`, error instanceof Error ? error.stack : String(error));
      }
    } catch (error) {
      // an upload refused before its body was read: drain it so the client gets the answer
      if (!req.readableEnded) req.resume();
      const mapped = mapError(error);
      if (mapped.code === 'FORBIDDEN' || mapped.code === 'UNAUTHENTICATED') {
        this.auth.denied({ req, ...session }, operation, mapped.code, error instanceof AccessDeniedError ? error.target : null);
      }
      if (mapped.code === 'INTERNAL') this.logger.error(`Unexpected error in ${operation}`, error instanceof Error ? error.stack : String(error));
      const body = Buffer.from(JSON.stringify({ code: mapped.code, message: mapped.message }), 'utf8');
      res.removeHeader('content-disposition');
      res.statusCode = STATUS[mapped.code] ?? 500;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('content-length', body.length);
      res.end(body);
    }
  }
}
