// The one command path of every writer (the API, its start-up, the CLI, the test scenarios)
export {
  handleCommand,
  aggregateStream,
  CommandIdReusedError,
  CommandContentChangedError,
  type Decide,
  type HandleCommandOptions,
  type CommandResult,
  type StreamRead,
  type CommandRead,
  type AggregateOptions,
  type Upcast,
} from './handle-command.js';
export { toEventsToAppend, type Provenance } from './events-to-append.js';
export { deriveEventId } from './event-ids.js';
export { evaluationFold, catalogueFold, fiscalYearFold, userFold, assignmentFold, meetingFold, type StreamFold, type StreamEvent } from './folds.js';
export { commandFingerprint } from './command-fingerprint.js';
export { readFoldedStream, foldedStreamCache, foldOnto, FoldedStreamCache, DEFAULT_CACHED_STREAMS, type FoldedStream, type RecordedCommand } from './folded-streams.js';
