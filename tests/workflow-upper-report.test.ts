/**
 * Items forwarded by the province or city (上级转办, 第三条㈠3) as the supervision office sends them
 * back up (第四条㈧ 《印台政务督查专报》), against PostgreSQL: what the 专报 says, and the upper
 * level's own 办理时限 (上级办理时限) that the unit's due date must not pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawledMessage } from '../core/index.js';
import { archiveCase, assignCase, decideProposal, decideReply, getCase, listCases, proposeHandling, publishReply, recordVisit, registerCase, reviewReport, submitReport } from '../workflow/cases/index.js';
import type { Actor } from '../workflow/users/index.js';
import { listForwardsReissued, listSupervision, listUpperDeadlinesNear } from '../workflow/supervision/index.js';
import { enterMessage, ensureSource, manualSiteIdOf, manualSourceOf, recordMessage, registerMessage } from '../workflow/index.js';
import { createWorkCalendar, loadCalendarYear, replayDueDate } from '../workflow/calendar/index.js';
import { goodReply } from './helpers/case-steps.js';
import { at, openFixture, type Fixture } from './workflow-fixtures.js';

// A computed specifier: the console's module is plain browser JavaScript, loaded as it is served.
const eventDetailsUrl = new URL('../web/console/js/event-details.js', import.meta.url).href;

let f: Fixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(async () => {
  await f?.close();
});

let seq = 0;
const classification: Parameters<typeof registerMessage>[1]['classification'] = {
  category: '投诉',
  confidence: 0.8,
  outOfScope: { flagged: false, reasons: [] },
  complexity: { value: 'simple' },
  urgency: { value: 'normal' },
  unit: { value: '区交通运输局' },
};

/** A 转办单 as a source gives it (the crawled 转办 page, or one entered by hand), registered. */
async function forwardedItem(opts: { sourceId?: string; forwardNo: string; originLevel?: 'province' | 'city'; upperDeadline?: string; author?: string; postedAt?: string; content?: string; now?: Date }) {
  seq += 1;
  const sourceId = opts.sourceId ?? 'src-zb';
  await ensureSource(f.store.db, { id: sourceId, name: `转办 ${sourceId}`, channel: 'forwarded' });
  const crawled: CrawledMessage = {
    sourceId,
    channel: 'forwarded',
    siteId: `zb-${seq}-${opts.forwardNo}`,
    title: '城关街道东风路路面塌陷无人修复',
    content: opts.content ?? `东风路与人民路交叉口路面塌陷已一个多月，夜间多次有电动车摔倒，请尽快修复。（${opts.forwardNo}）`,
    author: opts.author,
    postedAt: opts.postedAt,
    fetchedAt: new Date().toISOString(),
    forwarding: { originLevel: opts.originLevel ?? 'city', forwardNo: opts.forwardNo, ...(opts.upperDeadline ? { upperDeadline: opts.upperDeadline } : {}) },
  };
  const recorded = await recordMessage(f.store.db, crawled);
  const registered = await registerMessage(f.store.db, { messageId: recorded.messageId, classification, now: opts.now });
  return { caseId: registered.caseId, messageId: recorded.messageId };
}

async function assignOn(caseId: string, when: Date) {
  await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov, now: when });
  await proposeHandling(f.store.db, { caseId, unitId: f.units.roads, opinion: '请区交通运输局核实处理', actor: f.actors.office, now: when });
  await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: when });
  return assignCase(f.store.db, { caseId, actor: f.actors.office, now: when });
}

async function reportUpward(caseId: string, reported: Date, published: Date) {
  await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: reported });
  await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: reported });
  await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: reported });
  return publishReply(f.store.db, { caseId, actor: f.actors.supervision, now: published });
}

describe('《印台政务督查专报》', () => {
  it('names who forwarded the item, their deadline, the writer, and the dates of 交办 and 报送, in a document’s date style', async () => {
    const { caseId } = await forwardedItem({ forwardNo: 'TCZB202611020017', upperDeadline: '2026-11-09', author: '王建国', postedAt: '2026-10-30T09:12:00+08:00' });
    await assignOn(caseId, at('2026-11-02'));
    const out = await reportUpward(caseId, at('2026-11-03'), at('2026-11-04'));
    const report = out.upperReport ?? '';
    expect(report).toContain('转办编号：TCZB202611020017');
    expect(report).toContain('转办层级：市级转办');
    expect(report).toContain('上级办理时限：2026年11月9日');
    expect(report).toContain('留言人：王建国');
    expect(report).toContain('留言时间：2026年10月30日');
    expect(report).toContain('交办时间：2026年11月2日');
    expect(report).toContain('报送时间：2026年11月3日');
    expect(report).toContain('区政府督查室\u3000\u30002026年11月4日');
    expect(report).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // What is stored as sent is the document itself.
    const stored = await f.store.db.handlingReport.findUniqueOrThrow({ where: { id: out.reportId } });
    expect(stored.publishedText).toBe(report);
  });

  it('a 转办单 entered by hand and then crawled from the 转办 page: the 专报 takes the deadline the crawled copy brought', async () => {
    const entered = await forwardedItem({ sourceId: 'manual', forwardNo: 'SXZB202611020003', originLevel: 'province' });
    const crawled = await forwardedItem({ forwardNo: 'SXZB202611020003', originLevel: 'province', upperDeadline: '2026-11-12' });
    expect(crawled.caseId).toBe(entered.caseId);
    await assignOn(entered.caseId, at('2026-11-02'));
    const out = await reportUpward(entered.caseId, at('2026-11-03'), at('2026-11-04'));
    expect(out.upperReport).toContain('转办层级：省级转办');
    expect(out.upperReport).toContain('上级办理时限：2026年11月12日');
  });
});

