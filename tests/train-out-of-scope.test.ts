/**
 * `minsheng train --from-store` teaches the out-of-scope screening too: the staff's 不予受理
 * decisions and their registrations of flagged messages train an out-of-scope model that the new
 * model file carries (classifier/train-out-of-scope.ts, workflow/training/list-out-of-scope-decisions.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier, readModelFile, screenOutOfScope, type Classifier } from '../classifier/index.js';
import { main } from '../cli/main.js';
import {
  decideNotAccepted,
  ensureSource,
  listOutOfScopeDecisions,
  mergeCases,
  recordMessage,
  registerCase,
  registerMessage,
  reopenCase,
  type Actor,
} from '../workflow/index.js';
import { openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';
import { locksmithAds, newLocksmithAd } from './helpers/locksmith-ads.js';
import { writeTinyTrainingSet } from './helpers/tiny-training-set.js';

const egov: Actor = { userId: 'u1', username: 'egov', role: 'egov_centre' };
let store: Awaited<ReturnType<typeof openTestPostgresStore>>;
let dir: string;

const ads = locksmithAds;
const newAd = newLocksmithAd;
/** An online shopper's complaint the committed model flags (it reads like the Dalian posts the platform declined). */
const flaggedComplaint = {
  title: '网购电水壶售后不处理',
  content: '在网上通过微信购买一个电水壶九十九元，打开包装发现外壳损坏严重，联系客服回复相当迟缓，一直未做处理，希望监管部门给予解决，维护消费者权益。',
};
const newComplaint = { title: '网购售后懈怠', content: '在网上购买一款电饭煲，打开包装盒发现外壳损坏，联系客服回复相当迟缓，一直未做处理，希望监管部门给予解决。' };

let seq = 0;
async function newCase(text: { title: string; content: string }, flagged = false): Promise<string> {
  const { messageId } = await recordMessage(store.db, { sourceId: 's', channel: 'district_mailbox', siteId: `m${seq++}`, title: text.title, content: text.content, fetchedAt: new Date().toISOString() });
  const { caseId } = await registerMessage(store.db, {
    messageId,
    classification: {
      category: '投诉',
      confidence: 0.5,
      outOfScope: { flagged, reasons: flagged ? [{ code: 'no_substance', evidence: ['用词近似以往未受理的留言'] }] : [] },
      complexity: { value: 'simple' },
      urgency: { value: 'normal' },
      unit: { value: null },
    },
  });
  return caseId;
}

