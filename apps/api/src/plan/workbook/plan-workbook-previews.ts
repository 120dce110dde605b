import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PlanCatalogue } from '@hyoka/catalogue';
import type { PlanChange } from '@hyoka/plan-workbook';
import { Clock } from '../../auth/clock.js';

/** An uploaded workbook as previewed: its changes against the plan at `planRevision`, for the administrator who uploaded it. */
export interface PlanWorkbookPreview {
  previewId: string;
  /** SHA-256 of the uploaded file */
  digest: string;
  fileName: string;
  userId: string;
  /** the catalogue stream's revision the changes were computed on: confirming on another one is a stale preview */
  planRevision: bigint | null;
  changes: PlanChange[];
  /** what confirming records: a 計画の見直し of the changes, a new plan period, or the store's first plan (see importModeOf) */
  mode: 'revision' | 'newPeriod' | 'firstPlan';
  /** the workbook's whole plan (what a new period or a first plan records) */
  catalogue: PlanCatalogue;
  createdAt: number;
}

export const PREVIEW_LIFETIME_MS = 60 * 60 * 1000;
const KEPT = 20;

/**
 * The previews waiting for confirmation, in memory: a preview is a step of one administrator's session, not a record.
 * After an hour or a restart it is gone and the workbook is uploaded again.
 */
@Injectable()
export class PlanWorkbookPreviews {
  private readonly previews = new Map<string, PlanWorkbookPreview>();

  constructor(private readonly clock: Clock) {}

  add(preview: Omit<PlanWorkbookPreview, 'previewId' | 'createdAt'>): PlanWorkbookPreview {
    this.expire();
    const entry = { ...preview, previewId: randomUUID(), createdAt: this.clock.now() };
    this.previews.set(entry.previewId, entry);
    while (this.previews.size > KEPT) this.previews.delete(this.previews.keys().next().value!);
    return entry;
  }

  /** The preview of this id uploaded by this person, if it has not expired. */
  get(previewId: string, userId: string): PlanWorkbookPreview | undefined {
    this.expire();
    const preview = this.previews.get(previewId);
    return preview?.userId === userId ? preview : undefined;
  }

  private expire(): void {
    const now = this.clock.now();
    for (const [id, p] of this.previews) if (now - p.createdAt > PREVIEW_LIFETIME_MS) this.previews.delete(id);
  }
}