describe('上级办理时限', () => {
  it('a city deadline shorter than 2 working days gives the unit the working day before it, and the case is overdue after it', async () => {
    const { caseId } = await forwardedItem({ forwardNo: 'TCZB202611020031', upperDeadline: '2026-11-03' });
    // Simple: 2 working days from 2 November would be 4 November; the city wants it by the 3rd, so
    // the unit has until the 2nd (the day of 交办) and the 3rd is left for 审核 and the 专报.
    const assigned = await assignOn(caseId, at('2026-11-02'));
    expect(assigned).toMatchObject({ dueDate: '2026-11-02', upperDeadline: '2026-11-03' });
    expect(assigned.upperDeadlineWarning).toBeUndefined();
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).dueDate).toBe('2026-11-02');
    const row = (await listSupervision(f.store.db, { actor: f.actors.supervision, now: at('2026-11-04') })).find((r) => r.caseId === caseId);
    expect(row).toMatchObject({ status: 'overdue' });
  });

  it('a later upper deadline leaves the 2 working days; a fixed date already past makes the work due the day it is assigned', async () => {
    const later = await forwardedItem({ forwardNo: 'TCZB202611020032', upperDeadline: '2026-11-20' });
    expect(await assignOn(later.caseId, at('2026-11-02'))).toMatchObject({ dueDate: '2026-11-04', upperDeadline: '2026-11-20' });
    const past = await forwardedItem({ forwardNo: 'TCZB202611020033', upperDeadline: '2026-10-30' });
    expect(await assignOn(past.caseId, at('2026-11-02'))).toMatchObject({ dueDate: '2026-11-02', upperDeadline: '2026-10-30', upperDeadlineWarning: expect.stringContaining('晚于上级办理时限 2026-10-30') });
  });

  it('loading a year’s holidays recounts the due date and still keeps it within the upper deadline', async () => {
    // 2027 has no library data: 2 working days from 31 December 2026 are 4 and 5 January (1 January is a holiday).
    const { caseId } = await forwardedItem({ forwardNo: 'TCZB202612310001', upperDeadline: '2027-01-07' });
    expect(await assignOn(caseId, at('2026-12-31'))).toMatchObject({ dueDate: '2027-01-05' });
    // The schedule as loaded makes 4 and 5 January holidays: the count gives 7 January, the city
    // wants the 7th, and the working day before it (the 6th) is the unit's.
    const out = await loadCalendarYear(f.store.db, { file: { year: 2027, holidays: ['2027-01-01', '2027-01-04', '2027-01-05'] }, actor: f.actors.admin });
    expect(out.unreplayed).toEqual([]);
    expect(out.changed.map((c) => [c.caseId, c.previousDueDate, c.dueDate])).toEqual([[caseId, '2027-01-05', '2027-01-06']]);
    const a = await f.store.db.assignment.findFirstOrThrow({ where: { caseId, status: 'active' } });
    expect(a.dueDate).toBe('2027-01-06');
    // A capped date replays too: loading the same schedule again changes nothing and reports nothing.
    const again = await loadCalendarYear(f.store.db, { file: { year: 2027, holidays: ['2027-01-01', '2027-01-04', '2027-01-05'] }, actor: f.actors.admin });
    expect(again.unreplayed).toEqual([]);
    expect(again.changed).toEqual([]);
  });
});

/** The same citizen's letter posted on the district mailbox, recorded and registered (dedup joins it to a case). */
async function districtLetter(content: string, author = '王建国') {
  seq += 1;
  await ensureSource(f.store.db, { id: 'src-qu', name: '区长信箱', channel: 'district_mailbox' });
  const recorded = await recordMessage(f.store.db, {
    sourceId: 'src-qu',
    channel: 'district_mailbox',
    siteId: `qu-${seq}`,
    title: '城关街道东风路路面塌陷无人修复',
    content,
    author,
    fetchedAt: new Date().toISOString(),
  });
  const registered = await registerMessage(f.store.db, { messageId: recorded.messageId, classification });
  return { caseId: registered.caseId, messageId: recorded.messageId };
}

const todoIds = async (actor: Actor) => (await listCases(f.store.db, { actor, filter: { todo: true } })).items.map((c) => c.id);

async function toReplyApproved(caseId: string) {
  await assignOn(caseId, at('2026-11-02'));
  await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-03') });
  await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: at('2026-11-03') });
  await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-03') });
}

