import type { Projection } from './projection.js';
import { auditLogProjection } from './audit-log/audit-log.projection.js';

/** Every read model, in the order an event is applied to them. */
export const PROJECTIONS: readonly Projection[] = [auditLogProjection];
