import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, copyFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EVIDENCE_FOLDER, evidenceFilePath, isEvidenceFileId } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import type { StoreLocation } from './settings.js';

/**
 * 根拠資料ファイル (docs/design.md, evidence): the API keeps them content-addressed beside the store, in
 * `<data folder>/evidence/ab/cdef…`; the log names each by its SHA-256 (EvidenceAttached). These helpers let backup,
 * restore and copy carry them and verify check them.
 */

/** The evidence folder of a data folder. */
export const evidenceDirOf = (dataDir: string): string => join(dataDir, EVIDENCE_FOLDER);

/** The evidence folder that goes with a store: beside a SQLite file; the data folder's for a KurrentDB server. */
export const evidenceDirFor = (location: StoreLocation, dataDir: string): string =>
  location.kind === 'sqlite' ? evidenceDirOf(dirname(location.file)) : evidenceDirOf(dataDir);

/** The evidence folder a backup file carries: `<backup>.evidence/`. */
export const backupEvidenceDir = (backupFile: string): string => `${backupFile}.evidence`;

export const evidencePathIn = (dir: string, fileId: string): string => join(dir, ...evidenceFilePath(fileId).split('/'));

/** Every file id the log names (attached, whether or not removed since), with the first stream naming it. */
export async function referencedEvidence(store: EventStore): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    for (const event of page) {
      if (event.type !== 'EvidenceAttached') continue;
      const fileId = (event.data as { fileId?: unknown }).fileId;
      if (isEvidenceFileId(fileId) && !ids.has(fileId)) ids.set(fileId, event.stream);
    }
    if (page.length < 1000) return ids;
    after = page[page.length - 1]!.position;
  }
}

export function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export interface EvidenceCheck {
  checked: number;
  missing: { fileId: string; stream: string }[];
  mismatched: { fileId: string; stream: string; found: string }[];
}

/** Whether every referenced file is in `dir` and hashes to its id. */
export async function checkEvidence(dir: string, referenced: Map<string, string>): Promise<EvidenceCheck> {
  const result: EvidenceCheck = { checked: 0, missing: [], mismatched: [] };
  for (const [fileId, stream] of referenced) {
    result.checked++;
    const file = evidencePathIn(dir, fileId);
    if (!existsSync(file)) {
      result.missing.push({ fileId, stream });
      continue;
    }
    const found = await sha256OfFile(file);
    if (found !== fileId) result.mismatched.push({ fileId, stream, found });
  }
  return result;
}

/** The ids of the files stored in an evidence folder (its layout: ab/cdef…; temporary files left out). */
export function storedEvidence(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const ids: string[] = [];
  for (const prefix of readdirSync(dir)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const rest of readdirSync(join(dir, prefix))) {
      const id = prefix + rest;
      if (isEvidenceFileId(id)) ids.push(id);
    }
  }
  return ids.sort();
}

export interface EvidenceCopy {
  copied: number;
  present: number;
  /** files whose content does not hash to their name: not copied */
  corrupt: string[];
}

/**
 * Copies the files of `from` that `to` lacks (all of them, or only `ids`), each checked against its id and written
 * through a temporary name, so the target folder only ever holds whole, correct files.
 */
export async function copyEvidence(from: string, to: string, ids: Iterable<string> = storedEvidence(from)): Promise<EvidenceCopy> {
  const result: EvidenceCopy = { copied: 0, present: 0, corrupt: [] };
  for (const fileId of ids) {
    const source = evidencePathIn(from, fileId);
    const target = evidencePathIn(to, fileId);
    if (!existsSync(source)) continue;
    if (existsSync(target) && statSync(target).size === statSync(source).size && (await sha256OfFile(target)) === fileId) {
      result.present++;
      continue;
    }
    if ((await sha256OfFile(source)) !== fileId) {
      result.corrupt.push(fileId);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    const part = `${target}.part-${process.pid}`;
    try {
      copyFileSync(source, part);
      renameSync(part, target);
    } finally {
      rmSync(part, { force: true });
    }
    result.copied++;
  }
  return result;
}
