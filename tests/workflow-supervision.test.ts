/** 督查: deadline alerts (once each), overdue, escalation to special supervision, the periodic list. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordMessage, registerMessage } from '../workflow/index.js';
import { assignCase, decideProposal, markCase, proposeHandling, registerCase, returnCase, submitReport } from '../workflow/cases/index.js';
import { listSupervision, recordSupervision, scanDeadlines } from '../workflow/supervision/index.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(async () => {
  await f?.close();
});

async function assigned(caseId: string, when: Date, unitId = f.units.roads) {
  if ((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).state === 'awaiting_review') {
    await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov, now: when });
  }
  await proposeHandling(f.store.db, { caseId, unitId, opinion: '请核实处理', actor: f.actors.office, now: when });
  await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: when });
  return assignCase(f.store.db, { caseId, actor: f.actors.office, now: when });
}

describe('scanDeadlines', () => {
  it('alerts before the deadline and when it passes, each once, and escalates key cases once', async () => {
    const plain = (await newCase(f)).caseId;
    const marked = (await newCase(f)).caseId;
    const reported = (await newCase(f)).caseId;
    for (const c of [plain, marked, reported]) expect((await assigned(c, at('2026-11-02'))).dueDate).toBe('2026-11-04');
    await markCase(f.store.db, { caseId: marked, leaderMarked: true, note: '请重点督办', actor: f.actors.leader });
    await submitReport(f.store.db, { caseId: reported, text: '已修复道路破损和路灯，情况属实，已处理完毕。', actor: f.actors.roads, now: at('2026-11-03'), acknowledgeFindings: true });

    const early = await scanDeadlines(f.store.db, { now: at('2026-11-02', 12) });
    expect(early).toMatchObject({ today: '2026-11-02', dueSoon: [], overdue: [], escalated: [] });

    const soon = await scanDeadlines(f.store.db, { now: at('2026-11-03') });
    expect(soon.dueSoon.sort()).toEqual([plain, marked].sort());
    expect(soon.escalated).toEqual([]); // marked, but not late yet
    expect((await scanDeadlines(f.store.db, { now: at('2026-11-03', 15) })).dueSoon).toEqual([]);

    const late = await scanDeadlines(f.store.db, { now: at('2026-11-05') });
    expect(late.overdue.sort()).toEqual([plain, marked].sort());
    expect(late.escalated).toEqual([marked]);
    const again = await scanDeadlines(f.store.db, { now: at('2026-11-05', 16) });
    expect(again).toMatchObject({ dueSoon: [], overdue: [], escalated: [] });

    const alerts = await f.store.db.deadlineAlert.findMany({ where: { caseId: plain } });
    expect(alerts.map((a) => a.kind).sort()).toEqual(['due_soon', 'overdue']);
    expect(await f.store.db.deadlineAlert.count({ where: { caseId: reported } })).toBe(0);
    const m = await f.store.db.case.findUniqueOrThrow({ where: { id: marked } });
    expect(m).toMatchObject({ escalated: true, escalationReasons: { reasons: ['leader_marked'], trigger: 'overdue' } });
    const special = await f.store.db.supervisionRecord.findMany({ where: { caseId: marked } });
    expect(special).toHaveLength(1);
    expect(special[0]).toMatchObject({ kind: 'special', actor: 'system' });
    expect(special[0]?.note).toContain('领导重点批示');
    expect(await f.store.db.event.count({ where: { caseId: marked, type: 'escalate' } })).toBe(1);
    expect(await f.store.db.event.count({ where: { caseId: plain, type: 'record_alert' } })).toBe(2);

    const list = await listSupervision(f.store.db, { actor: f.actors.supervision, now: at('2026-11-05') });
    const byId = new Map(list.map((r) => [r.caseId, r]));
    expect(byId.get(plain)).toMatchObject({ status: 'overdue', daysLeft: -1, alerts: 2, escalated: false });
    expect(byId.get(marked)).toMatchObject({ status: 'overdue', escalated: true, lastSupervision: { kind: 'special' } });
    expect(byId.get(reported)).toMatchObject({ status: 'reported' });
  });

  it('escalates a case many people reported (from de-duplication) when it is late', async () => {
    const content = `城关镇自来水连续三天停水，居民生活困难，请尽快恢复供水。${Date.now()}`;
    const first = await newCase(f, { title: '城关镇停水问题', content });
    // Two more people post the same message on other channels: de-duplication links them.
    for (const [i, channel] of (['city_mailbox', 'other_web'] as const).entries()) {
      const { ensureSource } = await import('../workflow/index.js');
      await ensureSource(f.store.db, { id: `src-${channel}`, name: channel, channel });
      const rec = await recordMessage(f.store.db, { sourceId: `src-${channel}`, channel, siteId: `dup-${i}-${Date.now()}`, title: '城关镇停水问题', content, fetchedAt: new Date().toISOString() });
      const out = await registerMessage(f.store.db, { messageId: rec.messageId, classification: { category: '求助', confidence: 0.9, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'urgent' }, unit: { value: '区水务局' } } });
      expect(out.outcome).toBe('linked');
    }
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: first.caseId } })).reporterCount).toBe(3);
    await assigned(first.caseId, at('2026-11-09'), f.units.water);
    expect((await scanDeadlines(f.store.db, { now: at('2026-11-12'), reporterThreshold: 4 })).escalated).toEqual([]);
    const out = await scanDeadlines(f.store.db, { now: at('2026-11-12', 11), reporterThreshold: 3 });
    expect(out.escalated).toEqual([first.caseId]);
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: first.caseId } })).escalationReasons).toEqual({ reasons: ['many_reporters'], trigger: 'overdue' });
  });

  it('escalates a late case of a hot issue many people raised in their own words (群众反映较多 across cases)', async () => {
    const { ensureSource, StoreDedup } = await import('../workflow/index.js');
    await ensureSource(f.store.db, { id: 'src-hot', name: '区长信箱', channel: 'district_mailbox' });
    const dedup = new StoreDedup();
    const stamp = Date.now().toString(36);
    // QA: five residents' letters about one estate's heating were five cases of one hot issue, each
    // of 1 reporter, so none was ever 群众反映较多 however late its unit was.
    const letters = [
      ['李桂兰', '金城苑小区暖气不热', '金城苑小区今年暖气一直不热，屋里只有十三度，老人冻得生病了，请供热公司尽快解决。'],
      ['张建国', '金城苑供暖温度太低', '我家住金城苑小区，供暖开始一个月了温度还是上不去，孩子写作业要穿羽绒服，希望有关部门督促。'],
      ['王秀英', '反映金城苑小区供暖问题', '金城苑小区6号楼供暖效果差，交了全额取暖费却达不到标准温度，要求退费或整改。'],
    ];
    const caseIds: string[] = [];
    for (const [i, [author, title, content]] of letters.entries()) {
      const rec = await recordMessage(f.store.db, { sourceId: 'src-hot', channel: 'district_mailbox', siteId: `hot-${stamp}-${i}`, title: title!, content: `${content}（${stamp}）`, author, postedAt: `2026-11-0${i + 2}T09:00:00+08:00`, fetchedAt: new Date().toISOString() });
      const out = await registerMessage(f.store.db, { messageId: rec.messageId, dedup, classification: { category: '投诉', confidence: 0.9, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: null } } });
      expect(out.outcome).toBe('created');
      caseIds.push(out.caseId);
    }
    const rows = await f.store.db.case.findMany({ where: { id: { in: caseIds } }, select: { hotIssueKey: true, reporterCount: true } });
    expect(new Set(rows.map((r) => r.hotIssueKey)).size).toBe(1);
    expect(rows[0]!.hotIssueKey).toMatch(/^estate:金城苑/);
    expect(rows.every((r) => r.reporterCount === 1)).toBe(true);
    const [late, onTime] = caseIds as [string, string];
    await assigned(late, at('2026-11-09'), f.units.water);
    await assigned(onTime, at('2026-11-11'), f.units.water);
    // Three people over the group: not many at a threshold of 4, many at 3; only the late case goes up.
    expect((await scanDeadlines(f.store.db, { now: at('2026-11-12', 11), reporterThreshold: 4 })).escalated).not.toContain(late);
    const out = await scanDeadlines(f.store.db, { now: at('2026-11-12', 12), reporterThreshold: 3 });
    expect(out.escalated).toContain(late);
    expect(out.escalated).not.toContain(onTime);
    const escalated = await f.store.db.case.findUniqueOrThrow({ where: { id: late }, include: { supervisions: true } });
    expect(escalated.escalationReasons).toEqual({ reasons: ['many_reporters'], trigger: 'overdue', hotIssue: { key: rows[0]!.hotIssueKey, label: '金城苑', reporters: 3 } });
    expect(escalated.supervisions.at(-1)?.note).toBe('转为专项督查：群众反映较多（同一热点问题“金城苑”共 3 人反映）；承办单位未按时办理。由区政府督查室牵头专项督促检查。');
  });

  it('does not escalate a case one person re-posted: 群众反映较多 counts people, not messages', async () => {
    const { ensureSource } = await import('../workflow/index.js');
    const content = `印台大道夜间施工噪音扰民，晚上十二点以后还在施工，请有关部门查处。${Date.now()}`;
    const caseIds = new Set<string>();
    // The same citizen posts the same letter three times over a week on three channels.
    for (const [i, channel] of (['district_mailbox', 'city_mailbox', 'other_web'] as const).entries()) {
      await ensureSource(f.store.db, { id: `src-${channel}`, name: channel, channel });
      const rec = await recordMessage(f.store.db, { sourceId: `src-${channel}`, channel, siteId: `repost-${i}-${Date.now()}`, title: '印台大道夜间施工噪音', content, author: '吴志强', fetchedAt: new Date().toISOString() });
      const out = await registerMessage(f.store.db, { messageId: rec.messageId, classification: { category: '投诉', confidence: 0.9, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: '区交通运输局' } } });
      caseIds.add(out.caseId);
    }
    expect(caseIds.size).toBe(1);
    const [caseId] = [...caseIds] as [string];
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).reporterCount).toBe(1);
    await assigned(caseId, at('2026-11-23'));
    const out = await scanDeadlines(f.store.db, { now: at('2026-11-26', 11), reporterThreshold: 3 });
    expect(out.overdue).toContain(caseId);
    expect(out.escalated).not.toContain(caseId);
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).escalated).toBe(false);
  });

  it('escalates a high-impact case that units keep returning (推诿)', async () => {
    const { caseId } = await newCase(f);
    await assigned(caseId, at('2026-11-16'));
    await markCase(f.store.db, { caseId, highImpact: true, note: '媒体关注', actor: f.actors.supervision });
    await returnCase(f.store.db, { caseId, reason: '不属我局职责', actor: f.actors.roads, now: at('2026-11-16', 14) });
    await assigned(caseId, at('2026-11-17'), f.units.water);
    expect((await scanDeadlines(f.store.db, { now: at('2026-11-17', 12) })).escalated).toEqual([]);
    await returnCase(f.store.db, { caseId, reason: '不属我局职责', actor: f.actors.water, now: at('2026-11-17', 14) });
    const out = await scanDeadlines(f.store.db, { now: at('2026-11-17', 15) });
    expect(out.escalated).toEqual([caseId]);
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).escalationReasons).toEqual({ reasons: ['high_impact'], trigger: 'returned_repeatedly' });
  });

  it('counts deadlines across National Day and its make-up Saturday', async () => {
    const { caseId } = await newCase(f, { complexity: 'complex' });
    const a = await assigned(caseId, at('2026-09-30'));
    expect(a.dueDate).toBe('2026-10-10');
    // 9 October is one working day before the make-up Saturday: due soon; 10 October itself is not overdue.
    expect((await scanDeadlines(f.store.db, { now: at('2026-10-09') })).dueSoon).toContain(caseId);
    expect((await scanDeadlines(f.store.db, { now: at('2026-10-10', 20) })).overdue).not.toContain(caseId);
    expect((await scanDeadlines(f.store.db, { now: at('2026-10-11') })).overdue).toContain(caseId);
  });

  it('says how late a unit is in working days, as its deadline is counted, not in calendar days across a holiday', async () => {
    // Assigned Thursday 09-24, due Tuesday 09-29 (中秋 09-25..27); 国庆 10-01..07.
    const { caseId } = await newCase(f);
    expect((await assigned(caseId, at('2026-09-24'))).dueDate).toBe('2026-09-29');
    const late = async (day: string) => (await listSupervision(f.store.db, { actor: f.actors.supervision, now: at(day) })).find((r) => r.caseId === caseId);
    expect(await late('2026-09-30')).toMatchObject({ status: 'overdue', daysLeft: -1 });
    // The first day back after the week off: 30 September and 8 October, not 9 calendar days.
    expect(await late('2026-10-08')).toMatchObject({ status: 'overdue', daysLeft: -2 });
    // Due on the eve of 国庆: on its first day off the unit is late, by one day, not by none.
    const eve = (await newCase(f)).caseId;
    expect((await assigned(eve, at('2026-09-28'))).dueDate).toBe('2026-09-30');
    expect((await listSupervision(f.store.db, { actor: f.actors.supervision, now: at('2026-10-01') })).find((r) => r.caseId === eve)).toMatchObject({ status: 'overdue', daysLeft: -1 });
  });
});

describe('supervision records', () => {
  it('records phone, on-site and tracking supervision with the case events', async () => {
    const { caseId } = await newCase(f);
    await assigned(caseId, at('2026-11-23'));
    await recordSupervision(f.store.db, { caseId, kind: 'phone', note: '电话督促交通局尽快办理', actor: f.actors.supervision });
    await recordSupervision(f.store.db, { caseId, kind: 'on_site', note: '实地查看道路破损情况', actor: f.actors.supervision });
    await recordSupervision(f.store.db, { caseId, kind: 'tracking', note: '跟踪督办', actor: f.actors.supervision });
    await expect(recordSupervision(f.store.db, { caseId, kind: 'email' as never, note: 'x', actor: f.actors.supervision })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect((await f.store.db.supervisionRecord.findMany({ where: { caseId }, orderBy: { at: 'asc' } })).map((r) => r.kind)).toEqual(['phone', 'on_site', 'tracking']);
    expect(await f.store.db.event.count({ where: { caseId, type: 'record_supervision' } })).toBe(3);
  });
});

describe('special supervision started by the office', () => {
  it('escalates once, by the supervision office only', async () => {
    const { startSpecialSupervision } = await import('../workflow/supervision/index.js');
    const { caseId } = await newCase(f);
    await assigned(caseId, at('2026-11-23'));
    await expect(startSpecialSupervision(f.store.db, { caseId, note: '群众多次反映', actor: f.actors.office })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await startSpecialSupervision(f.store.db, { caseId, note: '群众多次反映', actor: f.actors.supervision });
    await expect(startSpecialSupervision(f.store.db, { caseId, note: '再次', actor: f.actors.supervision })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).escalationReasons).toMatchObject({ trigger: 'manual' });
  });
});