describe('one letter both forwarded from above and posted on the district mailbox (第四条㈧)', () => {
  const letter = '东风路与人民路交叉口路面塌陷已一个多月，夜间多次有电动车摔倒，请尽快修复。王建国，城关街道东风社区。';

  it('district letter first: the 专报 is owed as well as the online reply; both are sent, in either order', async () => {
    const district = await districtLetter(letter);
    const forwarded = await forwardedItem({ forwardNo: 'TCZB202611020051', upperDeadline: '2026-11-09', content: letter, author: '王建国' });
    expect(forwarded.caseId).toBe(district.caseId);
    const caseId = district.caseId;
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).channel).toBe('district_mailbox');
    await toReplyApproved(caseId);
    // Both offices have it to do, and the case page says both are owed.
    expect(await todoIds(f.actors.supervision)).toContain(caseId);
    expect(await todoIds(f.actors.egov)).toContain(caseId);
    expect((await getCase(f.store.db, { caseId, actor: f.actors.supervision })).repliesOwed).toEqual({ upperReport: true, onlineReply: true });
    expect((await getCase(f.store.db, { caseId, actor: f.actors.supervision })).allowedActions).toContain('report_upward');
    expect((await getCase(f.store.db, { caseId, actor: f.actors.egov })).allowedActions).toContain('publish_reply');

    const upper = await publishReply(f.store.db, { caseId, actor: f.actors.supervision, now: at('2026-11-04') });
    expect(upper.channel).toBe('upper_report');
    expect(upper.upperReport).toContain('转办编号：TCZB202611020051');
    // The online reply is still owed: the case waits for it, in the centre's to-do and no longer in the office's.
    let row = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.state).toBe('reply_approved');
    expect(await todoIds(f.actors.supervision)).not.toContain(caseId);
    expect(await todoIds(f.actors.egov)).toContain(caseId);
    const page = await getCase(f.store.db, { caseId, actor: f.actors.egov });
    expect(page.repliesOwed).toEqual({ upperReport: false, onlineReply: true });
    expect((await getCase(f.store.db, { caseId, actor: f.actors.supervision })).allowedActions).not.toContain('report_upward');
    await expect(publishReply(f.store.db, { caseId, actor: f.actors.supervision, now: at('2026-11-04') })).rejects.toThrow();

    const online = await publishReply(f.store.db, { caseId, actor: f.actors.egov, now: at('2026-11-05') });
    expect(online.channel).toBe('egov_reply');
    expect(online.upperReport).toBeUndefined();
    row = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.state).toBe('replied');
    expect(await todoIds(f.actors.egov)).toContain(caseId); // 回访
    const report = await f.store.db.handlingReport.findFirstOrThrow({ where: { caseId } });
    expect(report).toMatchObject({ status: 'published', publishChannel: 'egov_reply', publishedText: goodReply });
    // The 专报 as sent stays on the case's event log.
    const sent = await f.store.db.event.findMany({ where: { caseId, type: { in: ['report_upward', 'publish_reply'] } }, orderBy: { id: 'asc' } });
    expect(sent.map((e) => [e.type, (e.data as { to?: string }).to])).toEqual([['report_upward', 'reply_approved'], ['publish_reply', 'replied']]);
    expect((sent[0]?.data as { upperReport?: string }).upperReport).toBe(upper.upperReport);
  });

  it('forwarded letter first: the district letter still gets its online reply, and the 专报 after it', async () => {
    const forwarded = await forwardedItem({ forwardNo: 'TCZB202611020052', content: `${letter}（二）`, author: '李秀英' });
    const district = await districtLetter(`${letter}（二）`, '李秀英');
    expect(district.caseId).toBe(forwarded.caseId);
    const caseId = forwarded.caseId;
    await toReplyApproved(caseId);
    expect(await todoIds(f.actors.egov)).toContain(caseId);
    const online = await publishReply(f.store.db, { caseId, actor: f.actors.egov, now: at('2026-11-04') });
    expect(online.channel).toBe('egov_reply');
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).state).toBe('reply_approved');
    expect(await todoIds(f.actors.egov)).not.toContain(caseId);
    expect(await todoIds(f.actors.supervision)).toContain(caseId);
    const upper = await publishReply(f.store.db, { caseId, actor: f.actors.supervision, now: at('2026-11-05') });
    expect(upper.upperReport).toContain('转办编号：TCZB202611020052');
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).state).toBe('replied');
    // The report keeps the online reply as published.
    expect(await f.store.db.handlingReport.findFirstOrThrow({ where: { caseId } })).toMatchObject({ status: 'published', publishChannel: 'egov_reply', publishedText: goodReply });
  });

  it('an ordinary forwarded item and an ordinary district item are answered once, as before', async () => {
    const upperOnly = await forwardedItem({ forwardNo: 'TCZB202611020053', content: '人民路公交站台顶棚破损漏雨，雨天候车乘客无处躲雨，请更换。' });
    await toReplyApproved(upperOnly.caseId);
    expect(await todoIds(f.actors.egov)).not.toContain(upperOnly.caseId);
    expect((await getCase(f.store.db, { caseId: upperOnly.caseId, actor: f.actors.supervision })).allowedActions).toContain('report_upward');
    expect((await getCase(f.store.db, { caseId: upperOnly.caseId, actor: f.actors.egov })).allowedActions).not.toContain('publish_reply');
    await publishReply(f.store.db, { caseId: upperOnly.caseId, actor: f.actors.supervision, now: at('2026-11-04') });
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: upperOnly.caseId } })).state).toBe('replied');
    const districtOnly = await districtLetter('北关路路灯已经坏了半个月，晚上漆黑一片，行人出行不便，请修复。', '赵敏');
    await toReplyApproved(districtOnly.caseId);
    expect(await todoIds(f.actors.supervision)).not.toContain(districtOnly.caseId);
    await expect(publishReply(f.store.db, { caseId: districtOnly.caseId, actor: f.actors.supervision, now: at('2026-11-04') })).rejects.toThrow(/发布回复/);
    const out = await publishReply(f.store.db, { caseId: districtOnly.caseId, actor: f.actors.egov, now: at('2026-11-04') });
    expect(out.channel).toBe('egov_reply');
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: districtOnly.caseId } })).state).toBe('replied');
  });
});

describe('上级办理时限 leaves the working day before it to 审核 and the 专报 (第四条㈦㈧)', () => {
  it('the unit is due the working day before the upper deadline (on the work calendar), when that is not before 交办', async () => {
    // Simple: 2 working days from Monday 2 November are the 4th; the city wants it by the 4th.
    const sameDay = await forwardedItem({ forwardNo: 'TCZB202611020091', upperDeadline: '2026-11-04', content: '矿务局医院门口公交站没有候车亭，老人雨天只能站在雨里等车，请增设。' });
    const assigned = await assignOn(sameDay.caseId, at('2026-11-02'));
    expect(assigned).toMatchObject({ dueDate: '2026-11-03', upperDeadline: '2026-11-04', upperDeadlineRule: 'day-before' });
    expect(assigned.upperDeadlineWarning).toBeUndefined();
    expect((await getCase(f.store.db, { caseId: sameDay.caseId, actor: f.actors.supervision })).upperDeadlineWarning).toBeNull();
    // Over a weekend: 交办 on Thursday 5 November, the city wants it by Monday the 9th: the unit has until Friday.
    const weekend = await forwardedItem({ forwardNo: 'TCZB202611050091', upperDeadline: '2026-11-09', content: '王石凹镇集市道路两侧摊点占道，车辆无法通行，请整治。' });
    expect(await assignOn(weekend.caseId, at('2026-11-05'))).toMatchObject({ dueDate: '2026-11-06' });
  });

  it('keeps the upper deadline, with a warning on the case, when no working day before it is left from 交办', async () => {
    // 交办 on Monday 9 November, the city wants it that day: the day before (Friday the 6th) is before 交办.
    const { caseId } = await forwardedItem({ forwardNo: 'TCZB202611090091', upperDeadline: '2026-11-09', content: '印台路桥下涵洞积水半米深，行人车辆无法通过，请抽排。' });
    const assigned = await assignOn(caseId, at('2026-11-09'));
    expect(assigned).toMatchObject({ dueDate: '2026-11-09', upperDeadline: '2026-11-09' });
    expect(assigned.upperDeadlineWarning).toContain('上级办理时限 2026-11-09 前已没有工作日留给督查室审核和报送专报');
    const event = await f.store.db.event.findFirstOrThrow({ where: { caseId, type: 'assign' } });
    expect(event.data).toMatchObject({ upperDeadlineWarning: assigned.upperDeadlineWarning, upperDeadlineRule: 'day-before' });
    const page = await getCase(f.store.db, { caseId, actor: f.actors.supervision });
    expect(page.upperDeadlineWarning).toBe(assigned.upperDeadlineWarning);
    const { eventDetails } = (await import(eventDetailsUrl)) as { eventDetails(type: string, data: unknown, names: unknown): string };
    const names = { outOfScopeReasons: {}, sources: {}, channels: {}, satisfactions: {}, supervisionKinds: {}, roles: {} };
    const shown = eventDetails('assign', event.data, names);
    expect(shown).toContain(`提示：${assigned.upperDeadlineWarning}`);
    expect(shown).not.toContain('day-before');
  });

  it('an assignment counted before this rule (its event names none) replays with the upper deadline itself', () => {
    const calendar = createWorkCalendar();
    const history = { assignedDate: '2026-11-02', workingDays: 2, upperDeadline: '2026-11-04', steps: [] };
    expect(replayDueDate(calendar, history)).toBe('2026-11-04');
    expect(replayDueDate(calendar, { ...history, upperDeadlineRule: 'day-before' })).toBe('2026-11-03');
  });
});

