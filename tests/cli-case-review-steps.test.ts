/**
 * `minsheng cases review-queue|register|not-accepted|accept-suggestions` (分类审核 at the command
 * line), through the real CLI entry on PostgreSQL: the queue as the console's review page lists it,
 * 登记 confirming or correcting the suggestion (a correction is a Correction row), a flagged case
 * refused without a note, 不予受理 with the measures' reasons (a bad one is bad input), 批量确认 by
 * threshold. While a main job holds the embedded store, a separate `minsheng` process does the same
 * through its API, whose routes answer the local command line only and refuse a suggestion changed
 * since the command read it (请刷新后再操作).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCase } from '../workflow/cases/index.js';
import { caseState } from './helpers/case-steps.js';
import { consoleSession, openCliStepsFixture, type CliStepsFixture } from './helpers/cli-steps-fixture.js';
import type { MinshengRunner } from './helpers/in-process-cli.js';
import { startMainJobStandIn, type MainJobStandIn } from './helpers/main-job-stand-in.js';
import { newCase, type Fixture } from './workflow-fixtures.js';

let fx: CliStepsFixture;
let f: Fixture;
let dir: string;
let minsheng: MinshengRunner;

beforeAll(async () => {
  fx = await openCliStepsFixture('h-cli-review-steps');
  ({ f, dir, minsheng } = fx);
});
afterAll(async () => {
  await fx?.close();
});

/** A case awaiting review with its own text (no likely copy of another), the suggestion `confidence` sure. */
async function awaiting(title: string, options: { category?: string; outOfScope?: boolean; confidence?: number } = {}) {
  const { caseId, messageId } = await newCase(f, { title, content: `${title}。具体情况：${title}，请有关部门处理。`, ...options });
  if (options.confidence !== undefined) {
    const m = await f.store.db.message.findUniqueOrThrow({ where: { id: messageId } });
    await f.store.db.message.update({ where: { id: messageId }, data: { classification: { ...(m.classification as object), confidence: options.confidence, explanation: ['路灯', '维修'] } } });
  }
  return { caseId, messageId, ledgerNo: await fx.ledgerNo(caseId) };
}

describe('minsheng cases review-queue', () => {
  it('lists the cases awaiting review with the suggestion, its confidence and words, and the 不予受理 flag with its reasons', async () => {
    const a = await awaiting('东关街路灯不亮', { confidence: 0.87 });
    const flagged = await awaiting('专业开锁换锁电话', { outOfScope: true });
    expect((await minsheng('cases', 'review-queue')).err).toContain('请用 --as 指定查看的账号');
    const asUnit = await minsheng('cases', 'review-queue', '--as', 'roads');
    expect(asUnit.code).toBe(1);

    const listed = await minsheng('cases', 'review-queue', '--as', 'egov');
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toContain(`${a.ledgerNo}  东关街路灯不亮  建议 投诉（87%）· 简单 · 一般 · 承办 区交通运输局（反映 1 人）  依据：路灯、维修\n`);
    expect(listed.out).toContain(`${flagged.ledgerNo}  专业开锁换锁电话  建议 投诉（80%）`);
    expect(listed.out).toContain('  ⚠ 疑似不予受理：商业广告或要求赞助（广告）（登记须用 --note 写明受理理由）\n');
    expect(listed.out).toMatch(/共 \d+ 件\n$/);
    const json = JSON.parse((await minsheng('cases', 'review-queue', '--json', '--as', 'duchashi')).out) as { ledgerNo: string; suggestionKey: string }[];
    expect(json.find((r) => r.ledgerNo === a.ledgerNo)?.suggestionKey).toBe('投诉|simple|normal|受理');
  });
});

