/**
 * Letters that move between hot issues with their case's messages (a merge, a split undoing one,
 * or a letter split off that stays in its case's group): the group they leave counts that many letters fewer, the group they join that many more,
 * seen when the letter was (HotIssue.messageCount and its span are what the board lists a group
 * by: console-queries/hot-issues.ts). Writers need no moving: a group counts those of its standing
 * cases' messages (count-reporters.ts). Returns whether the letters count in `to` (false when it
 * is null or no such group exists).
 */
import type { Tx } from './case-transaction.js';

export async function moveHotIssueLetter(tx: Tx, move: { from: string | null; to: string | null; letters: number; seenAt: Date }): Promise<boolean> {
  if (move.from === move.to) return move.to !== null;
  if (move.from) {
    const left = await tx.hotIssue.updateMany({ where: { key: move.from, messageCount: { gte: move.letters } }, data: { messageCount: { decrement: move.letters } } });
    if (left.count === 0) await tx.hotIssue.updateMany({ where: { key: move.from }, data: { messageCount: 0 } });
  }
  if (!move.to) return false;
  const group = await tx.hotIssue.findUnique({ where: { key: move.to }, select: { firstSeenAt: true, lastSeenAt: true } });
  if (!group) return false;
  await tx.hotIssue.update({
    where: { key: move.to },
    data: {
      messageCount: { increment: move.letters },
      firstSeenAt: move.seenAt < group.firstSeenAt ? move.seenAt : group.firstSeenAt,
      lastSeenAt: move.seenAt > group.lastSeenAt ? move.seenAt : group.lastSeenAt,
    },
  });
  return true;
}