describe('上级办理时限 arriving after 交办 (the crawled copy of a hand-entered 转办单)', () => {
  const tightened = (caseId: string) => f.store.db.event.findMany({ where: { caseId, type: 'due_date_tightened' } });

  it('tightens the unit’s due date and records 办理时限调整 with the old and new date and why', async () => {
    const entered = await forwardedItem({ sourceId: 'manual', forwardNo: 'TCZB202611020061', content: '金谟路公交站牌被撞倒一周无人扶起，乘客无法确认站点，请尽快恢复。' });
    expect(await assignOn(entered.caseId, at('2026-11-02'))).toMatchObject({ dueDate: '2026-11-04' });
    // The city wants it by the 4th, the unit's own date: the unit gets the 3rd, the 4th is for 审核 and the 专报.
    const crawled = await forwardedItem({ forwardNo: 'TCZB202611020061', upperDeadline: '2026-11-04', content: '金谟路公交站牌被撞倒一周无人扶起，乘客无法确认站点，请尽快恢复。', now: at('2026-11-02') });
    expect(crawled.caseId).toBe(entered.caseId);
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: entered.caseId } })).dueDate).toBe('2026-11-03');
    expect((await f.store.db.assignment.findFirstOrThrow({ where: { caseId: entered.caseId, status: 'active' } })).dueDate).toBe('2026-11-03');
    const [event, ...more] = await tightened(entered.caseId);
    expect(more).toEqual([]);
    expect(event?.data).toMatchObject({ previousDueDate: '2026-11-04', dueDate: '2026-11-03', upperDeadline: '2026-11-04', unit: '区交通运输局' });
    expect((event?.data as { reason: string }).reason).toContain('转办编号 TCZB202611020061');
    // The case page's 办理过程 reads it in staff words.
    const { eventDetails } = (await import(eventDetailsUrl)) as { eventDetails(type: string, data: unknown, names: unknown): string };
    const names = { outOfScopeReasons: {}, sources: {}, channels: {}, satisfactions: {}, supervisionKinds: {}, roles: {} };
    const shown = eventDetails('due_date_tightened', event?.data, names);
    expect(shown).toContain('原办理时限：2026-11-04');
    expect(shown).toContain('办理时限：2026-11-03');
    expect(shown).toContain('上级办理时限：2026-11-04');
    expect(shown).toContain('收到上级办理时限日期：2026-11-02');
    expect(shown).toContain('理由：交办后收到转办单（转办编号 TCZB202611020061）的上级办理时限 2026-11-04，办理时限改为其前一个工作日 2026-11-03，留出审核和报送专报的时间；承办单位尚未报送办理情况');
    expect(shown).not.toContain('其他信息');
    // Overdue after the tightened date, as any case.
    const row = (await listSupervision(f.store.db, { actor: f.actors.supervision, now: at('2026-11-04') })).find((r) => r.caseId === entered.caseId);
    expect(row).toMatchObject({ status: 'overdue' });
  });

  it('leaves the due date once the unit has reported, and when the upper deadline is later', async () => {
    const content = '文化路小学门口斑马线磨损看不清，上下学车辆不减速，请重新施划。';
    const reported = await forwardedItem({ sourceId: 'manual', forwardNo: 'TCZB202611020062', content });
    await assignOn(reported.caseId, at('2026-11-02'));
    await submitReport(f.store.db, { caseId: reported.caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-02') });
    await forwardedItem({ forwardNo: 'TCZB202611020062', upperDeadline: '2026-11-03', content, now: at('2026-11-02') });
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: reported.caseId } })).dueDate).toBe('2026-11-04');
    expect(await tightened(reported.caseId)).toEqual([]);

    const later = await forwardedItem({ sourceId: 'manual', forwardNo: 'TCZB202611020063', content: '红旗街菜市场门前下水井盖缺失，已有老人踩空受伤，请尽快补装。' });
    await assignOn(later.caseId, at('2026-11-02'));
    await forwardedItem({ forwardNo: 'TCZB202611020063', upperDeadline: '2026-11-20', content: '红旗街菜市场门前下水井盖缺失，已有老人踩空受伤，请尽快补装。', now: at('2026-11-02') });
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: later.caseId } })).dueDate).toBe('2026-11-04');
    expect(await tightened(later.caseId)).toEqual([]);
  });

  it('a later holiday load replays the tightened date instead of leaving the case unreplayed', async () => {
    const content = '新区广场东侧人行道地砖大面积松动，雨后踩上去溅一身泥水，请尽快修复。';
    const entered = await forwardedItem({ sourceId: 'manual', forwardNo: 'TCZB202612310002', content });
    await assignOn(entered.caseId, at('2026-12-31'));
    // The schedule loaded above makes 4 and 5 January holidays: 交办 gives 7 January, and the city's
    // 7 January leaves the unit the working day before it, the 6th.
    await forwardedItem({ forwardNo: 'TCZB202612310002', upperDeadline: '2027-01-07', content, now: at('2026-12-31') });
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: entered.caseId } })).dueDate).toBe('2027-01-06');
    // A schedule with only 1 January off: the 2 working days end on the 5th, before the 6th.
    const out = await loadCalendarYear(f.store.db, { file: { year: 2027, holidays: ['2027-01-01'] }, actor: f.actors.admin });
    expect(out.unreplayed.map((u) => u.caseId)).not.toContain(entered.caseId);
    expect(out.changed.filter((c) => c.caseId === entered.caseId).map((c) => [c.previousDueDate, c.dueDate])).toEqual([['2027-01-06', '2027-01-05']]);
    expect((await f.store.db.assignment.findFirstOrThrow({ where: { caseId: entered.caseId, status: 'active' } })).dueDate).toBe('2027-01-05');
  });
});

