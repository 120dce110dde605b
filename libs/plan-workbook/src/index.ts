export { COLUMNS, CONTINUED, itemColumns, PLAN_KEYS, REQUIRED_SHEETS, REVIEW_BODY_KINDS, SHEET, type Column, type SheetName } from './model.js';
export { stagesOf, writePlanWorkbook } from './write.js';
export { describeProblem, readPlanWorkbook, type ReadResult, type WorkbookProblem } from './read.js';
export { diffPlans, followedAlready, kindOf, revisionCommands, unrecordableKinds, type PlanChange, type RevisionPlan } from './diff.js';
export { importModeOf, planSummary, type ImportMode } from './mode.js';
