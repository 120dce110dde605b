export * from './projection.js';
export * from './read-models.js';
export * from './apply.js';
export * from './runner.js';
export * from './audit-log/audit-log.projection.js';
export * from './audit-log/audit-log.queries.js';
