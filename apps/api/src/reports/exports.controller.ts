import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Logger, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AuthService } from '../auth/auth.service.js';
import type { HttpRequest, HttpResponse } from '../auth/cookies.js';
import type { Viewer } from '../auth/viewer.js';
import type { AuditLogFilterInput } from '../audit/dto/audit-log-filter.input.js';
import type { AuditExportFormat } from '../audit/queries/audit-log-export.js';
import { StreamAuditLogQuery } from '../audit/queries/stream-audit-log.query.js';
import { InputError, UnauthenticatedError } from '../errors/api-errors.js';
import { mapError } from '../errors/error-mapper.js';
import { GetAnnualReportQuery, parsePosition } from './queries/get-annual-report.query.js';
import { XLSX_CONTENT_TYPE, annualReportFileName, annualReportWorkbook } from './annual-report.xlsx.js';
import { GetMeetingDocumentQuery } from '../meetings/queries/get-meeting-document.query.js';
import { meetingDocumentFileName, type MeetingDocumentKind } from '../meetings/documents/meeting-document.js';
import { DOCX_CONTENT_TYPE, meetingDocumentDocx } from '../meetings/documents/meeting-document.docx.js';

export const EXPORTS_PATH = 'exports';

// keyed by string: a code added to the mapper later answers 500 until it is given its own status here
export const STATUS: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  TOO_MANY_ATTEMPTS: 429,
  LOG_BROKEN: 409,
  CSRF_REFUSED: 400,
  BAD_REQUEST: 400,
  INTERNAL: 500,
};

type QueryParams = Record<string, unknown>;

function single(query: QueryParams, name: string): string | null {
  const value = query[name];
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') throw new InputError(`${name} は1つだけ指定してください。`, name);
  return value;
}

function time(query: QueryParams, name: string): string | null {
  const value = single(query, name);
  if (value !== null && Number.isNaN(Date.parse(value))) {
    throw new InputError(`${name} は ISO-8601 の日時(例: 2025-06-30 または 2025-06-30T09:00:00+09:00)で指定してください。`, name);
  }
  return value;
}

/** ?actor=&actingAs=&type=A,B (or type repeated)&stream=&from=&to= — the audit log page's filter as URL parameters. */
export function auditFilterOf(query: QueryParams): AuditLogFilterInput {
  const raw = query['type'];
  const types = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .flatMap((t) => (typeof t === 'string' ? t.split(',') : []))
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    actor: single(query, 'actor'),
    actingAs: single(query, 'actingAs'),
    types: types.length ? types : null,
    stream: single(query, 'stream'),
    from: time(query, 'from'),
    to: time(query, 'to'),
  };
}

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name (Japanese) for browsers that read it. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Downloads over plain HTTP GET, authorised by the session cookie (same rules as the GraphQL queries):
 * - /exports/annual-report/<fiscalYear>.xlsx?division=<divisionId>&position=<log position>
 * - /exports/meetings/<meetingId>/agenda.docx, /exports/meetings/<meetingId>/minutes.docx?position=<log position>: a
 *   session's 議事次第 and 議事録, readable by whoever reads the session
 * - /exports/audit-log.csv, /exports/audit-log.json with the audit log's filter as parameters, streamed page by page
 *   from the read model (chunked, no content-length), so any length of log costs the same memory
 * Errors answer with the API's status and `{ code, message }` (the error mapper's codes and Japanese messages); an
 * error in the middle of a stream can only cut the response short, and is logged.
 */
@Controller(EXPORTS_PATH)
export class ExportsController {
  private readonly logger = new Logger('Exports');

  constructor(
    private readonly auth: AuthService,
    private readonly queries: QueryBus,
  ) {}

  @Get('annual-report/:file')
  async annualReport(@Req() req: HttpRequest, @Res() res: HttpResponse, @Param('file') file: string, @Query() query: QueryParams) {
    await this.answer(req, res, 'exports/annual-report', async (viewer) => {
      const match = /^(\d{4})\.xlsx$/.exec(file);
      if (!match) throw new InputError('URL は /exports/annual-report/<年度>.xlsx の形で指定してください(例: 2025.xlsx)。', 'fiscalYear');
      const report = await this.queries.execute(
        new GetAnnualReportQuery(viewer, Number(match[1]), single(query, 'division'), parsePosition(single(query, 'position'))),
      );
      const body = await annualReportWorkbook(report);
      res.setHeader('content-type', XLSX_CONTENT_TYPE);
      res.setHeader('content-disposition', attachment(annualReportFileName(report)));
      res.setHeader('x-hyoka-log-position', String(report.stamp.position));
      res.setHeader('x-hyoka-log-digest', report.stamp.digest);
      return body;
    });
  }

