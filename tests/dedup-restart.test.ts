/**
 * A restart changes no de-duplication or hot-issue decision: the same letters and staff steps,
 * once with the pipeline's index kept in memory throughout and once with the index rebuilt from
 * the store (a new process: replaying the index's decisions kept at registration, or deciding the
 * messages again as for those of an older release) before the letters that follow, give the same outcome for each later
 * letter: the case it joins and the hot issue it opens or joins. Paths: a letter staff merged into
 * another case, a copy staff split off, a case decided 不予受理, copies linked by the pipeline and a
 * copy of an answered case (再次反映), a letter the site edited after it was registered. Real PostgreSQL, one schema per run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CrawledMessage } from '../core/index.js';
import { decideNotAccepted, ensureSource, mergeCases, recordMessage, registerMessage, splitCopy, StoreDedup } from '../workflow/index.js';
import { toAssigned, toReplied } from './helpers/case-steps.js';
import { egovActor, plainSuggestion } from './helpers/ledger-suggestion.js';
import { openFixture, type Fixture } from './workflow-fixtures.js';

type Step =
  | { letter: string; title: string; content: string; day: number }
  | { merge: string; into: string }
  | { split: string }
  | { notAccepted: string }
  | { answer: string; day: number }
  | { edit: string; title: string; content: string; day: number }
  | { restart: true };

interface Outcome {
  letter: string;
  outcome: string;
  /** The letter that opened the case it is in. */
  caseOf: string;
  hotIssue: string | null;
}

const fixtures: Fixture[] = [];
afterAll(async () => {
  for (const f of fixtures) await f.close();
});

const base = Date.parse('2026-11-02T01:00:00Z');

/**
 * Runs the steps on a fresh store, with the index rebuilt from the store at the restart step or not;
 * the outcomes of the letters after that step.
 */
async function run(steps: Step[], restart: 'none' | 'replay' | 'decide again'): Promise<Outcome[]> {
  const f = await openFixture();
  fixtures.push(f);
  const db = f.store.db;
  await ensureSource(db, { id: 'src', name: '区长信箱', channel: 'district_mailbox' });
  let dedup = new StoreDedup();
  const messageOf = new Map<string, string>();
  const siteIdOf = new Map<string, string>();
  const caseOf = new Map<string, string>();
  const out: Outcome[] = [];
  let restarted = false;
  let n = 0;
  for (const step of steps) {
    if ('restart' in step) {
      if (restart !== 'none') dedup = new StoreDedup();
      // Messages registered by a release that did not keep the index's decision: decided again.
      if (restart === 'decide again') await db.message.updateMany({ data: { indexDecided: false, indexMatchId: null } });
      restarted = true;
    } else if ('letter' in step) {
      const message: CrawledMessage = {
        sourceId: 'src',
        channel: 'district_mailbox',
        siteId: `m${++n}`,
        title: step.title,
        content: step.content,
        postedAt: new Date(base + step.day * 86_400_000).toISOString(),
        fetchedAt: new Date(base + step.day * 86_400_000).toISOString(),
      };
      const { messageId } = await recordMessage(db, message);
      messageOf.set(step.letter, messageId);
      siteIdOf.set(step.letter, message.siteId);
      const r = await registerMessage(db, { messageId, classification: plainSuggestion, dedup });
      if (r.outcome === 'created') caseOf.set(r.caseId, step.letter);
      if (restarted) out.push({ letter: step.letter, outcome: r.outcome, caseOf: caseOf.get(r.caseId) ?? '?', hotIssue: r.hotIssue?.key ?? null });
    } else if ('edit' in step) {
      const fetchedAt = new Date(base + step.day * 86_400_000).toISOString();
      await recordMessage(db, { sourceId: 'src', channel: 'district_mailbox', siteId: siteIdOf.get(step.edit)!, title: step.title, content: step.content, fetchedAt });
    } else {
      const caseIdOf = async (letter: string) => (await db.message.findUniqueOrThrow({ where: { id: messageOf.get(letter)! } })).caseId!;
      if ('merge' in step) {
        await mergeCases(db, { caseId: await caseIdOf(step.merge), intoCaseId: await caseIdOf(step.into), note: '同一问题', actor: egovActor });
      } else if ('answer' in step) {
        const when = new Date(base + step.day * 86_400_000);
        await toAssigned(f, await caseIdOf(step.answer), when);
        await toReplied(f, await caseIdOf(step.answer), when);
      } else if ('split' in step) {
        const split = await splitCopy(db, { caseId: await caseIdOf(step.split), messageId: messageOf.get(step.split)!, note: '不是同一问题', actor: egovActor });
        caseOf.set(split.newCaseId, step.split);
      } else {
        await decideNotAccepted(db, { caseId: await caseIdOf(step.notAccepted), reasons: ['advertising'], note: '不属于受理范围', actor: egovActor });
      }
    }
  }
  return out;
}

async function expectSameWithRestart(steps: Step[]): Promise<Outcome[]> {
  const kept = await run(steps, 'none');
  expect(await run(steps, 'replay')).toEqual(kept);
  expect(await run(steps, 'decide again')).toEqual(kept);
  return kept;
}

