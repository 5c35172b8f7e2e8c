/**
 * Hand judgements of hot-issue groups (hot-issue-labels.json) and the figures computed from them.
 *
 * The file holds ids and judgements only, never message text: a group's phrase and label are stored
 * as short hashes (`phraseId`, `labelId`), so a judgement survives a change of grouping code as long
 * as the phrase (and, for label quality, the label) is the same, and goes stale when it is not.
 *
 * A member judgement answers one question that does not depend on the other members: does message
 * `id` raise a concern about the thing the group's phrase names (the same estate, road, company or
 * institution as its subject or the place of its problem; for a topic group, that concern as its main
 * subject)? The policy is written in the file (`policy`) and in dedup/README.md.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const hotIssueLabelsPath = path.join(here, 'hot-issue-labels.json');

/** How a group's label reads to staff. */
export const labelQualities = ['ok', 'cut', 'overlong', 'generic', 'wrong', 'topic'] as const;
export type LabelQuality = (typeof labelQualities)[number];

export interface MemberJudgement {
  set: string;
  id: string;
  /** phraseId of the group's phrase (`kind:core`, the group key without its day). */
  phrase: string;
  /** 1: raises a concern about what the phrase names; 0: does not (incidental mention, another place, not a name). */
  ok: 0 | 1;
  /** Why, without message text. */
  note?: string;
}

export interface LabelJudgement {
  set: string;
  phrase: string;
  /** labelId of the label as staff read it. */
  label: string;
  quality: LabelQuality;
  note?: string;
}

export interface HotIssueLabels {
  policy: string[];
  members: MemberJudgement[];
  labels: LabelJudgement[];
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);
/** The id of a group's phrase: its key without the opening day (`estate:家河小区@2014-11-20` -> hash of `estate:家河小区`). */
export const phraseId = (groupKey: string) => shortHash(groupKey.replace(/@[^@]*$/, ''));
export const labelId = (label: string) => shortHash(`label:${label}`);

export function loadHotIssueLabels(file = hotIssueLabelsPath): HotIssueLabels {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as HotIssueLabels;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { policy: [], members: [], labels: [] };
    throw error;
  }
}

/** Lookup of the judgements of one data set. */
export interface Judge {
  member(id: string, groupKey: string): 0 | 1 | undefined;
  label(groupKey: string, label: string): LabelQuality | undefined;
}

export function judgeFor(labels: HotIssueLabels, set: string): Judge {
  const members = new Map(labels.members.filter((m) => m.set === set).map((m) => [`${m.id}|${m.phrase}`, m.ok]));
  const qualities = new Map(labels.labels.filter((l) => l.set === set).map((l) => [`${l.phrase}|${l.label}`, l.quality]));
  return {
    member: (id, groupKey) => members.get(`${id}|${phraseId(groupKey)}`),
    label: (groupKey, label) => qualities.get(`${phraseId(groupKey)}|${labelId(label)}`),
  };
}

export interface SampledGroup {
  key: string;
  label: string;
  ids: string[];
}

export interface GroupFigures {
  groups: number;
  /** Groups whose members are all judged. */
  judgedGroups: number;
  members: number;
  judgedMembers: number;
  rightMembers: number;
  /** Judged groups with every member right. */
  pureGroups: number;
  /** Label quality of the groups whose label is judged. */
  labels: Partial<Record<LabelQuality, number>>;
  unjudgedLabels: number;
}

/** Member precision, group purity and label quality of a sample of groups. */
export function groupFigures(sample: readonly SampledGroup[], judge: Judge): GroupFigures {
  const f: GroupFigures = { groups: sample.length, judgedGroups: 0, members: 0, judgedMembers: 0, rightMembers: 0, pureGroups: 0, labels: {}, unjudgedLabels: 0 };
  for (const g of sample) {
    const verdicts = g.ids.map((id) => judge.member(id, g.key));
    f.members += g.ids.length;
    const judged = verdicts.filter((v) => v !== undefined);
    f.judgedMembers += judged.length;
    f.rightMembers += judged.filter((v) => v === 1).length;
    if (judged.length === g.ids.length) {
      f.judgedGroups++;
      if (judged.every((v) => v === 1)) f.pureGroups++;
    }
    const quality = judge.label(g.key, g.label);
    if (quality) f.labels[quality] = (f.labels[quality] ?? 0) + 1;
    else f.unjudgedLabels++;
  }
  return f;
}