describe('minsheng cases register and not-accepted', () => {
  it('confirms the suggestion into the ledger as the console does, and a correction writes a Correction row', async () => {
    const a = await awaiting('北关村自来水停水');
    const b = await awaiting('城关街道噪音扰民');

    const asLeader = await minsheng('cases', 'register', a.ledgerNo, '--as', 'leader');
    expect(asLeader.code).toBe(1);
    expect(asLeader.out).toMatch(new RegExp(`^未登记  ${a.ledgerNo}  .*不能`));
    expect(await caseState(f, a.caseId)).toBe('awaiting_review');

    const confirmed = await minsheng('cases', 'register', a.ledgerNo, '--as', 'egov');
    expect(confirmed.code, confirmed.err).toBe(0);
    expect(confirmed.out).toBe(`已登记  ${a.ledgerNo}  投诉，确认建议，待区政府办拟办\n`);
    const shown = await getCase(f.store.db, { caseId: a.caseId, actor: f.actors.egov });
    expect(shown).toMatchObject({ state: 'registered', category: '投诉', categoryConfirmed: true, outOfScope: false });
    expect((await fx.events(a.caseId, 'register'))[0]).toMatchObject({ actor: 'egov', role: 'egov_centre' });
    expect(await f.store.db.correction.count({ where: { caseId: a.caseId } })).toBe(0);

    expect((await minsheng('cases', 'register', b.ledgerNo, '--category', '表扬', '--as', 'egov')).code).toBe(2);
    const corrected = await minsheng('cases', 'register', b.ledgerNo, '--category', '求助', '--urgency', '紧急', '--as', 'duchashi');
    expect(corrected.code, corrected.err).toBe(0);
    expect(corrected.out).toBe(`已登记  ${b.ledgerNo}  求助，更正建议（原建议：投诉 · 简单 · 一般 · 受理），待区政府办拟办\n`);
    const rows = await f.store.db.correction.findMany({ where: { caseId: b.caseId }, orderBy: { field: 'asc' } });
    expect(rows.map((r) => [r.field, r.suggested, r.corrected, r.actor])).toEqual([['category', '投诉', '求助', 'duchashi'], ['urgency', 'normal', 'urgent', 'duchashi']]);

    // Registered already: the next one is refused, one line, exit 1.
    const again = await minsheng('cases', 'register', a.ledgerNo, 'YT-1999-000001', '--as', 'egov');
    expect(again.code).toBe(1);
    expect(again.out).toContain(`未登记  ${a.ledgerNo}  `);
    expect(again.out).toContain('未登记  YT-1999-000001  找不到案件：YT-1999-000001\n');
  });

  it('refuses a flagged case without --note saying how to give it, and registers it with one', async () => {
    const c = await awaiting('开锁换锁广告', { outOfScope: true });
    const refused = await minsheng('cases', 'register', c.ledgerNo, '--as', 'egov');
    expect(refused.code).toBe(1);
    expect(refused.out).toBe(`未登记  ${c.ledgerNo}  请填写说明（分类器提示疑似不予受理，登记须写明受理理由）：命令行中用 --note 写明受理理由\n`);
    expect(await caseState(f, c.caseId)).toBe('awaiting_review');
    const done = await minsheng('cases', 'register', c.ledgerNo, '--note', '反映小区门锁损坏，属物业监管', '--as', 'egov');
    expect(done.code, done.err).toBe(0);
    expect(await caseState(f, c.caseId)).toBe('registered');
    expect((await f.store.db.correction.findMany({ where: { caseId: c.caseId } })).map((r) => r.field)).toEqual(['outOfScope']);
  });

  it('decides 不予受理 with the measures\' reasons (code or Chinese name); a bad reason is bad input', async () => {
    const c = await awaiting('推销保健品');
    const help = await minsheng('cases', 'not-accepted', '--help');
    expect(help.out).toContain('不予受理的理由（第三条㈡）：\n  no_substance        无实质性内容或无法核实\n  advertising         商业广告或要求赞助\n');
    const bad = await minsheng('cases', 'not-accepted', c.ledgerNo, '--reason', 'spam', '--note', '广告', '--as', 'egov');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--reason 无效：spam');
    expect((await minsheng('cases', 'not-accepted', c.ledgerNo, '--reason', 'advertising', '--as', 'egov')).code).toBe(2);
    expect(await caseState(f, c.caseId)).toBe('awaiting_review');

    const done = await minsheng('cases', 'not-accepted', c.ledgerNo, '--reason', '商业广告或要求赞助,other', '--note', '推销广告', '--as', 'egov');
    expect(done.code, done.err).toBe(0);
    expect(done.out).toBe(`已决定不予受理  ${c.ledgerNo}  理由：商业广告或要求赞助、其他不予受理情形\n`);
    expect(await caseState(f, c.caseId)).toBe('not_accepted');
    expect((await fx.events(c.caseId, 'decide_not_accepted'))[0]).toMatchObject({ actor: 'egov' });
  });
});