describe('上级办理时限 near before 交办 (督查看板)', () => {
  it('lists for 督查室 and 区政府办 the forwarded items not yet handed over whose upper deadline is tomorrow, today or past', async () => {
    const now = at('2026-11-05');
    const item = async (forwardNo: string, upperDeadline: string, content: string) => {
      const { caseId } = await forwardedItem({ forwardNo, upperDeadline, content });
      await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov, now });
      return caseId;
    };
    const today = await item('TCZB202611050001', '2026-11-05', '桥头路口信号灯损坏三天，早晚高峰车辆拥堵，请尽快维修。');
    const tomorrow = await item('TCZB202611050002', '2026-11-06', '北街农贸市场周边垃圾堆积无人清运，气味难闻，请处理。');
    await proposeHandling(f.store.db, { caseId: tomorrow, unitId: f.units.roads, opinion: '请区交通运输局核实处理', actor: f.actors.office, now });
    const past = await item('TCZB202611050003', '2026-11-04', '阿庄镇通村公路塌方一段，村民出行只能绕行十公里，请抢修。');
    await proposeHandling(f.store.db, { caseId: past, unitId: f.units.roads, opinion: '请区交通运输局核实处理', actor: f.actors.office, now });
    await decideProposal(f.store.db, { caseId: past, approve: true, actor: f.actors.leader, now });
    const later = await item('TCZB202611050004', '2026-11-07', '广场路路面标线模糊不清，夜间行车看不见车道，请重新施划。');
    const assigned = await item('TCZB202611050005', '2026-11-05', '西环路排水沟堵塞，雨天路面积水没过脚踝，请疏通。');
    await proposeHandling(f.store.db, { caseId: assigned, unitId: f.units.roads, opinion: '请区交通运输局核实处理', actor: f.actors.office, now });
    await decideProposal(f.store.db, { caseId: assigned, approve: true, actor: f.actors.leader, now });
    await assignCase(f.store.db, { caseId: assigned, actor: f.actors.office, now });

    const mine = new Set([today, tomorrow, past, later, assigned]);
    for (const actor of [f.actors.supervision, f.actors.office]) {
      const rows = (await listUpperDeadlinesNear(f.store.db, { actor, now })).filter((r) => mine.has(r.caseId));
      expect(rows.map((r) => [r.caseId, r.upperDeadline, r.when, r.stateName])).toEqual([
        [past, '2026-11-04', 'past', '领导已同意待交办'],
        [today, '2026-11-05', 'today', '已登记'],
        [tomorrow, '2026-11-06', 'tomorrow', '已拟办待领导审批'],
      ]);
      expect(rows[1]).toMatchObject({ forwardNo: 'TCZB202611050001', originLevel: 'city' });
    }
    for (const actor of [f.actors.egov, f.actors.roads, f.actors.leader]) expect(await listUpperDeadlinesNear(f.store.db, { actor, now })).toEqual([]);
  });
});

