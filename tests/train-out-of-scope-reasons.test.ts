/**
 * `minsheng train --from-store` learns which reason a flag the out-of-scope model raises alone
 * should carry: staff decide two kinds of post 不予受理 for two reasons (locksmiths' advertisements:
 * advertising; requests to find a partner: personal), neither of which the rules nor the committed
 * model flag, and the new file files a new post of each kind under the reason staff gave
 * (classifier/out-of-scope-reasons.ts), with the words behind it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier, loadClassifier, readModelFile } from '../classifier/index.js';
import { main } from '../cli/main.js';
import { decideNotAccepted, ensureSource, recordMessage, registerCase, registerMessage, type Actor } from '../workflow/index.js';
import type { OutOfScopeReason } from '../core/index.js';
import { openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';
import { locksmithAds, newLocksmithAd } from './helpers/locksmith-ads.js';
import { writeTinyTrainingSet } from './helpers/tiny-training-set.js';

const egov: Actor = { userId: 'u1', username: 'egov', role: 'egov_centre' };
let store: Awaited<ReturnType<typeof openTestPostgresStore>>;
let dir: string;

const ads = locksmithAds;
/** Requests to find a partner: a purely personal matter (第三条㈡3). */
const partners = [
  ['想找个对象', '本人男，三十五岁，在印台区上班，有房有车，性格老实，想找个对象过日子，年龄相仿的女士可以联系我。'],
  ['征婚交友', '本人女，三十岁，离异无孩，身高一米六，希望找个踏实过日子的男士做对象，年龄三十到四十岁，印台本地优先。'],
  ['找个对象过日子', '本人四十岁，丧偶，有一个孩子，人老实能干，想找个对象一起过日子，有意的女士请联系。'],
] as const;
const newAd = newLocksmithAd;
const newPartner = { title: '求介绍对象', content: '本人男，三十八岁，性格老实，有稳定工作，想找个对象踏实过日子，离异也可以，请有意者联系。' };

let seq = 0;
async function newCase(title: string, content: string): Promise<string> {
  const { messageId } = await recordMessage(store.db, { sourceId: 's', channel: 'district_mailbox', siteId: `m${seq++}`, title, content, fetchedAt: new Date().toISOString() });
  const { caseId } = await registerMessage(store.db, {
    messageId,
    classification: { category: '投诉', confidence: 0.5, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: null } },
  });
  return caseId;
}

beforeAll(async () => {
  store = await openTestPostgresStore();
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-train-oos-reasons-'));
  await ensureSource(store.db, { id: 's', name: 's', channel: 'district_mailbox' });
  const decide = async (posts: readonly (readonly [string, string])[], reason: OutOfScopeReason) => {
    for (const [title, content] of posts) await decideNotAccepted(store.db, { caseId: await newCase(title, content), reasons: [reason], note: '不予受理', actor: egov });
  };
  await decide(ads, 'advertising');
  await decide(partners, 'personal');
  await registerCase(store.db, { caseId: await newCase('印台区哪里可以办理居住证', '请问在印台区办理居住证需要带什么材料，去哪个窗口办理？'), category: '咨询', actor: egov });
  await writeTinyTrainingSet(path.join(dir, 'base.jsonl'));
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the reason of a flag the retrained out-of-scope model raises alone', () => {
  it('is the reason staff gave posts of that kind, with the words behind it', async () => {
    const file = path.join(dir, 'staff.json.gz');
    let out = '';
    let err = '';
    const env = { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent', MINSHENG_DATA_DIR: dir };
    const code = await main(['train', '--data', path.join(dir, 'base.jsonl'), '--from-store', '--output', file], {
      env,
      io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
    });
    expect(code, err).toBe(0);
    expect(out).toContain('加上工作人员决定不予受理的留言 6 条（按理由：商业广告或要求赞助 3，纯属个人问题 3）、登记受理的留言 1 条');
    expect(out).toMatch(/模型单独标记时的理由：按共享数据弱标注正例和工作人员决定的理由学习（无实质性内容或无法核实 \d+，商业广告或要求赞助 3，纯属个人问题 3），把握不足时沿用/);

    const committed = await loadClassifier();
    // Neither the rules nor the committed model flag these kinds.
    for (const [title, content] of [...ads, ...partners]) expect(committed.classify({ title, content }).outOfScope.flagged, title).toBe(false);
    for (const text of [newAd, newPartner]) expect(committed.classify(text).outOfScope.flagged).toBe(false);

    const model = readModelFile(file);
    expect(model.outOfScope?.reasons?.classes).toEqual(['no_substance', 'advertising', 'personal']);
    const trained = createClassifier(model);
    const partner = trained.classify(newPartner).outOfScope;
    expect(partner.flagged).toBe(true);
    expect(partner.reasons).toHaveLength(1);
    expect(partner.reasons[0]?.code).toBe('personal');
    expect(partner.reasons[0]?.evidence).toEqual([expect.stringMatching(/^用词近似以往因“个人问题”未受理的留言：(.*、)?对象(、|$)/)]);
    expect(trained.classify(newAd).outOfScope.reasons[0]).toMatchObject({ code: 'advertising', evidence: ['用词近似以往因“广告”未受理的留言：开锁、上门'] });

    // The same file without its reason model flags the same posts under the fixed fallback.
    const { reasons, ...withoutReasons } = model.outOfScope!;
    expect(reasons).toBeDefined();
    const plain = createClassifier({ ...model, outOfScope: withoutReasons });
    for (const text of [newAd, newPartner]) {
      const screened = plain.classify(text).outOfScope;
      expect(screened.flagged).toBe(true);
      expect(screened.reasons[0]?.code).toBe('no_substance');
      expect(screened.reasons[0]?.evidence[0]).toMatch(/^用词近似以往未受理的留言：/);
    }
  });
});
