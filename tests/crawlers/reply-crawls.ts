/**
 * Shared by the suites whose look-alike letters' pages fetch their reply by script
 * (script-reply-requests.test.ts, script-reply-headers.test.ts): the letter the site answers later,
 * its answer, and the check that a drafted source, crawled twice, reads every reply exactly and
 * then sees the later answer as the one change.
 */
import { expect } from 'vitest';
import { crawlSource, MemoryCrawlStateStore, type SourceDefinition } from '../../crawlers/index.js';
import { letters, type Letter } from './fixtures/mailbox-layouts/index.js';

/** The letter with no reply yet, and the answer the site gives it later. */
export const open = letters.find((l) => !l.reply)!;
export const answer = { unit: '区交通运输局', at: '2023-05-25 10:00:00', paragraphs: ['您好！已协调公交公司在早高峰增加班次。', '感谢您的建议。'] };

/** A reply's text with its paragraph breaks as one line break each. */
export const lines = (text: string | undefined) => text?.replace(/\n+/g, '\n');

/** Every letter's reply, unit and time exactly as the site gives them. */
export function expectReplies(messages: Awaited<ReturnType<typeof crawlSource>>['messages'], shown: readonly Letter[]): void {
  expect(messages).toHaveLength(shown.length);
  for (const letter of shown) {
    const got = messages.find((m) => m.title === letter.title);
    expect(lines(got?.replyText), letter.title).toBe(letter.reply?.paragraphs.join('\n'));
    expect(got?.replyUnit, letter.title).toBe(letter.reply?.unit);
    expect(got?.replyAt?.slice(0, 16), letter.title).toBe(letter.reply ? `${letter.reply.at.slice(0, 10)}T${letter.reply.at.slice(11, 16)}` : undefined);
  }
}

/**
 * Crawls `source` twice (every reply exact, no change the second time), then `answerLater()` makes
 * the site answer `open`, and a third crawl sees that one change with the answer's text and unit.
 */
export async function expectRepliesThenLaterAnswer(source: SourceDefinition, answerLater: () => void): Promise<void> {
  const state = new MemoryCrawlStateStore();
  const first = await crawlSource(source, { state });
  expect(first.health.pageErrors).toEqual([]);
  expectReplies(first.messages, letters);
  const again = await crawlSource(source, { state });
  expect(again.health.pageErrors).toEqual([]);
  expect(again.changes).toEqual([]);

  answerLater();
  const later = await crawlSource(source, { state });
  expect(later.health.pageErrors).toEqual([]);
  expect(later.changes.map((c) => [c.kind, c.siteId])).toEqual([['changed', open.key]]);
  expect(later.messages.map((m) => [m.title, lines(m.replyText), m.replyUnit])).toEqual([[open.title, answer.paragraphs.join('\n'), answer.unit]]);
}