describe('上级再次转办: the same 转办编号 sent again after the answer', () => {
  const content = '南环路与王家河路口减速带脱落，螺栓外露，已扎破多辆车胎，请尽快修复。';

  it('opens an asked-again case, records it on the answered case, and lists it on the 督查看板 and the centre’s to-do', async () => {
    const first = await forwardedItem({ forwardNo: 'TCZB202611020071', upperDeadline: '2026-11-09', content });
    await assignOn(first.caseId, at('2026-11-02'));
    await reportUpward(first.caseId, at('2026-11-03'), at('2026-11-04'));
    const answered = await f.store.db.case.findUniqueOrThrow({ where: { id: first.caseId } });
    expect(answered.state).toBe('replied');

    // The city sends the same 转办单 again (its 转办 page lists it anew) on 10 November.
    const again = await forwardedItem({ forwardNo: 'TCZB202611020071', upperDeadline: '2026-11-16', content, now: at('2026-11-10') });
    expect(again.caseId).not.toBe(first.caseId);
    const asked = await f.store.db.case.findUniqueOrThrow({ where: { id: again.caseId } });
    expect(asked.state).toBe('awaiting_review');
    const created = await f.store.db.event.findFirstOrThrow({ where: { caseId: again.caseId, type: 'case_created' } });
    expect(created.data).toMatchObject({ repeatsLedgerNo: answered.ledgerNo, reissuedForwardNo: 'TCZB202611020071' });

    // The answered case says the upper level asked again, when, and which case takes it.
    const [reissued, ...more] = await f.store.db.event.findMany({ where: { caseId: first.caseId, type: 'forward_reissued' } });
    expect(more).toEqual([]);
    expect(reissued?.data).toMatchObject({ forwardNo: 'TCZB202611020071', originLevel: 'city', reissuedOn: '2026-11-10', answeredState: 'replied', askedAgainLedgerNo: asked.ledgerNo, upperDeadline: '2026-11-16' });
    const { eventDetails } = (await import(eventDetailsUrl)) as { eventDetails(type: string, data: unknown, names: unknown): string };
    const names = { outOfScopeReasons: {}, sources: {}, channels: {}, satisfactions: {}, supervisionKinds: {}, roles: {} };
    const shown = eventDetails('forward_reissued', reissued?.data, names);
    expect(shown).toContain('上级再次转办日期：2026-11-10');
    expect(shown).toContain(`作为新案件办理：${asked.ledgerNo}`);
    expect(shown).toContain('再次转办时本案状态：已回复');
    expect(shown).not.toContain('其他信息');

    // Someone has to act: the centre's to-do (review), and the 督查看板 of 督查室 and 区政府办.
    expect(await todoIds(f.actors.egov)).toContain(again.caseId);
    for (const actor of [f.actors.supervision, f.actors.office, f.actors.egov]) {
      const rows = (await listForwardsReissued(f.store.db, { actor })).filter((r) => r.caseId === again.caseId);
      expect(rows).toEqual([
        expect.objectContaining({ ledgerNo: asked.ledgerNo, answeredCaseId: first.caseId, answeredLedgerNo: answered.ledgerNo, forwardNo: 'TCZB202611020071', originLevel: 'city', reissuedOn: '2026-11-10', stateName: '待审核分类' }),
      ]);
    }
    expect(await listForwardsReissued(f.store.db, { actor: f.actors.roads })).toEqual([]);

    // A further copy while the new case is in hand joins it, as any copy of an item in hand.
    const third = await forwardedItem({ sourceId: 'manual', forwardNo: 'TCZB202611020071', content, now: at('2026-11-11') });
    expect(third.caseId).toBe(again.caseId);
    expect(await f.store.db.event.count({ where: { caseId: first.caseId, type: 'forward_reissued' } })).toBe(1);

    // Once the new case is answered it leaves the board.
    await assignOn(again.caseId, at('2026-11-11'));
    await reportUpward(again.caseId, at('2026-11-12'), at('2026-11-12'));
    expect((await listForwardsReissued(f.store.db, { actor: f.actors.supervision })).map((r) => r.caseId)).not.toContain(again.caseId);
  });

  it('entered again by hand (the paper 转办单 sent again) after the answer: recorded anew and opens the asked-again case', async () => {
    const text = '三里洞矿区居民楼外墙脱落，掉下的砖块砸坏了楼下车辆，请尽快排危。';
    const source = manualSourceOf('forwarded');
    const forwarding = { originLevel: 'province' as const, forwardNo: 'SXZB202611020091' };
    const entry = (when: string) => ({
      message: { sourceId: source.id, channel: 'forwarded' as const, siteId: manualSiteIdOf({ forwarding }), title: '三里洞矿区居民楼外墙脱落', content: text, fetchedAt: at(when).toISOString(), forwarding },
      actor: f.actors.egov,
      now: at(when),
    });
    const first = await enterMessage(f.store.db, entry('2026-11-02'));
    const { caseId } = await registerMessage(f.store.db, { messageId: first.messageId, classification, now: at('2026-11-02') });
    // Entered again while in hand: the message already there, nothing new.
    expect(await enterMessage(f.store.db, entry('2026-11-02'))).toMatchObject({ isNew: false, messageId: first.messageId, caseId });
    await assignOn(caseId, at('2026-11-02'));
    await reportUpward(caseId, at('2026-11-03'), at('2026-11-04'));

    const again = await enterMessage(f.store.db, entry('2026-11-10'));
    expect(again).toMatchObject({ isNew: true });
    expect(again.messageId).not.toBe(first.messageId);
    expect((await f.store.db.message.findUniqueOrThrow({ where: { id: again.messageId } })).siteId).toBe('province:SXZB202611020091#2');
    const asked = await registerMessage(f.store.db, { messageId: again.messageId, classification, now: at('2026-11-10') });
    expect(asked.outcome).toBe('created');
    expect((await f.store.db.event.findFirstOrThrow({ where: { caseId, type: 'forward_reissued' } })).data).toMatchObject({ reissuedOn: '2026-11-10', askedAgainLedgerNo: asked.ledgerNo });
    // A third entry while the new case is in hand answers its message.
    expect(await enterMessage(f.store.db, entry('2026-11-11'))).toMatchObject({ isNew: false, messageId: again.messageId, caseId: asked.caseId });
  });

  /** A 转办单 entered by hand from OA (city), registered, handed over and answered by its 专报. */
  async function enteredAndAnswered(forwardNo: string, text: string, upperDeadline?: string) {
    const source = manualSourceOf('forwarded');
    const forwarding = { originLevel: 'city' as const, forwardNo, ...(upperDeadline ? { upperDeadline } : {}) };
    const entered = await enterMessage(f.store.db, {
      // The title forwardedItem's 转办 page gives (the duplicate check compares title and text).
      message: { sourceId: source.id, channel: 'forwarded', siteId: manualSiteIdOf({ forwarding }), title: '城关街道东风路路面塌陷无人修复', content: text, author: '李秀兰', fetchedAt: at('2026-11-02').toISOString(), forwarding },
      actor: f.actors.egov,
      now: at('2026-11-02'),
    });
    const { caseId } = await registerMessage(f.store.db, { messageId: entered.messageId, classification, now: at('2026-11-02') });
    await assignOn(caseId, at('2026-11-02'));
    await reportUpward(caseId, at('2026-11-03'), at('2026-11-04'));
    return { caseId, messageId: entered.messageId };
  }
  const reissuedOn = (caseId: string) => f.store.db.event.count({ where: { caseId, type: 'forward_reissued' } });
  const onBoard = async () => (await listForwardsReissued(f.store.db, { actor: f.actors.supervision })).map((r) => r.answeredCaseId);

  it('the 转办 page crawled only after the answer: its copy of the same 转办单 joins the answered case, not 上级再次转办', async () => {
    // QA: the 转办 page was down until after the 专报; its copy of the very 转办单 opened a
    // spurious asked-again case and a false 上级再次转办 on the 督查看板.
    const text = '金谟路口红绿灯损坏一周，早晚高峰车辆拥堵，行人过马路很危险，请尽快维修。';
    const answered = await enteredAndAnswered('TCZB202611020093', text, '2026-11-09');
    const before = await f.store.db.case.findUniqueOrThrow({ where: { id: answered.caseId } });
    expect(before.state).toBe('replied');

    // The page's copy, with no deadline and then (a second crawl source) with the same one.
    const copies = [
      await forwardedItem({ forwardNo: 'TCZB202611020093', content: text, author: '李秀兰', now: at('2026-11-10') }),
      await forwardedItem({ sourceId: 'src-zb-2', forwardNo: 'TCZB202611020093', upperDeadline: '2026-11-09', content: text, author: '李秀兰', now: at('2026-11-10') }),
    ];
    for (const copy of copies) expect(copy.caseId).toBe(answered.caseId);
    expect(await reissuedOn(answered.caseId)).toBe(0);
    expect(await onBoard()).not.toContain(answered.caseId);
    const after = await f.store.db.case.findUniqueOrThrow({ where: { id: answered.caseId } });
    expect(after).toMatchObject({ state: 'replied', reporterCount: before.reporterCount, dueDate: before.dueDate });
    // The copies are among the answered case's messages, linked as the same 转办编号.
    const messages = await f.store.db.message.findMany({ where: { caseId: answered.caseId }, orderBy: { firstSeenAt: 'asc' } });
    expect(messages.map((m) => m.id)).toEqual([answered.messageId, ...copies.map((c) => c.messageId)]);
    expect(messages.slice(1).map((m) => m.duplicateOfId)).toEqual([answered.messageId, answered.messageId]);
    const linked = await f.store.db.event.findMany({ where: { caseId: answered.caseId, type: 'duplicate_linked' }, orderBy: { id: 'asc' } });
    expect(linked.map((e) => e.data)).toEqual(copies.map(() => expect.objectContaining({ matchKind: 'forward-no', similarity: 1, note: expect.stringContaining('转办页面副本（本案已答复后采集到）') })));
    const { eventDetails } = (await import(eventDetailsUrl)) as { eventDetails(type: string, data: unknown, names: unknown): string };
    const names = { outOfScopeReasons: {}, sources: {}, channels: {}, satisfactions: {}, supervisionKinds: {}, roles: {} };
    const shown = eventDetails('duplicate_linked', linked[0]?.data, names);
    expect(shown).toContain('匹配方式：同一转办编号');
    expect(shown).toContain('说明：转办页面副本（本案已答复后采集到）');
    expect(shown).not.toContain('其他信息');
    // No case was opened for it.
    expect(await f.store.db.event.count({ where: { type: 'case_created', data: { path: ['repeatsLedgerNo'], equals: before.ledgerNo } } })).toBe(0);
  });

  it('after the answer, a crawled copy with another text or a later 上级办理时限 is still 上级再次转办', async () => {
    const text = '董家河镇自来水浑浊发黄，已持续三天，老人孩子不敢饮用，请检查水源。';
    const answered = await enteredAndAnswered('TCZB202611020094', text, '2026-11-09');
    // A later deadline (the city presses): asked again.
    const later = await forwardedItem({ forwardNo: 'TCZB202611020094', upperDeadline: '2026-11-16', content: text, now: at('2026-11-10') });
    expect(later.caseId).not.toBe(answered.caseId);
    expect(await reissuedOn(answered.caseId)).toBe(1);
    expect(await onBoard()).toContain(answered.caseId);

    // Another text, on an item answered without any deadline: asked again too.
    const plain = '阿庄镇村道塌方，车辆无法通行，村民出行困难，请尽快抢修。';
    const second = await enteredAndAnswered('TCZB202611020095', plain);
    const reworded = await forwardedItem({ forwardNo: 'TCZB202611020095', content: `${plain}（催办：群众再次来电反映，至今未修复）`, now: at('2026-11-10') });
    expect(reworded.caseId).not.toBe(second.caseId);
    expect(await reissuedOn(second.caseId)).toBe(1);
    // The same text bringing a deadline the answered 转办单 did not have is a new demand as well.
    const third = await enteredAndAnswered('TCZB202611020096', `${plain}（三）`);
    const dated = await forwardedItem({ forwardNo: 'TCZB202611020096', upperDeadline: '2026-11-16', content: `${plain}（三）`, now: at('2026-11-10') });
    expect(dated.caseId).not.toBe(third.caseId);
    expect(await reissuedOn(third.caseId)).toBe(1);
    // But a date already past when the page's copy arrives is the original deadline the OA entry
    // lacked (a re-issue gives a date still to come): the same 转办单, joined to the answered case.
    const fourth = await enteredAndAnswered('TCZB202611020099', `${plain}（四）`);
    const pastDated = await forwardedItem({ forwardNo: 'TCZB202611020099', upperDeadline: '2026-11-06', content: `${plain}（四）`, now: at('2026-11-10') });
    expect(pastDated.caseId).toBe(fourth.caseId);
    expect(await reissuedOn(fourth.caseId)).toBe(0);
  });

  it('the 转办 page’s copy of an archived 转办单 is kept with it: registration does not fail on the archive', async () => {
    const text = '广阳镇集市占道经营，救护车进不去，请整治。';
    const answered = await enteredAndAnswered('TCZB202611020097', text, '2026-11-09');
    await recordVisit(f.store.db, { caseId: answered.caseId, satisfaction: 'satisfied', method: 'phone', actor: f.actors.egov, now: at('2026-11-05') });
    await archiveCase(f.store.db, { caseId: answered.caseId, actor: f.actors.supervision, now: at('2027-01-05') });
    const archived = await f.store.db.case.findUniqueOrThrow({ where: { id: answered.caseId } });
    expect(archived.archivedAt).not.toBeNull();

    const copy = await forwardedItem({ forwardNo: 'TCZB202611020097', upperDeadline: '2026-11-08', content: text, author: '李秀兰', now: at('2027-01-06') });
    expect(copy.caseId).toBe(answered.caseId);
    expect(await reissuedOn(answered.caseId)).toBe(0);
    const after = await f.store.db.case.findUniqueOrThrow({ where: { id: answered.caseId } });
    // The archived row is as it was (its trigger would refuse anything else).
    expect(after).toMatchObject({ state: archived.state, archivedAt: archived.archivedAt, dueDate: archived.dueDate, reporterCount: archived.reporterCount });
    expect((await f.store.db.message.findUniqueOrThrow({ where: { id: copy.messageId } })).caseId).toBe(answered.caseId);
    expect(await f.store.db.event.count({ where: { caseId: answered.caseId, messageId: copy.messageId, type: 'duplicate_linked' } })).toBe(1);
  });

  it('entered by hand again after the answer with the same text: still a deliberate 上级再次转办 (#2)', async () => {
    const text = '红土镇中学门口大货车超速，学生上下学很危险，请设置限速和减速带。';
    const answered = await enteredAndAnswered('TCZB202611020098', text, '2026-11-09');
    const source = manualSourceOf('forwarded');
    const forwarding = { originLevel: 'city' as const, forwardNo: 'TCZB202611020098', upperDeadline: '2026-11-09' };
    const again = await enterMessage(f.store.db, {
      message: { sourceId: source.id, channel: 'forwarded', siteId: manualSiteIdOf({ forwarding }), title: '城关街道东风路路面塌陷无人修复', content: text, author: '李秀兰', fetchedAt: at('2026-11-10').toISOString(), forwarding },
      actor: f.actors.egov,
      now: at('2026-11-10'),
    });
    expect(again.isNew).toBe(true);
    const asked = await registerMessage(f.store.db, { messageId: again.messageId, classification, now: at('2026-11-10') });
    expect(asked).toMatchObject({ outcome: 'created' });
    expect(await reissuedOn(answered.caseId)).toBe(1);
  });
});

