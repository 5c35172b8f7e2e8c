/**
 * The pipeline's dedup decision for a stream of messages, in arrival order: each message is looked
 * up in the index of the earlier ones, then added; a message that copies none goes to the hot-issue
 * tracker. `minsheng dedup` prints exactly these decisions.
 */
import { createDedupIndex, type DedupIndex, type DedupOptions, type MatchKind } from './dedup-index.js';
import { fingerprint, type Fingerprint } from './fingerprint.js';
import { createHotIssueTracker, type HotIssue, type HotIssueOptions, type HotIssueTracker } from './hot-issues.js';

export interface DedupInput {
  id: string;
  title: string;
  content: string;
  source?: string | undefined;
  createdAt?: string | undefined;
}

export interface DedupDecision {
  id: string;
  /** The earlier message this one copies (the best match), or null. */
  duplicateOf: string | null;
  /** Similarity to duplicateOf in [0, 1], rounded to 3 decimals; null when not a duplicate. */
  similarity: number | null;
  /** How it matched, or null. */
  matchKind: MatchKind | null;
  /** Hot-issue group of a message that is not a duplicate (a duplicate belongs to its original's case). */
  hotIssue: HotIssue | null;
  fingerprint: Fingerprint;
}

export interface Decider {
  decide(message: DedupInput): DedupDecision;
  readonly index: DedupIndex;
  readonly tracker: HotIssueTracker;
}

/** A stateful decider: the same object the pipeline keeps for its lifetime. */
export function createDecider(options: { dedup?: DedupOptions; hotIssues?: HotIssueOptions; index?: DedupIndex; tracker?: HotIssueTracker } = {}): Decider {
  const index = options.index ?? createDedupIndex(options.dedup);
  const tracker = options.tracker ?? createHotIssueTracker(options.hotIssues);
  return {
    index,
    tracker,
    decide(message) {
      const fp = fingerprint(message);
      const meta = { createdAt: message.createdAt, source: message.source };
      const match = index.findDuplicate(fp, meta);
      index.add(message.id, fp, meta);
      const hotIssue = match ? null : tracker.assign(message.id, message, message.createdAt);
      return {
        id: message.id,
        duplicateOf: match?.id ?? null,
        similarity: match ? Math.round(match.similarity * 1000) / 1000 : null,
        matchKind: match?.kind ?? null,
        hotIssue,
        fingerprint: fp,
      };
    },
  };
}

/** Decides a whole batch in arrival order. */
export function decideDuplicates(messages: Iterable<DedupInput>, options: { dedup?: DedupOptions; hotIssues?: HotIssueOptions } = {}): DedupDecision[] {
  const decider = createDecider(options);
  const out: DedupDecision[] = [];
  for (const message of messages) out.push(decider.decide(message));
  return out;
}