const env = () => ({ DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent', MINSHENG_DATA_DIR: dir });
async function train(args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['train', '--data', path.join(dir, 'base.jsonl'), ...args], { env: env(), io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
  expect(code, err).toBe(0);
  return { out, err };
}

beforeAll(async () => {
  store = await openTestPostgresStore();
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-train-oos-'));
  await ensureSource(store.db, { id: 's', name: 's', channel: 'district_mailbox' });
  // Staff decide the advertisements 不予受理, and register the flagged complaint (overruling the flag).
  for (const [title, content] of ads) await decideNotAccepted(store.db, { caseId: await newCase({ title, content }), reasons: ['advertising'], note: '商业广告', actor: egov });
  await registerCase(store.db, { caseId: await newCase(flaggedComplaint, true), category: '投诉', note: '有具体诉求，予以受理', actor: egov });
  await registerCase(store.db, { caseId: await newCase({ title: '印台区哪里可以办理居住证', content: '请问在印台区办理居住证需要带什么材料，去哪个窗口办理？' }), category: '咨询', actor: egov });
  // Not examples: a case still awaiting review, a merged one, and one re-opened (its latest decision) and waiting again.
  await newCase({ title: '路灯不亮', content: '城关街道新华路的路灯坏了一个月，晚上很黑，请尽快维修。' });
  const into = await newCase({ title: '小区停水', content: '三里洞小区停水三天了，没有任何通知，请问什么时候来水？' });
  await registerCase(store.db, { caseId: into, category: '咨询', actor: egov });
  await mergeCases(store.db, { caseId: await newCase({ title: '小区停水三天', content: '三里洞小区停水三天了，请问什么时候恢复供水？' }), intoCaseId: into, note: '同一事项', actor: egov });
  const reopened = await newCase({ title: '暖气不热', content: '王石凹街道家属院暖气不热，室温只有十二度，请供热公司处理。' });
  await decideNotAccepted(store.db, { caseId: reopened, reasons: ['no_substance'], note: '误判', actor: egov });
  await reopenCase(store.db, { caseId: reopened, note: '有具体诉求', actor: egov });
  await writeTinyTrainingSet(path.join(dir, 'base.jsonl'));
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('staff out-of-scope decisions as training data', () => {
  it('lists 不予受理 cases as positives with their reasons and registered ones as negatives, the overruled flag marked', async () => {
    const decisions = await listOutOfScopeDecisions(store.db);
    const byTitle = new Map(decisions.examples.map((e) => [e.title, e]));
    for (const [title] of ads) expect(byTitle.get(title)).toMatchObject({ outOfScope: true, reasons: ['advertising'], overruled: false });
    expect(byTitle.get(flaggedComplaint.title)).toMatchObject({ outOfScope: false, reasons: [], overruled: true });
    expect(byTitle.get('印台区哪里可以办理居住证')).toMatchObject({ outOfScope: false, overruled: false });
    // The merged case's message is its target's now: one registered case, two messages.
    expect(byTitle.get('小区停水三天')).toMatchObject({ outOfScope: false });
    expect(byTitle.has('路灯不亮')).toBe(false);
    expect(byTitle.has('暖气不热')).toBe(false);
    expect(decisions).toMatchObject({ notAcceptedCases: 3, registeredCases: 3, overruledCases: 1 });
    expect(decisions.examples).toHaveLength(7);
  });

  it('train --from-store writes a model whose screening learnt them; the committed model screens as before', async () => {
    const file = path.join(dir, 'staff.json.gz');
    const { out } = await train(['--from-store', '--output', file]);
    expect(out).toContain('加上工作人员决定不予受理的留言 3 条（按理由：商业广告或要求赞助 3）、登记受理的留言 4 条（其中推翻了不予受理提示或决定的 1 条），每条按 3 倍权重计');
    expect(out).toContain('此模型文件同时带有不予受理筛查模型');
    expect(readModelFile(file).outOfScope?.settings).toEqual({ alone: 0.5, support: 0.4 });

    const committed = await loadClassifier();
    const trained = await loadClassifier({ modelFile: file });
    const flagged = (c: Classifier, text: { title: string; content: string }) => c.classify(text).outOfScope.flagged;
    // Before: the new advertisement passes, the complaints of the overruled kind are flagged.
    expect(flagged(committed, newAd)).toBe(false);
    expect(flagged(committed, newComplaint)).toBe(true);
    expect(flagged(committed, flaggedComplaint)).toBe(true);
    // After: the other way round.
    expect(flagged(trained, newAd)).toBe(true);
    expect(flagged(trained, newComplaint)).toBe(false);
    expect(flagged(trained, flaggedComplaint)).toBe(false);
    // Flagged by the model alone, under the reason staff gave the advertisements, with the words behind it.
    expect(trained.classify(newAd).outOfScope.reasons).toEqual([{ code: 'advertising', evidence: ['用词近似以往因“广告”未受理的留言：开锁、上门'], confidence: expect.any(Number) }]);
    expect(out).toMatch(/模型单独标记时的理由：按共享数据弱标注正例和工作人员决定的理由学习（无实质性内容或无法核实 \d+，商业广告或要求赞助 3），把握不足时沿用/);
    // What it learnt is these kinds, not a general shift: an ordinary question stays in scope,
    // a post of the kind the committed model flags that staff never decided stays flagged.
    expect(flagged(trained, { title: '咨询', content: '请问孩子上小学需要准备哪些材料？户口在印台区。' })).toBe(false);
    const other = { title: '外卖平台处罚不合理', content: '外卖平台只要有商家投诉不管申诉成功和失败都会让骑手停单。如果申诉成功我觉得应该把停单的损失补偿回来。' };
    expect(flagged(committed, other)).toBe(true);
    expect(flagged(trained, other)).toBe(true);
  });

  it('a model file without an embedded out-of-scope model (train without --from-store, older files) screens with the committed one', async () => {
    const file = path.join(dir, 'plain.json.gz');
    const { out } = await train(['--output', file]);
    expect(out).toContain('不予受理筛查：未加入台账数据（--from-store），沿用随附的不予受理模型');
    expect(readModelFile(file).outOfScope).toBeUndefined();
    const plain = await loadClassifier({ modelFile: file });
    for (const text of [newAd, newComplaint, flaggedComplaint, { title: ads[0][0], content: ads[0][1] }]) {
      expect(plain.classify(text).outOfScope).toEqual(screenOutOfScope(text.title, text.content));
    }
  });
});