describe('a restart changes no de-duplication or hot-issue decision', () => {
  it('keeps the hot issue a letter opened after staff merged the letter into another case', async () => {
    const kept = await expectSameWithRestart([
      { letter: 'T', title: '家里暖气不热', content: '入冬以来家里暖气一直不热，室温只有十二三度，老人孩子都冻感冒了，请供热公司尽快解决。', day: 0 },
      { letter: 'A', title: '锦绣苑小区门口路灯不亮', content: '锦绣苑小区门口的三盏路灯已经坏了半个月，晚上出门一片漆黑，老人摔倒过两次，请尽快维修。', day: 1 },
      { merge: 'A', into: 'T' },
      { restart: true },
      { letter: 'B', title: '锦绣苑小区垃圾清运不及时', content: '锦绣苑小区的垃圾桶已经四天没人清运，气味很大，招来很多苍蝇，请环卫部门及时处理。', day: 3 },
    ]);
    // Without a restart the later letter joins the group the merged letter opened.
    expect(kept[0]).toMatchObject({ outcome: 'created', caseOf: 'B', hotIssue: expect.stringMatching(/@2026-11-03$/) });
  });

  it('keeps a hot issue\'s window after staff split a copy off', async () => {
    const lamp = { title: '翠湖花园小区门口路灯不亮', content: '翠湖花园小区门口的三盏路灯已经坏了半个月，晚上出门一片漆黑，老人摔倒过两次，请尽快维修。' };
    const kept = await expectSameWithRestart([
      { letter: 'P', ...lamp, day: 0 },
      { letter: 'C', title: lamp.title, content: `${lamp.content}再次反映。`, day: 2 },
      { split: 'C' },
      { restart: true },
      { letter: 'Q', title: '翠湖花园小区地下车库漏水', content: '翠湖花园小区地下车库顶棚漏水严重，车辆被泡，物业说没有维修资金，请住建部门督促解决。', day: 8 },
    ]);
    expect(kept[0]).toMatchObject({ outcome: 'created', caseOf: 'Q' });
  });

  it('links copies and groups letters alike after 不予受理 and copies linked by the pipeline', async () => {
    const water = { title: '立地坡村自来水断供', content: '立地坡村从上周三开始自来水断供，至今已经六天，村里老人只能去两公里外挑水，村委会说是水管冻裂了，请水务部门尽快抢修恢复供水。' };
    const ad = { title: '出售二手家具', content: '本人有一批九成新的二手家具出售，沙发、餐桌、衣柜都有，价格面议，有意者请联系，非诚勿扰，先到先得。' };
    const kept = await expectSameWithRestart([
      { letter: 'W', ...water, day: 0 },
      { letter: 'W2', title: `${water.title}（急）`, content: water.content, day: 1 },
      { letter: 'X', ...ad, day: 1 },
      { notAccepted: 'X' },
      { restart: true },
      { letter: 'W3', title: water.title, content: `${water.content}已经一周了还没人管。`, day: 2 },
      { letter: 'X2', title: ad.title, content: `${ad.content}欢迎来看。`, day: 2 },
      { letter: 'V', title: '立地坡村道路破损', content: '立地坡村村口道路破损严重，坑坑洼洼，下雨天积水，车辆无法通行，请交通部门尽快修复。', day: 3 },
    ]);
    expect(kept.map((o) => [o.letter, o.outcome, o.caseOf])).toEqual([
      ['W3', 'linked', 'W'],
      ['X2', 'linked', 'X'],
      ['V', 'created', 'V'],
    ]);
  });
  it('keeps a hot issue\'s window after a copy of an answered case opened a case of its own', async () => {
    const lamp = { title: '枫林雅苑小区门口路灯不亮', content: '枫林雅苑小区门口的三盏路灯已经坏了半个月，晚上出门一片漆黑，老人摔倒过两次，请尽快维修。' };
    const kept = await expectSameWithRestart([
      { letter: 'P', ...lamp, day: 0 },
      { answer: 'P', day: 1 },
      { letter: 'P2', ...lamp, day: 3 },
      { restart: true },
      { letter: 'Q', title: '枫林雅苑小区地下车库漏水', content: '枫林雅苑小区地下车库顶棚漏水严重，车辆被泡，物业说没有维修资金，请住建部门督促解决。', day: 9 },
    ]);
    expect(kept[0]).toMatchObject({ outcome: 'created', caseOf: 'Q' });
  });
  it('keeps the hot issue of a letter the site edited after it was registered', async () => {
    // The site took the estate's name out of the letter: the process that decided it read it with
    // the name, and so does one rebuilding from the store (the text as registered, MessageChange).
    const kept = await expectSameWithRestart([
      { letter: 'P', title: '碧水湾小区门口路灯不亮', content: '碧水湾小区门口的三盏路灯已经坏了半个月，晚上出门一片漆黑，老人摔倒过两次，请尽快维修。', day: 0 },
      { edit: 'P', title: '门口路灯不亮', content: '门口的三盏路灯已经坏了半个月，晚上出门一片漆黑，老人摔倒过两次，请尽快维修。', day: 1 },
      { restart: true },
      { letter: 'Q', title: '碧水湾小区地下车库漏水', content: '碧水湾小区地下车库顶棚漏水严重，车辆被泡，物业说没有维修资金，请住建部门督促解决。', day: 3 },
    ]);
    expect(kept[0]).toMatchObject({ outcome: 'created', caseOf: 'Q', hotIssue: expect.stringMatching(/@2026-11-02$/) });
  });
});
