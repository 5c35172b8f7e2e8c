/**
 * Hot issues (群众反映较多, 第四条㈥): messages that are not copies of each other but raise the same
 * concern, grouped by a shared key phrase (an estate, road, company, institution; failing those a
 * concern such as heating that the title names) while the messages keep coming: a group stays open as
 * long as each new message arrives within `windowDays` of the group's latest one. The key names the
 * phrase and the day the group opened, so it is stable and can be stored. How well the groups match
 * what staff would call one concern is measured by dedup/eval/hot-issues-eval.ts (dedup/README.md).
 */
import { BadInputError } from '../core/index.js';
import { parseLooseDate } from './dedup-index.js';
import { extractKeyPhrases, type KeyPhrase } from './key-phrases.js';

export interface HotIssueOptions {
  /** A group stays open while messages arrive within this many days of its latest one. @default 7 */
  windowDays?: number;
  /** Count from which a group is reported as hot. @default 3 */
  hotThreshold?: number;
}

export interface HotIssue {
  /**
   * Stable group key: `<kind>:<phrase>@<YYYY-MM-DD the group opened>`; while no message so far had
   * a time, `<kind>:<phrase>#<n>`, n the arrival number (from 1) of the message that opened it.
   */
  key: string;
  /** The shared key phrase, as staff read it. */
  label: string;
  /** Messages in the group so far, this one included. */
  count: number;
  /** count >= hotThreshold. */
  hot: boolean;
}

export interface HotIssueTracker {
  /**
   * Puts a message into the group of its key phrase (extractKeyPhrases: the phrase whose open group
   * is largest; on a tie the first name of the title, then of the body; a concern of the title only
   * when the message names nothing). Null when the message has no key phrase.
   * createdAt may be missing or unparseable: then the latest time seen is used; before any time
   * is seen, groups have no window (they stay open) and are keyed by arrival order.
   */
  assign(id: string, message: { title: string; content: string }, createdAt?: string): HotIssue | null;
  /** The ids in a group, in arrival order. */
  members(key: string): string[];
}

interface Group {
  key: string;
  label: string;
  ids: string[];
  lastAt: number;
}

/** When the group opened: its day, or the opening message's arrival number when no time is known (never a made-up day). */
function opened(ms: number, arrival: number): string {
  return Number.isFinite(ms) && ms > 0 ? `@${new Date(ms).toISOString().slice(0, 10)}` : `#${arrival}`;
}

/** The phrase key of a group's key (`estate:家河小区@2026-11-03` → `estate:家河小区`): the key without what `opened` added. */
export function hotIssuePhraseKey(groupKey: string): string {
  return groupKey.replace(/(@\d{4}-\d{2}-\d{2}|#\d+)$/, '');
}

export function createHotIssueTracker(options: HotIssueOptions = {}): HotIssueTracker {
  const windowDays = options.windowDays ?? 7;
  const hotThreshold = options.hotThreshold ?? 3;
  if (!(windowDays > 0)) throw new BadInputError('热点时间窗（windowDays）须大于 0');
  if (!(hotThreshold >= 1)) throw new BadInputError('热点阈值（hotThreshold）须至少为 1');
  const windowMs = windowDays * 86_400_000;
  const open = new Map<string, Group>(); // phrase key -> its open group
  const byKey = new Map<string, Group>(); // group key -> group
  let latest = 0;
  let assigned = 0;

  function openGroup(phrase: KeyPhrase, at: number): Group | undefined {
    const group = open.get(phrase.key);
    return group && Math.abs(at - group.lastAt) <= windowMs ? group : undefined;
  }

  function prune(): void {
    for (const [phrase, group] of open) if (latest - group.lastAt > windowMs) open.delete(phrase);
  }

  return {
    assign(id, message, createdAt) {
      const parsed = createdAt === undefined ? NaN : parseLooseDate(createdAt);
      const at = Number.isNaN(parsed) ? latest : parsed;
      latest = Math.max(latest, at);
      if (++assigned % 1000 === 0) prune();
      const phrases = extractKeyPhrases(message).filter((p) => p.kind !== 'agency');
      if (phrases.length === 0) return null;
      const names = phrases.filter((p) => p.kind !== 'topic' && p.kind !== 'agency');
      // A named place or organisation is the sharper concern; topics only group unnamed messages.
      const candidates = names.length > 0 ? names : phrases;
      let best = candidates[0]!;
      let bestGroup = openGroup(best, at);
      for (const phrase of candidates.slice(1)) {
        const group = openGroup(phrase, at);
        if (group && group.ids.length > (bestGroup?.ids.length ?? 0)) {
          best = phrase;
          bestGroup = group;
        }
      }
      let group = bestGroup;
      if (!group) {
        group = { key: `${best.key}${opened(at, assigned)}`, label: best.label, ids: [], lastAt: at };
        open.set(best.key, group);
        byKey.set(group.key, group);
      }
      group.ids.push(id);
      group.lastAt = Math.max(group.lastAt, at);
      return { key: group.key, label: group.label, count: group.ids.length, hot: group.ids.length >= hotThreshold };
    },
    members: (key) => [...(byKey.get(key)?.ids ?? [])],
  };
}
