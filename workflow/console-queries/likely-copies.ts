/**
 * Likely copies (疑似重复): an earlier case that a case awaiting review probably copies though
 * de-duplication did not link it (a missed duplicate that staff may merge). Shown in the review
 * queue, and kept out of batch accept: registering a copy would open a second case for one issue.
 */
import type { Db } from '../store/index.js';
import { compareFingerprints, defaultDuplicateRule, fingerprint, FINGERPRINT_VERSION, type Fingerprint } from '../../dedup/index.js';

/**
 * The earlier case, and why: the same title, or a case of the same hot issue whose body overlaps
 * at least as much as the de-duplication rule asks of a re-post under the same title.
 */
export interface LikelyCopy {
  caseId: string;
  ledgerNo: string;
  title: string;
  state: string;
  similarity: number | null;
  reason: 'same_title' | 'similar_text';
}

/** What is compared of a case: its title, hot issue and primary message's fingerprint. */
export interface LikelyCopyCandidate {
  id: string;
  title: string;
  createdAt: Date;
  hotIssueKey: string | null;
  primaryMessageId: string;
  /** The primary message's stored fingerprint (any shape: one of another version is not compared). */
  fingerprint: unknown;
}

/**
 * States of a case never offered as the original: those that cannot take a merge (merge-cases.ts:
 * merged, 不予受理, archived, and answered). A letter like one whose reply is out (已回复, 已回访办结)
 * is the citizen asking again, which registration opens as a case of its own
 * (intake/register-message.ts); offering the answered case here put a 并入 button, with 属重复留言
 * already typed, on exactly that case, and kept it out of batch confirmation.
 */
const notMergeTargets = ['merged', 'not_accepted', 'archived', 'replied', 'closed'];

/** Body overlap from which a case of the same hot issue is shown as a likely copy (the same-title rule's body threshold). */
const likelyCopyJaccard = defaultDuplicateRule.minJaccardWithTitle;

type Fp = Fingerprint | null;
const usableFingerprint = (v: unknown): Fp => (v && typeof v === 'object' && (v as { v?: unknown }).v === FINGERPRINT_VERSION ? (v as Fingerprint) : null);

/**
 * The fingerprints of these messages as this release computes them: the stored one when it is of
 * this version, else computed again from the message's text. A release that changes the
 * fingerprint (FINGERPRINT_VERSION) leaves the stored ones of earlier messages as they were, and
 * comparing only current ones hid every likely copy of a message registered before the upgrade.
 */
async function currentFingerprints(db: Db, stored: Map<string, unknown>): Promise<Map<string, Fp>> {
  const prints = new Map<string, Fp>([...stored].map(([id, v]) => [id, usableFingerprint(v)]));
  const stale = [...prints].filter(([, fp]) => fp === null).map(([id]) => id);
  if (stale.length > 0) {
    for (const m of await db.message.findMany({ where: { id: { in: stale } }, select: { id: true, title: true, content: true } })) prints.set(m.id, fingerprint(m));
  }
  return prints;
}

/**
 * For each case, the earliest earlier case with the same title, else the most similar earlier
 * case of the same hot issue; cases with none are absent from the map. A case split off another
 * is never offered that case again (staff said they differ).
 */
export async function findLikelyCopies(db: Db, cases: LikelyCopyCandidate[]): Promise<Map<string, LikelyCopy>> {
  const found = new Map<string, LikelyCopy>();
  if (cases.length === 0) return found;
  const hotKeys = [...new Set(cases.map((c) => c.hotIssueKey).filter((k): k is string => Boolean(k)))];
  const titles = [...new Set(cases.map((c) => c.title))];
  const [relatedRows, sameTitleRows, splitRows] = await Promise.all([
    hotKeys.length
      ? db.case.findMany({ where: { hotIssueKey: { in: hotKeys }, state: { notIn: notMergeTargets } }, select: { id: true, ledgerNo: true, title: true, state: true, hotIssueKey: true, createdAt: true, primaryMessageId: true }, take: 500 })
      : [],
    db.case.findMany({ where: { title: { in: titles }, state: { notIn: notMergeTargets }, archivedAt: null }, select: { id: true, ledgerNo: true, title: true, state: true, createdAt: true }, orderBy: { createdAt: 'asc' }, take: 500 }),
    // A case split off another (splitCopy records the primary message's duplicateOf as 'none').
    db.correction.findMany({ where: { field: 'duplicateOf', corrected: 'none', messageId: { in: cases.map((c) => c.primaryMessageId) } }, select: { messageId: true, caseId: true } }),
  ]);
  const splitFrom = new Map(splitRows.map((r) => [r.messageId, r.caseId]));
  const siblingIds = relatedRows.map((r) => r.primaryMessageId);
  const siblingPrints = await currentFingerprints(
    db,
    new Map(siblingIds.length ? (await db.message.findMany({ where: { id: { in: siblingIds } }, select: { id: true, fingerprint: true } })).map((m) => [m.id, m.fingerprint]) : []),
  );
  // The cases' own, as stored with them (a case without a hot issue is compared by title only).
  const ownPrints = await currentFingerprints(db, new Map(cases.filter((c) => c.hotIssueKey).map((c) => [c.primaryMessageId, c.fingerprint])));
  for (const c of cases) {
    const earlier = (r: { id: string; createdAt: Date; state: string }) =>
      r.id !== c.id && r.id !== splitFrom.get(c.primaryMessageId) && !notMergeTargets.includes(r.state) && r.createdAt <= c.createdAt;
    const same = sameTitleRows.find((r) => r.title === c.title && earlier(r));
    if (same) {
      found.set(c.id, { caseId: same.id, ledgerNo: same.ledgerNo, title: same.title, state: same.state, similarity: null, reason: 'same_title' });
      continue;
    }
    const print = ownPrints.get(c.primaryMessageId);
    if (!print || !c.hotIssueKey) continue;
    let best: LikelyCopy | null = null;
    for (const r of relatedRows) {
      if (r.hotIssueKey !== c.hotIssueKey || !earlier(r)) continue;
      const other = siblingPrints.get(r.primaryMessageId);
      if (!other) continue;
      const score = compareFingerprints(print, other);
      if (score.jaccard >= likelyCopyJaccard && (!best || score.jaccard > (best.similarity ?? 0))) {
        best = { caseId: r.id, ledgerNo: r.ledgerNo, title: r.title, state: r.state, similarity: Math.round(score.jaccard * 1000) / 1000, reason: 'similar_text' };
      }
    }
    if (best) found.set(c.id, best);
  }
  return found;
}