  @Get('meetings/:meetingId/:file')
  async meetingDocument(
    @Req() req: HttpRequest,
    @Res() res: HttpResponse,
    @Param('meetingId') meetingId: string,
    @Param('file') file: string,
    @Query() query: QueryParams,
  ) {
    await this.answer(req, res, 'exports/meetings', async (viewer) => {
      const match = /^(agenda|minutes)\.docx$/.exec(file);
      if (!match) throw new InputError('URL は /exports/meetings/<会議ID>/agenda.docx または minutes.docx の形で指定してください。', 'file');
      const doc = await this.queries.execute(
        new GetMeetingDocumentQuery(viewer, meetingId, match[1] as MeetingDocumentKind, parsePosition(single(query, 'position'))),
      );
      const body = await meetingDocumentDocx(doc);
      res.setHeader('content-type', DOCX_CONTENT_TYPE);
      res.setHeader('content-disposition', attachment(meetingDocumentFileName(doc)));
      res.setHeader('x-hyoka-log-position', String(doc.stamp.position));
      res.setHeader('x-hyoka-log-digest', doc.stamp.digest);
      return body;
    });
  }

  @Get('audit-log.csv')
  async auditLogCsv(@Req() req: HttpRequest, @Res() res: HttpResponse, @Query() query: QueryParams) {
    await this.auditLog(req, res, query, 'csv');
  }

  @Get('audit-log.json')
  async auditLogJson(@Req() req: HttpRequest, @Res() res: HttpResponse, @Query() query: QueryParams) {
    await this.auditLog(req, res, query, 'json');
  }

  private async auditLog(req: HttpRequest, res: HttpResponse, query: QueryParams, format: AuditExportFormat): Promise<void> {
    const operation = `exports/audit-log.${format}`;
    let chunks: AsyncIterable<string> | undefined;
    await this.answer(req, res, operation, async (viewer) => {
      chunks = await this.queries.execute(new StreamAuditLogQuery(viewer, auditFilterOf(query), format));
      return null;
    });
    if (!chunks) return;
    const source = chunks;
    res.statusCode = 200;
    res.setHeader(
      'content-type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    );
    res.setHeader('content-disposition', attachment(`hyoka-audit-log-${new Date().toISOString().slice(0, 10)}.${format}`));
    async function* body() {
      // BOM so that Excel opens the Japanese text as UTF-8.
      if (format === 'csv') yield '\uFEFF';
      yield* source;
    }
    try {
      await pipeline(Readable.from(body()), res);
    } catch (error) {
      // the client went away, or the read failed after the status was sent: the response ends short
      if (!res.destroyed || !(error instanceof Error && 'code' in error && error.code === 'ERR_STREAM_PREMATURE_CLOSE')) {
        this.logger.error(`The ${operation} stream failed`, error instanceof Error ? error.stack : String(error));
      }
    }
  }

  /**
   * Sends the body, or the mapped error; never throws (the app's catch-all filter is GraphQL's pass-through).
   * Refusals go to the security log like those of GraphQL operations.
   */
  private async answer(
    req: HttpRequest,
    res: HttpResponse,
    operation: string,
    /** the whole body, or null when the caller streams it after this call */
    produce: (viewer: Viewer) => Promise<Buffer | null>,
  ): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    let session: { viewer: Viewer | null; sessionToken: string | null } = { viewer: null, sessionToken: null };
    try {
      session = this.auth.viewerOf(req);
      const { viewer } = session;
      if (!viewer) throw new UnauthenticatedError();
      const body = await produce(viewer);
      if (body === null) return;
      res.statusCode = 200;
      res.setHeader('content-length', body.length);
      res.end(body);
    } catch (error) {
      const mapped = mapError(error);
      if (mapped.code === 'FORBIDDEN' || mapped.code === 'UNAUTHENTICATED') {
        this.auth.denied({ req, ...session }, operation, mapped.code);
      }
      if (mapped.code === 'INTERNAL') this.logger.error('Unexpected error in an export', error instanceof Error ? error.stack : String(error));
      for (const name of ['content-type', 'content-disposition', 'x-hyoka-log-position', 'x-hyoka-log-digest']) res.removeHeader(name);
      const body = Buffer.from(JSON.stringify({ code: mapped.code, message: mapped.message }), 'utf8');
      res.statusCode = STATUS[mapped.code] ?? 500;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('content-length', body.length);
      res.end(body);
    }
  }
}
