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
  /**
   * Decides `message` against the messages decided before it, then adds it. `stored` is its
   * fingerprint when the caller has it (a replay from the store): the decision is the same.
   */
  decide(message: DedupInput, stored?: Fingerprint): DedupDecision;
  /**
   * Tells the decider that stored message `id` was linked to `duplicateOf` (a decision made before
   * this decider existed, replayed from the store), so later links respect its case's original.
   */
  remember(id: string, duplicateOf: string | null): void;
  /**
   * Replays a decision this decider's kind made before (`duplicateOf`: the match `decide` gave,
   * kept by the store): the same links, index and hot-issue groups as `decide` left, without the
   * look-up.
   */
  replay(message: DedupInput, stored: Fingerprint, duplicateOf: string | null): void;
  readonly index: DedupIndex;
  readonly tracker: HotIssueTracker;
}

/** A stateful decider: the same object the pipeline keeps for its lifetime. */
export function createDecider(options: { dedup?: DedupOptions; hotIssues?: HotIssueOptions; index?: DedupIndex; tracker?: HotIssueTracker } = {}): Decider {
  const index = options.index ?? createDedupIndex(options.dedup);
  const tracker = options.tracker ?? createHotIssueTracker(options.hotIssues);
  // Each linked message's original (the message its case started from), and each case's messages.
  // A copy joins its original's case, so a new message must not name another place than any
  // message of that case: otherwise a message that names no place bridges template letters about
  // different villages into one case (庙湾村 ← a copy naming nothing → 罗寨村), and so does an
  // original that names none (印台社区 unread ← 庙湾村, then ← 上店村).
  const originalOf = new Map<string, string>();
  const copiesOf = new Map<string, string[]>();
  const link = (id: string, to: string) => {
    originalOf.set(id, to);
    const root = rootOf(to);
    const copies = copiesOf.get(root) ?? [];
    copies.push(id);
    copiesOf.set(root, copies);
  };
  /** Whether `fp` names another place than a message of the case `id` belongs to (the case's first 64 messages). */
  const differsFromCase = (fp: Fingerprint, id: string) => {
    const root = rootOf(id);
    return [root, ...(copiesOf.get(root) ?? []).slice(0, 63)].some((member) => index.namesDiffer(fp, member));
  };
  const rootOf = (id: string): string => {
    let root = id;
    for (let hops = 0; hops < 64; hops++) {
      const next = originalOf.get(root);
      if (next === undefined || next === root) return root;
      root = next;
    }
    return root;
  };
  return {
    index,
    tracker,
    remember(id, duplicateOf) {
      if (duplicateOf && duplicateOf !== id) link(id, duplicateOf);
    },
    replay(message, stored, duplicateOf) {
      if (duplicateOf) link(message.id, duplicateOf);
      index.add(message.id, stored, { createdAt: message.createdAt, source: message.source });
      if (!duplicateOf) tracker.assign(message.id, message, message.createdAt);
    },
    decide(message, stored) {
      const fp = stored ?? fingerprint(message);
      const meta = { createdAt: message.createdAt, source: message.source };
      const match = index.findDuplicates(fp, meta).find((m) => !differsFromCase(fp, m.id)) ?? null;
      if (match) link(message.id, match.id);
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
