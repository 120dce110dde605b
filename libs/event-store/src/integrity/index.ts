export { canonicalJson } from './canonical.js';
export {
  GENESIS_HASH,
  HASH_PATTERN,
  canonicalEventText,
  canonicalEventTextFrom,
  eventHash,
  sha256Hex,
  type HashedFields,
} from './hash.js';
export {
  LOG_DIGEST_PREFIX,
  LogDigestIndex,
  LogDigester,
  formatLogDigest,
  logDigest,
  parseLogDigest,
  type LogDigest,
  type LogDigestOptions,
} from './digest.js';
export {
  checkDigest,
  verifyLog,
  type DigestCheck,
  type VerifiedCheckpoint,
  type VerifyBroken,
  type VerifyOk,
  type VerifyOptions,
  type VerifyProblem,
  type VerifyProgress,
  type VerifyResult,
} from './verify.js';
