/**
 * A store of cases staff reviewed in September and October 2026, for the suggestion-agreement
 * suites (workflow figures, `minsheng evaluate --from-store`, console 建议准确率). Every step goes
 * through the real use cases at a set time; the expected figures are worked out in `expected`.
 * Needs the units 区交通运输局 (u-roads) and 区水务局 (u-water).
 *
 *   case  suggested (confidence, flag)      staff decided                                month
 *   A     投诉 0.95                          registered 投诉, assigned to 区交通运输局        Sep
 *   B     投诉 0.92                          registered 求助, complex, urgent; 拟办 区水务局  Sep
 *   C     咨询 0.60, no unit                 registered 咨询; 拟办 区交通运输局                Oct
 *   D     其他 0.55, flagged advertising     不予受理 advertising                           Oct
 *   E     建议 0.75, flagged advertising     registered 建议                                Oct
 *   F     投诉 0.40                          不予受理 personal                              Sep
 *   G     求助 0.85, flagged advertising     不予受理 (Sep), re-opened, registered 求助       Oct
 *   J     建议 0.93                          registered 建议, then 不予受理 legal_process     Oct
 *   H     咨询 0.70                          awaiting review: left out
 *   I     投诉 0.90                          merged into A (a missed copy): left out
 *   K, L  copies of A and B linked by the pipeline (today); L split off as wrong
 */
import { randomBytes } from 'node:crypto';
import type { Category, CrawledMessage } from '../core/index.js';
import { ensureSource, recordMessage, registerMessage, type Db } from '../workflow/index.js';
import { assignCase, decideNotAccepted, decideProposal, mergeCases, proposeHandling, registerCase, reopenCase, splitCopy } from '../workflow/cases/index.js';
import type { Actor } from '../workflow/users/index.js';

export interface AgreementActors {
  egov: Actor;
  office: Actor;
  leader: Actor;
  supervision: Actor;
}

/** China time 10:00 on a date. */
const on = (date: string) => new Date(`${date}T10:00:00+08:00`);

let seq = 0;

async function enter(db: Db, m: { title: string; content: string; category: Category; confidence: number; flag?: string; unit?: string | null }): Promise<{ caseId: string; messageId: string }> {
  seq += 1;
  await ensureSource(db, { id: 'src-agreement', name: '印台区区长信箱', channel: 'district_mailbox' });
  const crawled: CrawledMessage = { sourceId: 'src-agreement', channel: 'district_mailbox', siteId: `a-${seq}-${randomBytes(3).toString('hex')}`, title: m.title, content: m.content, fetchedAt: new Date().toISOString() };
  const { messageId } = await recordMessage(db, crawled);
  const { caseId } = await registerMessage(db, {
    messageId,
    classification: {
      category: m.category,
      confidence: m.confidence,
      outOfScope: { flagged: Boolean(m.flag), reasons: m.flag ? [{ code: m.flag, evidence: ['高价回收'] }] : [] },
      complexity: { value: 'simple' },
      urgency: { value: 'normal' },
      unit: { value: m.unit === undefined ? '区交通运输局' : m.unit },
    },
  });
  return { caseId, messageId };
}

