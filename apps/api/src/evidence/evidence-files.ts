import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import { EVIDENCE_MEDIA_TYPES, evidenceFilePath, isEvidenceFileId } from '@hyoka/domain';
import { InputError } from '../errors/api-errors.js';

/** A file as stored: its SHA-256 (the id the event records), its size and the media type its content shows. */
export interface StoredEvidence {
  fileId: string;
  size: number;
  mediaType: string;
}

const MEDIA_TYPES: readonly string[] = EVIDENCE_MEDIA_TYPES;
// The old Office formats are one container (OLE compound file) to file-type: the content proves it is one, the name
// says which of the two it is.
const COMPOUND_FILE = 'application/x-cfb';
const COMPOUND_BY_EXTENSION: Readonly<Record<string, string>> = { doc: 'application/msword', xls: 'application/vnd.ms-excel' };

const ACCEPTED = 'PDF、Word・Excel・PowerPoint(docx/xlsx/pptx、doc/xls)、画像(PNG・JPEG・GIF・WebP)';

class TooLarge extends Error {}

/**
 * The evidence files under the data folder, content-addressed: `<dir>/ab/cdef…` by SHA-256. A file is written to a
 * temporary name, synced, checked, then renamed into place, so a reader never sees half a file and a crash leaves only
 * a temporary file; the same content uploaded twice is stored once.
 */
export class EvidenceFiles {
  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  pathOf(fileId: string): string {
    if (!isEvidenceFileId(fileId)) throw new InputError('ファイルIDは SHA-256(16進数64桁、小文字)で指定してください。', 'fileId');
    return join(this.dir, ...evidenceFilePath(fileId).split('/'));
  }

  /** Stores the upload; refuses one over the size limit or whose content is not an accepted type (Japanese messages). */
  async store(content: Readable, fileName: string): Promise<StoredEvidence> {
    const tmpDir = join(this.dir, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const limit = this.maxBytes;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limit) return done(new TooLarge());
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      try {
        await pipeline(content, count, createWriteStream(tmp, { flags: 'wx' }));
      } catch (error) {
        if (error instanceof TooLarge) {
          content.resume();
          throw new InputError(`ファイルが大きすぎます。根拠資料は${formatBytes(limit)}までのファイルを添付してください。`, 'file');
        }
        throw error;
      }
      // busboy marks a part cut at its own limit
      if ((content as Readable & { truncated?: boolean }).truncated) {
        throw new InputError(`ファイルが大きすぎます。根拠資料は${formatBytes(limit)}までのファイルを添付してください。`, 'file');
      }
      if (size === 0) throw new InputError('ファイルが空です。内容のあるファイルを選んでください。', 'file');
      const mediaType = await this.mediaTypeOf(tmp, fileName);
      const handle = await open(tmp, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      const fileId = hash.digest('hex');
      const target = this.pathOf(fileId);
      await mkdir(dirname(target), { recursive: true });
      if (await exists(target)) await rm(tmp, { force: true });
      else await rename(tmp, target);
      return { fileId, size, mediaType };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** The media type the content shows (never the name's, except to tell .doc from .xls inside a compound file). */
  private async mediaTypeOf(file: string, fileName: string): Promise<string> {
    const detected = await fileTypeFromFile(file);
    let mediaType = detected?.mime as string | undefined;
    if (mediaType === COMPOUND_FILE) mediaType = COMPOUND_BY_EXTENSION[fileName.split('.').pop()?.toLowerCase() ?? ''];
    if (!mediaType || !MEDIA_TYPES.includes(mediaType)) {
      throw new InputError(
        `このファイルの内容は根拠資料として添付できる種類ではありません(ファイル名ではなく内容で判定しています)。添付できるのは ${ACCEPTED} です。`,
        'file',
      );
    }
    return mediaType;
  }

  /** The stored file, or null when it is missing. */
  async read(fileId: string): Promise<{ stream: Readable; size: number } | null> {
    const path = this.pathOf(fileId);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    return { stream: createReadStream(path), size: info.size };
  }
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} バイト`;
}
