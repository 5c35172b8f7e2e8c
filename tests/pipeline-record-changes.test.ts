/**
 * The log line of a message whose site changed (a status, a reply): QA of the production mode
 * (2026-11-30) read `留言有更新：siteStatus、replyAt、replyText` in a worker's log, the store's
 * field names in English and no word of which letter. It now names the source, the site's own id
 * and the fields as the case page's 网站上的变化 does.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CrawledMessage } from '../core/index.js';
import { recordCrawled } from '../pipeline/stages/record-stage.js';
import { ensureSource } from '../workflow/index.js';
import { openTestPgliteStore } from './helpers/services.js';

let store: Awaited<ReturnType<typeof openTestPgliteStore>> | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('recording a crawled message again with changes', () => {
  it('logs the change in Chinese, naming the source and the letter', { timeout: 60_000 }, async () => {
    store = await openTestPgliteStore();
    await ensureSource(store.db, { id: 'src-changes', name: '印台区区长信箱', channel: 'district_mailbox' });
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(String(chunk)), done()) });
    const logger = pino({ level: 'info' }, sink);
    const ctx = { logger, enqueue: async () => undefined };
    const letter: CrawledMessage = { sourceId: 'src-changes', channel: 'district_mailbox', siteId: '100031', title: '路灯不亮', content: '罗寨村路灯坏了', siteStatus: '待处理', fetchedAt: '2026-11-30T01:00:00.000Z' };
    await recordCrawled(store, letter, ctx);
    await recordCrawled(store, { ...letter, siteStatus: '已回复', replyAt: '2026-11-30T02:00:00.000Z', replyText: '已安排维修', fetchedAt: '2026-11-30T02:10:00.000Z' }, ctx);
    const changed = lines.map((l) => JSON.parse(l) as { msg: string; siteId?: string }).filter((l) => l.msg.startsWith('留言有更新'));
    expect(changed).toHaveLength(1);
    expect(changed[0]?.msg).toBe('留言有更新（来源 src-changes，留言 100031）：网站上的状态、回复时间、网站上的回复');
    expect(changed[0]?.siteId).toBe('100031');
  });

  it('names the new 上级办理时限 of a 转办单 the same way', { timeout: 60_000 }, async () => {
    store = await openTestPgliteStore();
    await ensureSource(store.db, { id: 'src-forwarded', name: '市上转办', channel: 'forwarded' });
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(String(chunk)), done()) });
    const ctx = { logger: pino({ level: 'info' }, sink), enqueue: async () => undefined };
    const item: CrawledMessage = { sourceId: 'src-forwarded', channel: 'forwarded', siteId: 'TCZB-2026-0417', title: '路灯不亮', content: '罗寨村路灯坏了', forwarding: { originLevel: 'city', forwardNo: 'TCZB-2026-0417' }, fetchedAt: '2026-11-30T01:00:00.000Z' };
    await recordCrawled(store, item, ctx);
    await recordCrawled(store, { ...item, forwarding: { originLevel: 'city', forwardNo: 'TCZB-2026-0417', upperDeadline: '2026-12-04' }, fetchedAt: '2026-11-30T02:10:00.000Z' }, ctx);
    const changed = lines.map((l) => JSON.parse(l) as { msg: string }).filter((l) => l.msg.startsWith('留言有更新'));
    expect(changed.map((l) => l.msg)).toEqual(['留言有更新（来源 src-forwarded，留言 TCZB-2026-0417）：上级办理时限']);
  });

  it('keeps the letter\'s text and title when a revisit finds them blank (a site that stops publishing a letter shows an empty cell)', { timeout: 60_000 }, async () => {
    store = await openTestPgliteStore();
    await ensureSource(store.db, { id: 'src-blank', name: '印台区区长信箱', channel: 'district_mailbox' });
    const ctx = { logger: pino({ level: 'silent' }), enqueue: async () => undefined };
    const letter: CrawledMessage = { sourceId: 'src-blank', channel: 'district_mailbox', siteId: '100032', title: '路灯不亮', content: '罗寨村路灯坏了', siteStatus: '待处理', fetchedAt: '2026-11-30T01:00:00.000Z' };
    await recordCrawled(store, letter, ctx);
    await recordCrawled(store, { ...letter, title: ' ', content: '\u3000\n', siteStatus: '已回复', fetchedAt: '2026-11-30T02:10:00.000Z' }, ctx);
    const row = await store.db.message.findFirstOrThrow({ where: { siteId: '100032' }, include: { changes: true } });
    expect({ title: row.title, content: row.content }).toEqual({ title: '路灯不亮', content: '罗寨村路灯坏了' });
    // The status the same visit showed is still taken.
    expect(row.siteStatus).toBe('已回复');
    expect(row.changes.map((c) => c.field)).toEqual(['siteStatus']);
  });
});