export async function seedReviewedCases(db: Db, actors: AgreementActors): Promise<{ caseIds: Record<string, string> }> {
  const { egov, office, leader, supervision } = actors;
  const a = await enter(db, { title: '新华路路面破损积水', content: '新华路印台中学段路面破损，雨天积水严重，请尽快修补。', category: '投诉', confidence: 0.95 });
  const b = await enter(db, { title: '小区停水三天无人管', content: '我们小区停水三天，老人生活困难，请帮助尽快恢复供水。', category: '投诉', confidence: 0.92 });
  const c = await enter(db, { title: '咨询居住证办理材料', content: '请问在印台区办理居住证需要带什么材料？', category: '咨询', confidence: 0.6, unit: null });
  const d = await enter(db, { title: '高价回收旧手机', content: '本公司高价回收旧手机电脑，上门服务。', category: '其他', confidence: 0.55, flag: 'advertising' });
  const e = await enter(db, { title: '建议增设公交站点', content: '城关街道新建小区居民多，建议增设公交站，联系电话推广。', category: '建议', confidence: 0.75, flag: 'advertising' });
  const f = await enter(db, { title: '邻居家装修吵', content: '邻居家天天装修很吵。', category: '投诉', confidence: 0.4 });
  const g = await enter(db, { title: '求助办理低保', content: '家里老人生病，想申请低保，不知道怎么办，请帮助。', category: '求助', confidence: 0.85, flag: 'advertising' });
  const j = await enter(db, { title: '建议公开拆迁补偿标准', content: '建议公开拆迁补偿标准，此事已申请行政复议。', category: '建议', confidence: 0.93 });
  const h = await enter(db, { title: '咨询医保缴费时间', content: '请问医保什么时候开始缴费？', category: '咨询', confidence: 0.7 });
  const i = await enter(db, { title: '新华路又积水了', content: '上周反映的新华路积水到现在还没修，电动车很危险。', category: '投诉', confidence: 0.9 });
  // Exact copies, linked by the pipeline (today).
  await enter(db, { title: '新华路路面破损积水', content: '新华路印台中学段路面破损，雨天积水严重，请尽快修补。', category: '投诉', confidence: 0.95 });
  const l = await enter(db, { title: '小区停水三天无人管', content: '我们小区停水三天，老人生活困难，请帮助尽快恢复供水。', category: '投诉', confidence: 0.92 });

  await registerCase(db, { caseId: a.caseId, category: '投诉', complexity: 'simple', urgency: 'normal', actor: egov, now: on('2026-09-10') });
  await proposeHandling(db, { caseId: a.caseId, unitId: 'u-roads', opinion: '请核实修补', actor: office, now: on('2026-09-10') });
  await decideProposal(db, { caseId: a.caseId, approve: true, note: '同意', actor: leader, now: on('2026-09-11') });
  await assignCase(db, { caseId: a.caseId, actor: office, now: on('2026-09-11') });
  await registerCase(db, { caseId: b.caseId, category: '求助', complexity: 'complex', urgency: 'urgent', actor: egov, now: on('2026-09-12') });
  await proposeHandling(db, { caseId: b.caseId, unitId: 'u-water', opinion: '请尽快恢复供水', actor: office, now: on('2026-09-12') });
  await mergeCases(db, { caseId: i.caseId, intoCaseId: a.caseId, note: '同一路段积水的再次反映', actor: egov, now: on('2026-09-15') });
  await decideNotAccepted(db, { caseId: f.caseId, reasons: ['personal'], note: '邻里纠纷', actor: egov, now: on('2026-09-20') });
  await decideNotAccepted(db, { caseId: g.caseId, reasons: ['advertising'], note: '误判', actor: egov, now: on('2026-09-25') });
  await reopenCase(db, { caseId: g.caseId, note: '确系求助', actor: supervision, now: on('2026-10-01') });
  await registerCase(db, { caseId: g.caseId, category: '求助', actor: egov, now: on('2026-10-02') });
  await registerCase(db, { caseId: c.caseId, category: '咨询', actor: egov, now: on('2026-10-05') });
  await proposeHandling(db, { caseId: c.caseId, unitId: 'u-roads', opinion: '请答复', actor: office, now: on('2026-10-05') });
  await decideNotAccepted(db, { caseId: d.caseId, reasons: ['advertising'], note: '广告', actor: egov, now: on('2026-10-06') });
  await registerCase(db, { caseId: e.caseId, category: '建议', note: '联系电话是留言人的，不是广告', actor: egov, now: on('2026-10-07') });
  await registerCase(db, { caseId: j.caseId, category: '建议', actor: egov, now: on('2026-10-08') });
  await decideNotAccepted(db, { caseId: j.caseId, reasons: ['legal_process'], note: '已申请行政复议', actor: supervision, now: on('2026-10-09') });
  await splitCopy(db, { caseId: b.caseId, messageId: l.messageId, note: '不是同一小区', actor: egov, now: on('2026-10-10') });
  return { caseIds: { a: a.caseId, b: b.caseId, c: c.caseId, d: d.caseId, e: e.caseId, f: f.caseId, g: g.caseId, h: h.caseId, i: i.caseId, j: j.caseId } };
}
