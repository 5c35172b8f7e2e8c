/**
 * dedup: exact and near-duplicate detection and hot-issue grouping. Pure: no database, no queue;
 * imports only core. The store keeps each message's Fingerprint (JSON) and rebuilds a DedupIndex
 * from them at start-up by calling add() in arrival order.
 */
export { normalizeText, toSimplified } from './normalize.js';
export { fingerprint, comparableText, decodeSketch, FINGERPRINT_VERSION, fingerprintParams, type Fingerprint, type Tokenizer } from './fingerprint.js';
export { compareFingerprints, defaultDuplicateRule, editsWithin, judgePair, matchKinds, sketchOverlap, textEditsWithin, textJaccard, weightedTokenOverlap, numbersDiffer, type TokenWeight, type DuplicateRule, type Overlap, type PairScore, type PairSide } from './similarity.js';
export { createDedupIndex, parseLooseDate, type DedupIndex, type DedupMatch, type DedupMeta, type DedupOptions, type MatchKind } from './dedup-index.js';
export { extractKeyPhrases, namesConflict, subjectNames, subjectsConflict, type KeyPhrase, type KeyPhraseKind } from './key-phrases.js';
export { createHotIssueTracker, hotIssuePhraseKey, type HotIssue, type HotIssueOptions, type HotIssueTracker } from './hot-issues.js';
export { createDecider, decideDuplicates, type Decider, type DedupDecision, type DedupInput } from './decide.js';
