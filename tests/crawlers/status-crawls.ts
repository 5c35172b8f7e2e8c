/**
 * Shared by the suites whose look-alike lists tell a letter's status by a mark on the row or cell
 * (suggest-unmarked-rows.test.ts, suggest-stylesheet-status.test.ts): the open letter on the list's
 * first page, the answer it gets between two crawls, and the check that a drafted source crawled
 * gives every letter its status and then sees the answer as one change of status.
 */
import { expect } from 'vitest';
import { crawlSource, MemoryCrawlStateStore, type SourceDefinition } from '../../crawlers/index.js';
import { letters, type Layout } from './fixtures/mailbox-layouts/index.js';

/** An open letter on the list's first page, and the reply it gets between two crawls. */
export const open = letters.slice(0, 5).find((l) => !l.reply)!;
export const answer = { unit: '区教育局', at: '2023-05-25 10:00:00', paragraphs: ['您好！已会同交警部门在北关小学门口施划人行横道并设置减速带。'] };

/**
 * Crawls `drafted` (its politeness delay dropped): every letter with `layout`'s status; then
 * `answerLater()` makes the site answer `open`, and a second crawl sees that one change, its status
 * and reply text.
 */
export async function expectStatusesThenLaterAnswer(drafted: SourceDefinition, layout: Pick<Layout, 'status'>, answerLater: () => void): Promise<void> {
  const source = { ...drafted, politeness: { ...drafted.politeness, delay: 0 } };
  const state = new MemoryCrawlStateStore();
  const first = await crawlSource(source, { state });
  expect(first.health.pageErrors).toEqual([]);
  expect(first.health.layoutAlert).toBeUndefined();
  expect(first.messages.map((m) => [m.title, m.siteStatus]).sort()).toEqual(letters.map((l) => [l.title, layout.status(l)]).sort());

  answerLater();
  const second = await crawlSource(source, { state });
  expect(second.health.pageErrors).toEqual([]);
  // A letter's id is its link's `xh`, or its page's address where the link has no query.
  expect(second.changes.map((c) => c.kind)).toEqual(['changed']);
  expect(second.changes[0]?.siteId).toContain(open.key);
  expect(second.changes[0]?.fields).toContain('siteStatus');
  expect(second.messages.map((m) => [m.title, m.siteStatus, m.replyText])).toEqual([[open.title, layout.status({ ...open, reply: answer }), answer.paragraphs[0]]]);
}