describe('上级办理时限 on a stored 转办单 read again (re-crawled, or entered again by hand)', () => {
  const tightened = (caseId: string) => f.store.db.event.findMany({ where: { caseId, type: 'due_date_tightened' }, orderBy: { id: 'asc' } });

  it('a re-crawl of the 转办 page that now gives the deadline (then an earlier one) tightens the unit’s due date', async () => {
    const content = '东关街夜市油烟扰民，晚上十二点后仍在营业，楼上住户无法入睡，请治理。';
    await ensureSource(f.store.db, { id: 'src-zb', name: '转办 src-zb', channel: 'forwarded' });
    const page = (upperDeadline: string | undefined, fetched: string): CrawledMessage => ({
      sourceId: 'src-zb',
      channel: 'forwarded',
      siteId: 'zb-recrawl-TCZB202611020081',
      title: '东关街夜市油烟扰民',
      content,
      fetchedAt: at(fetched).toISOString(),
      forwarding: { originLevel: 'city', forwardNo: 'TCZB202611020081', ...(upperDeadline ? { upperDeadline } : {}) },
    });
    const first = await recordMessage(f.store.db, page(undefined, '2026-11-02'));
    const { caseId } = await registerMessage(f.store.db, { messageId: first.messageId, classification });
    expect(await assignOn(caseId, at('2026-11-02'))).toMatchObject({ dueDate: '2026-11-04' });

    // The next crawl finds the city's deadline on the page (the 4th: the unit gets the working day before).
    const again = await recordMessage(f.store.db, page('2026-11-04', '2026-11-02'));
    expect(again).toMatchObject({ messageId: first.messageId, isNew: false, caseId });
    expect(again.changedFields).toContain('upperDeadline');
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).dueDate).toBe('2026-11-03');
    expect((await tightened(caseId)).map((e) => e.data)).toEqual([expect.objectContaining({ previousDueDate: '2026-11-04', dueDate: '2026-11-03', upperDeadline: '2026-11-04', upperDeadlineArrivedOn: '2026-11-02' })]);
    const stored = await f.store.db.message.findUniqueOrThrow({ where: { id: first.messageId } });
    expect(stored.forwarding).toMatchObject({ forwardNo: 'TCZB202611020081', upperDeadline: '2026-11-04' });
    expect(await f.store.db.messageChange.findMany({ where: { messageId: first.messageId, field: 'upperDeadline' }, select: { oldValue: true, newValue: true } })).toEqual([{ oldValue: null, newValue: '2026-11-04' }]);

    // The same page again, or a later date, changes nothing.
    await recordMessage(f.store.db, page('2026-11-04', '2026-11-02'));
    await recordMessage(f.store.db, page('2026-11-06', '2026-11-02'));
    expect((await f.store.db.message.findUniqueOrThrow({ where: { id: first.messageId } })).forwarding).toMatchObject({ upperDeadline: '2026-11-04' });
    expect(await tightened(caseId)).toHaveLength(1);
    expect(await f.store.db.messageChange.count({ where: { messageId: first.messageId, field: 'upperDeadline' } })).toBe(1);

    // The city moves its deadline earlier: the case follows again.
    await recordMessage(f.store.db, page('2026-11-03', '2026-11-02'));
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).dueDate).toBe('2026-11-02');
    expect((await tightened(caseId)).map((e) => (e.data as { dueDate: string }).dueDate)).toEqual(['2026-11-03', '2026-11-02']);
  });

  it('the same 转办编号 entered again by hand with the deadline: the stored copy keeps it and the case takes it', async () => {
    const content = '体育场路段井盖松动，车辆经过哐当作响，夜里吵得人睡不着，请加固。';
    const crawled = await forwardedItem({ forwardNo: 'TCZB202611020082', content });
    expect(await assignOn(crawled.caseId, at('2026-11-02'))).toMatchObject({ dueDate: '2026-11-04' });
    const source = manualSourceOf('forwarded');
    const forwarding = { originLevel: 'city' as const, forwardNo: 'TCZB202611020082', upperDeadline: '2026-11-04' };
    const entered = await enterMessage(f.store.db, {
      message: { sourceId: source.id, channel: 'forwarded', siteId: manualSiteIdOf({ forwarding }), title: '体育场路段井盖松动', content, fetchedAt: at('2026-11-02').toISOString(), forwarding },
      actor: f.actors.egov,
      now: at('2026-11-02'),
    });
    expect(entered).toMatchObject({ isNew: false, messageId: crawled.messageId, caseId: crawled.caseId, upperDeadlineTaken: true });
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: crawled.caseId } })).dueDate).toBe('2026-11-03');
    expect((await tightened(crawled.caseId)).map((e) => [e.actor, (e.data as { dueDate: string }).dueDate])).toEqual([['egov', '2026-11-03']]);
  });
});