describe('minsheng cases accept-suggestions', () => {
  it('registers only the cases at or above the threshold, naming those it left and why', async () => {
    const high = await awaiting('南街下水道堵塞', { confidence: 0.95 });
    const exact = await awaiting('西关小学门口积水', { confidence: 0.9 });
    const low = await awaiting('东风路树木倒伏', { confidence: 0.6 });
    const flagged = await awaiting('招聘兼职广告', { outOfScope: true, confidence: 0.99 });
    const ids = [high, exact, low, flagged].map((c) => c.ledgerNo).join(',');

    const dry = await minsheng('cases', 'accept-suggestions', '--threshold', '0.9', '--ids', ids, '--dry-run', '--as', 'egov');
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain(`将登记  ${high.ledgerNo}  投诉（确认建议）\n`);
    expect(await caseState(f, high.caseId)).toBe('awaiting_review');
    expect((await minsheng('cases', 'accept-suggestions', '--threshold', '0.3', '--as', 'egov')).code).toBe(2);

    const run = await minsheng('cases', 'accept-suggestions', '--threshold', '0.9', '--ids', ids, '--as', 'egov');
    expect(run.code).toBe(1);
    expect(run.out).toContain(`已登记  ${high.ledgerNo}  投诉（确认建议）\n`);
    expect(run.out).toContain(`已登记  ${exact.ledgerNo}  投诉（确认建议）\n`);
    expect(run.out).toContain(`未登记  ${low.ledgerNo}  建议的置信度 60% 低于 90%\n`);
    expect(run.out).toContain(`未登记  ${flagged.ledgerNo}  分类器提示可能不予受理，请逐条审核（登记须填写说明）\n`);
    expect(run.out).toContain('共 4 件（置信度 ≥ 90%）：已登记 2 件，未登记 2 件\n');
    expect([await caseState(f, high.caseId), await caseState(f, exact.caseId), await caseState(f, low.caseId), await caseState(f, flagged.caseId)]).toEqual(['registered', 'registered', 'awaiting_review', 'awaiting_review']);
  });
});

describe('分类审核 at the command line while a main job holds the embedded store', () => {
  let job: MainJobStandIn;
  beforeAll(async () => {
    job = await startMainJobStandIn(f.store, dir);
  });
  afterAll(async () => {
    await job?.close();
  });

  const asCommand = (route: string, body: object) => job.postAsCommand(route, body);

  it('lists the queue and registers through its API as the account named; refuses a stale suggestion and a console session', { timeout: 120_000 }, async () => {
    const a = await awaiting('印台路井盖破损', { confidence: 0.92 });
    const listed = await job.minsheng(['cases', 'review-queue', '--limit', '200', '--as', 'egov']);
    expect(listed.code, listed.err).toBe(0);
    expect(listed.err).toContain('经其接口办理');
    expect(listed.out).toContain(`${a.ledgerNo}  印台路井盖破损  建议 投诉（92%）`);

    const done = await job.minsheng(['cases', 'register', a.ledgerNo, '--category', '建议', '--as', 'egov']);
    expect(done.code, done.err).toBe(0);
    expect(done.out).toContain(`已登记  ${a.ledgerNo}  建议，更正建议`);
    expect(await caseState(f, a.caseId)).toBe('registered');
    expect(await f.store.db.correction.count({ where: { caseId: a.caseId, field: 'category', corrected: '建议' } })).toBe(1);

    // 登记 naming a suggestion a new model has since changed.
    const b = await awaiting('红旗街垃圾清运不及时');
    await f.store.db.case.update({ where: { id: b.caseId }, data: { category: '求助' } });
    const stale = await asCommand('cases/register', { as: 'egov', caseId: b.caseId, category: '投诉', suggestionKey: '投诉|simple|normal|受理' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('请刷新后再操作');
    expect(await caseState(f, b.caseId)).toBe('awaiting_review');

    const headers = await consoleSession(job.url, 'egov');
    for (const route of ['cases/review-queue', 'cases/register', 'cases/not-accepted', 'cases/accept-suggestions']) {
      const res = await fetch(`${job.url}/api/cli/${route}`, { method: 'POST', headers, body: JSON.stringify({ as: 'egov', caseId: b.caseId, category: '投诉', limit: 10, reasons: ['other'], note: 'x', threshold: 0.9, caseIds: [b.caseId], suggestionKeys: {} }) });
      expect(res.status, route).toBe(403);
    }
    expect(await caseState(f, b.caseId)).toBe('awaiting_review');
  });
});
