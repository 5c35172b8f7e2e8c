/**
 * Copies as staff meet them in a working week (QA, real PostgreSQL, the real intake with the
 * store's de-duplication index): a letter posted again after the reply is out, a wrong link
 * split off a case of a hot issue, and an advertisement naming the estate of a hot issue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSource, recordMessage, registerMessage, StoreDedup } from '../workflow/index.js';
import { countHotIssueReporters, decideNotAccepted, mergeCases, splitCopy } from '../workflow/cases/index.js';
import { scanDeadlines } from '../workflow/supervision/index.js';
import { batchAcceptSuggestions, listReviewQueue } from '../workflow/console-queries/review-queue.js';
import { listHotIssues } from '../workflow/console-queries/hot-issues.js';
import { caseState, toAssigned, toReplied } from './helpers/case-steps.js';
import { plainSuggestion } from './helpers/ledger-suggestion.js';
import { at, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(async () => {
  await f?.close();
});

let n = 0;
const dedup = new StoreDedup();
async function arrive(channel: 'district_mailbox' | 'city_mailbox', letter: { title: string; content: string; author?: string; postedAt?: string }) {
  await ensureSource(f.store.db, { id: `src-${channel}`, name: `测试来源 ${channel}`, channel });
  const { messageId } = await recordMessage(f.store.db, { sourceId: `src-${channel}`, channel, siteId: `copies-${Date.now()}-${++n}`, ...letter, fetchedAt: new Date().toISOString() });
  return { messageId, ...(await registerMessage(f.store.db, { messageId, classification: { ...plainSuggestion, confidence: 0.95 }, dedup })) };
}

describe('a letter posted again after the reply is out (再次反映)', () => {
  it('is not offered as a copy of the answered case, cannot be merged into it, and is registered by batch confirmation', async () => {
    // QA: registration opens such a letter as a case of its own, but the review queue then showed
    // it as 疑似重复 of the answered case (same title) with a 并入 button and 属重复留言 typed in,
    // kept it out of 批量确认, and the merge went through: the citizen's second letter sat in a
    // replied case with no step left, seen by nobody.
    const letter = { title: '城关街道北关街路灯又不亮了', content: '城关街道北关街中段路灯一到晚上就不亮，行人摔倒过好几次，请相关部门尽快维修。', author: '孙志刚' };
    const original = await arrive('district_mailbox', letter);
    await toAssigned(f, original.caseId, at('2026-11-02'));
    await toReplied(f, original.caseId, at('2026-11-03'));
    const { ledgerNo } = await f.store.db.case.findUniqueOrThrow({ where: { id: original.caseId } });

    const again = await arrive('city_mailbox', letter);
    expect(again.outcome).toBe('created');
    const item = (await listReviewQueue(f.store.db, { actor: f.actors.egov })).items.find((i) => i.caseId === again.caseId);
    expect(item?.likelyCopyOf).toBeNull();
    expect(item?.repeatsAnswered).toMatchObject({ caseId: original.caseId, ledgerNo, state: 'replied', stateName: '已回复' });

    const refused = await mergeCases(f.store.db, { caseId: again.caseId, intoCaseId: original.caseId, note: '与原案件反映同一问题，属重复留言', actor: f.actors.egov }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect((refused as Error).message).toContain(`案件 ${ledgerNo} 已答复（已回复）`);
    expect(await caseState(f, again.caseId)).toBe('awaiting_review');
    expect(await f.store.db.message.count({ where: { caseId: original.caseId } })).toBe(1);

    const batch = await batchAcceptSuggestions(f.store.db, { actor: f.actors.egov, threshold: 0.9, caseIds: [again.caseId] });
    expect(batch.skipped).toEqual([]);
    expect(batch.accepted.map((a) => a.caseId)).toEqual([again.caseId]);
    expect(await caseState(f, again.caseId)).toBe('registered');
  });
});

describe('a wrong link split off a case of a hot issue', () => {
  it('leaves the new case in the hot issue its letter names, so the writer still counts there', async () => {
    // QA: the case split off got no hot issue, so the neighbour's letter dropped out of the board's
    // 阳光花园 group (one 反映人 fewer, and the group's cases no longer listed it) though it was
    // about the same estate: undoing a wrong link lowered the count toward 群众反映较多.
    const heating = '印台区阳光花园小区3号楼今年入冬以来暖气一直不热，室温只有十二度，多次找供热公司没人管，老人孩子冻得生病，请政府督促解决。';
    const first = await arrive('district_mailbox', { title: '阳光花园小区暖气不热', content: heating, author: '张建国' });
    const neighbour = await arrive('city_mailbox', { title: '阳光花园小区暖气不热', content: heating, author: '李秀英' });
    expect(neighbour).toMatchObject({ outcome: 'linked', caseId: first.caseId });
    const other = await arrive('district_mailbox', { title: '阳光花园小区供暖问题反映', content: '阳光花园小区7号楼今年供暖严重不达标，交了取暖费却不热，孩子感冒了，希望有关部门重视。', author: '王建军' });
    const { hotIssueKey } = await f.store.db.case.findUniqueOrThrow({ where: { id: first.caseId } });
    expect(hotIssueKey).toMatch(/^estate:阳光花园/);
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: other.caseId } })).hotIssueKey).toBe(hotIssueKey);
    const group = async () => (await listHotIssues(f.store.db, { actor: f.actors.supervision })).find((g) => g.key === hotIssueKey);
    expect(await group()).toMatchObject({ cases: 2, reporters: 3, messageCount: 3 });

    const split = await splitCopy(f.store.db, { caseId: first.caseId, messageId: neighbour.messageId, note: '李秀英是另一户住户，单独办理', actor: f.actors.egov });
    expect(split.restored).toBe(false);
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: split.newCaseId } })).hotIssueKey).toBe(hotIssueKey);
    expect(await group()).toMatchObject({ cases: 3, reporters: 3, messageCount: 3 });
    expect((await f.store.db.hotIssue.findUniqueOrThrow({ where: { key: hotIssueKey! } })).messageCount).toBe(3);
  });
});

describe('a letter decided 不予受理 in a hot issue', () => {
  it('is nobody raising the concern: neither the board nor 群众反映较多 counts its writer', async () => {
    // QA: an estate's hot issue counted the writers of every case of the group but merged ones, so
    // an advertisement naming the estate (房屋出售), decided 不予受理, was one more 反映人 on the board
    // and toward 群众反映较多: with it the group reached the threshold and the late case went to 专项督查.
    const a = await arrive('district_mailbox', { title: '金水湾小区路灯不亮', content: '金水湾小区南门路灯坏了两个月，晚上出入很不安全，请尽快维修。', author: '陈红' });
    const b = await arrive('city_mailbox', { title: '金水湾小区门口路面塌陷', content: '金水湾小区门口路面塌陷一个大坑，车辆经过很危险，请有关部门处理。', author: '周强' });
    const ad = await arrive('district_mailbox', { title: '金水湾小区房屋出售', content: '金水湾小区三室两厅精装修急售，价格面议，有意者加微信联系。', author: '房产中介小刘' });
    const { hotIssueKey } = await f.store.db.case.findUniqueOrThrow({ where: { id: a.caseId } });
    expect(hotIssueKey).toMatch(/^estate:.*水湾小区/);
    for (const c of [b, ad]) expect((await f.store.db.case.findUniqueOrThrow({ where: { id: c.caseId } })).hotIssueKey).toBe(hotIssueKey);
    await decideNotAccepted(f.store.db, { caseId: ad.caseId, reasons: ['advertising'], note: '房屋出售广告', actor: f.actors.egov });

    const group = (await listHotIssues(f.store.db, { actor: f.actors.supervision })).find((g) => g.key === hotIssueKey);
    expect(group).toMatchObject({ cases: 2, reporters: 2, messageCount: 2 });
    // The lamp case is late: with 3 people it would go to 专项督查 (threshold 3); 2 people do not.
    await toAssigned(f, a.caseId, at('2026-11-02'));
    const scan = await scanDeadlines(f.store.db, { reporterThreshold: 3, now: at('2026-11-10') });
    expect(scan.overdue).toContain(a.caseId);
    expect(scan.escalated).not.toContain(a.caseId);
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: a.caseId } })).escalated).toBe(false);
  });
});

describe('a missed copy merged into a case (并入)', () => {
  const board = async (key: string, now: Date) => (await listHotIssues(f.store.db, { actor: f.actors.supervision, now })).find((g) => g.key === key);

  it('keeps its writer in the hot issue when the case it joins is in none, and a split undoing the merge takes it out again', async () => {
    // QA: merged into a case of no hot issue, the letter's writer dropped out of its group on the
    // board (one 反映人 fewer toward 群众反映较多) though the letter still named the estate.
    const target = await arrive('district_mailbox', { title: '请领导过问一下', content: '家里冷得很，打电话物业推给热力站，热力站又推给物业，一个多月了没人来看，请领导过问一下。', author: '何建平', postedAt: '2026-10-01' });
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: target.caseId } })).hotIssueKey).toBeNull();
    const copy = await arrive('city_mailbox', { title: '翠湖苑小区暖气不热', content: '翠湖苑小区4号楼暖气一直不热，物业和热力站互相推诿，一个多月没人处理。', author: '邓丽', postedAt: '2026-10-02' });
    const neighbour = await arrive('district_mailbox', { title: '翠湖苑小区供暖不达标', content: '翠湖苑小区9号楼室温只有十三度，交了取暖费却不热，老人受不了。', author: '许文', postedAt: '2026-10-03' });
    const { hotIssueKey } = await f.store.db.case.findUniqueOrThrow({ where: { id: copy.caseId } });
    expect(hotIssueKey).toMatch(/^estate:翠湖/);
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: neighbour.caseId } })).hotIssueKey).toBe(hotIssueKey);
    const now = at('2026-10-05');
    expect(await board(hotIssueKey!, now)).toMatchObject({ cases: 2, reporters: 2 });

    await mergeCases(f.store.db, { caseId: copy.caseId, intoCaseId: target.caseId, note: '同一住户反映同一问题，属重复留言', actor: f.actors.egov });
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: target.caseId } })).hotIssueKey).toBe(hotIssueKey);
    // The target's own writer raised the same concern (staff judged the letters one request).
    expect(await board(hotIssueKey!, now)).toMatchObject({ cases: 2, reporters: 3, messageCount: 3 });
    expect((await countHotIssueReporters(f.store.db, [hotIssueKey!])).get(hotIssueKey!)).toBe(3);

    // The merge undone: the letter goes back to its own case, under its own ledger number, and the
    // result says so (the command line and the console named it a new case).
    const split = await splitCopy(f.store.db, { caseId: target.caseId, messageId: copy.messageId, note: '不是同一问题', actor: f.actors.egov });
    expect(split).toMatchObject({ newCaseId: copy.caseId, restored: true });
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: target.caseId } })).hotIssueKey).toBeNull();
    expect(await board(hotIssueKey!, now)).toMatchObject({ cases: 2, reporters: 2, messageCount: 2 });
  });

  it('counts its writer in the hot issue of the case it joins, which the board lists from then on as 群众反映较多 does', async () => {
    // QA: merged into a case whose group had only that case, or was last seen weeks ago, the
    // letter's writers counted toward 群众反映较多 (scan-deadlines) in a group the board did not list.
    const target = await arrive('district_mailbox', { title: '御景湾小区电梯故障', content: '御景湾小区2号楼电梯经常困人，物业只是简单重启，从来不彻底检修，请监管部门检查。', author: '唐明', postedAt: '2026-09-01' });
    const late = await arrive('city_mailbox', { title: '御景湾小区电梯安全问题', content: '御景湾小区2号楼电梯上周又困人半小时，住户出行心惊胆战，物业不作为。', author: '韩梅', postedAt: '2026-10-20' });
    const k1 = (await f.store.db.case.findUniqueOrThrow({ where: { id: target.caseId } })).hotIssueKey!;
    const k2 = (await f.store.db.case.findUniqueOrThrow({ where: { id: late.caseId } })).hotIssueKey!;
    expect(k1).toMatch(/^estate:景湾/);
    expect(k2).not.toBe(k1);
    const now = at('2026-10-22');
    expect(await board(k1, now)).toBeUndefined();

    await mergeCases(f.store.db, { caseId: late.caseId, intoCaseId: target.caseId, note: '同一部电梯，属重复留言', actor: f.actors.egov });
    expect((await countHotIssueReporters(f.store.db, [k1])).get(k1)).toBe(2);
    expect(await board(k1, now)).toMatchObject({ cases: 1, reporters: 2, messageCount: 2 });
    expect(await board(k2, now)).toBeUndefined();
    expect((await f.store.db.hotIssue.findUniqueOrThrow({ where: { key: k2 } })).messageCount).toBe(0);

    await splitCopy(f.store.db, { caseId: target.caseId, messageId: late.messageId, note: '不是同一问题', actor: f.actors.egov });
    expect((await f.store.db.hotIssue.findUniqueOrThrow({ where: { key: k1 } })).messageCount).toBe(1);
    expect((await f.store.db.hotIssue.findUniqueOrThrow({ where: { key: k2 } })).messageCount).toBe(1);
    expect((await countHotIssueReporters(f.store.db, [k1, k2]))).toEqual(new Map([[k1, 1], [k2, 1]]));
  });
  it('undoing a merge through which a case joined a hot issue takes the letters merged into it later out of that issue too', async () => {
    // QA: T joined A's hot issue only by A's merge, then B was merged into T; the split undoing
    // A's merge took T out of the issue, but B's letter stayed counted there (HotIssue.messageCount).
    // After the undo the counts are those of B merged into T without A: T in B's issue.
    const count = async (key: string) => (await f.store.db.hotIssue.findUniqueOrThrow({ where: { key } })).messageCount;
    const caseOf = async (id: string) => f.store.db.case.findUniqueOrThrow({ where: { id } });
    const t = await arrive('district_mailbox', { title: '请领导帮忙协调', content: '家里卫生间天花板一直往下滴水，找了几次都说不归他们管，两个月了没人来看，请领导帮忙协调。', author: '孟庆', postedAt: '2026-08-01' });
    expect((await caseOf(t.caseId)).hotIssueKey).toBeNull();
    const a = await arrive('city_mailbox', { title: '金桂园小区楼上漏水', content: '金桂园小区5号楼楼上卫生间漏水渗到我家天花板，物业协调不了，两个月没人处理。', author: '蔡敏', postedAt: '2026-08-02' });
    const neighbour = await arrive('district_mailbox', { title: '金桂园小区外墙渗水', content: '金桂园小区8号楼外墙一下雨就往屋里渗水，墙皮都泡掉了，请督促开发商维修。', author: '范伟', postedAt: '2026-08-03' });
    const b = await arrive('city_mailbox', { title: '银杏湾小区顶楼漏水', content: '银杏湾小区3号楼顶楼屋面漏水，卫生间天花板滴水，维修基金申请不下来，请帮忙协调。', author: '孟庆', postedAt: '2026-08-04' });
    const g = (await caseOf(a.caseId)).hotIssueKey!;
    const h = (await caseOf(b.caseId)).hotIssueKey!;
    expect(g).toMatch(/^estate:.*桂园/);
    expect((await caseOf(neighbour.caseId)).hotIssueKey).toBe(g);
    expect(h).toMatch(/^estate:.*杏湾/);
    expect([await count(g), await count(h)]).toEqual([2, 1]);

    await mergeCases(f.store.db, { caseId: a.caseId, intoCaseId: t.caseId, note: '同一问题，属重复留言', actor: f.actors.egov });
    expect((await caseOf(t.caseId)).hotIssueKey).toBe(g);
    await mergeCases(f.store.db, { caseId: b.caseId, intoCaseId: t.caseId, note: '同一住户再次反映', actor: f.actors.egov });
    expect([await count(g), await count(h)]).toEqual([3, 0]);

    await splitCopy(f.store.db, { caseId: t.caseId, messageId: a.messageId, note: '不是同一问题', actor: f.actors.egov });
    expect((await caseOf(t.caseId)).hotIssueKey).toBe(h);
    expect([await count(g), await count(h)]).toEqual([2, 1]);
    expect(await countHotIssueReporters(f.store.db, [g, h])).toEqual(new Map([[g, 2], [h, 1]]));

    // Undoing B's merge too leaves T as it began.
    await splitCopy(f.store.db, { caseId: t.caseId, messageId: b.messageId, note: '不是同一问题', actor: f.actors.egov });
    expect((await caseOf(t.caseId)).hotIssueKey).toBeNull();
    expect([await count(g), await count(h)]).toEqual([2, 1]);
    expect((await caseOf(b.caseId)).hotIssueKey).toBe(h);
  });

  it('undoing such a merge takes out of the hot issue a letter merged later that was in none', async () => {
    const count = async (key: string) => (await f.store.db.hotIssue.findUniqueOrThrow({ where: { key } })).messageCount;
    const caseOf = async (id: string) => f.store.db.case.findUniqueOrThrow({ where: { id } });
    const t = await arrive('district_mailbox', { title: '请尽快处理', content: '楼道里的灯坏了快一个月了，晚上上下楼看不见，老人摔了一跤，找谁都说不归他们管，请尽快处理。', author: '白云', postedAt: '2026-07-01' });
    const a = await arrive('city_mailbox', { title: '青松苑小区楼道灯不亮', content: '青松苑小区2号楼楼道灯坏了一个月，晚上看不见，老人摔倒了，物业不管。', author: '黄河', postedAt: '2026-07-02' });
    const b = await arrive('city_mailbox', { title: '再次请求处理', content: '楼道灯还是没有人修，天黑以后上下楼全靠手机照明，已经反映过一次了，请尽快派人来修。', author: '白云', postedAt: '2026-07-03' });
    const g = (await caseOf(a.caseId)).hotIssueKey!;
    expect(g).toMatch(/^estate:.*松苑/);
    expect((await caseOf(b.caseId)).hotIssueKey).toBeNull();
    await mergeCases(f.store.db, { caseId: a.caseId, intoCaseId: t.caseId, note: '同一问题', actor: f.actors.egov });
    await mergeCases(f.store.db, { caseId: b.caseId, intoCaseId: t.caseId, note: '同一问题', actor: f.actors.egov });
    expect(await count(g)).toBe(2);
    await splitCopy(f.store.db, { caseId: t.caseId, messageId: a.messageId, note: '不是同一问题', actor: f.actors.egov });
    expect((await caseOf(t.caseId)).hotIssueKey).toBeNull();
    expect(await count(g)).toBe(1);
  });
});
