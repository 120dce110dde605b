import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Logger } from '@nestjs/common';
import type { AuthService } from '../auth/auth.service.js';
import type { HttpRequest, HttpResponse } from '../auth/cookies.js';
import type { Viewer } from '../auth/viewer.js';
import { AccessDeniedError, CsrfRefusedError, InputError, UnauthenticatedError } from '../errors/api-errors.js';
import { mapError } from '../errors/error-mapper.js';
import { STATUS } from '../reports/exports.controller.js';

/** A cross-site form cannot set a header: a REST write without it is refused, as GraphQL refuses a mutation without one. */
export const UPLOAD_CSRF_HEADER = 'x-hyoka-csrf';

export function requireCsrfHeader(req: HttpRequest): void {
  if (req.headers[UPLOAD_CSRF_HEADER] === undefined) throw new CsrfRefusedError();
}

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
export function disposition(fileName: string, kind: 'inline' | 'attachment' = 'inline'): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The file part of a multipart upload, with its name; refuses a request with none (or more than one). */
export function filePart(req: HttpRequest, maxBytes: number): Promise<{ stream: Readable; name: string; done: Promise<void> }> {
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

export type RestBody = { json: unknown } | { file: { stream: Readable; size: number; mediaType: string; name: string; disposition?: 'inline' | 'attachment' } };

/**
 * Answers one REST request authorised by the session cookie: the JSON or the file `produce` gives, or the error
 * mapper's code (as the HTTP status) and Japanese message. Refusals go to the security log, as GraphQL's do.
 */
export async function answerRest(
  deps: { auth: AuthService; logger: Logger },
  req: HttpRequest,
  res: HttpResponse,
  operation: string,
  produce: (viewer: Viewer) => Promise<RestBody>,
): Promise<void> {
  const { auth, logger } = deps;
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-content-type-options', 'nosniff');
  let session: { viewer: Viewer | null; sessionToken: string | null } = { viewer: null, sessionToken: null };
  try {
    session = auth.viewerOf(req);
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
    res.setHeader('content-disposition', disposition(name, body.file.disposition));
    try {
      await pipeline(stream, res);
    } catch (error) {
      if (!res.destroyed) logger.error(`The ${operation} stream failed`, error instanceof Error ? error.stack : String(error));
    }
  } catch (error) {
    // an upload refused before its body was read: drain it so the client gets the answer
    if (!req.readableEnded) req.resume();
    const mapped = mapError(error);
    if (mapped.code === 'FORBIDDEN' || mapped.code === 'UNAUTHENTICATED') {
      auth.denied({ req, ...session }, operation, mapped.code, error instanceof AccessDeniedError ? error.target : null);
    }
    if (mapped.code === 'INTERNAL') logger.error(`Unexpected error in ${operation}`, error instanceof Error ? error.stack : String(error));
    const body = Buffer.from(JSON.stringify({ code: mapped.code, message: mapped.message }), 'utf8');
    res.removeHeader('content-disposition');
    res.statusCode = STATUS[mapped.code] ?? 500;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', body.length);
    res.end(body);
  }
}
