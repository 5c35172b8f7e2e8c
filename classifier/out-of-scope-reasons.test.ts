/** The reason model of flags the learned out-of-scope model raises alone: fit, file round trip, use in the screening. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { OutOfScopeReason } from '../core/domain.js';
import { tinyOutOfScopeModel, tinyReasonModel } from './out-of-scope-model.fixture.js';
import { OutOfScopeModel, packOutOfScopeModel, parseOutOfScopeModel, serializeOutOfScopeModel, type OutOfScopeModelData } from './out-of-scope-model.js';
import { screenOutOfScope, shapeCues } from './out-of-scope.js';
import { featuresOf, fitReasonModel, textKey, type TrainingRow } from './out-of-scope-training.js';

const row = (title: string, content: string, reasons: OutOfScopeReason[], weight = 1): TrainingRow => ({
  id: title,
  title,
  content,
  key: textKey({ title, content }),
  features: featuresOf({ title, content }),
  positive: true,
  kind: 'staff',
  weight,
  reasons,
});

const rows: TrainingRow[] = [
  row('专业开锁换锁', '二十四小时上门开锁换锁，汽车锁保险柜都能开，收费合理。', ['advertising'], 3),
  row('开锁换锁上门服务', '专业开锁换锁修锁，防盗门指纹锁都能装，随叫随到，半小时上门。', ['advertising'], 3),
  row('换锁开锁就找老王', '老王开锁换锁十多年，各种门锁都能开，上门快，收费低。', ['advertising'], 3),
  row('想找个对象', '本人男，三十五岁，性格老实，想找个对象过日子，有意的女士联系我。', ['personal'], 3),
  row('找个对象过日子', '本人四十岁，丧偶，人老实能干，想找个对象一起过日子。', ['personal'], 3),
  // A row with two reasons is a partial label: either will do.
  row('征友', '本人老实，想找个对象，也可以上门帮忙开锁。', ['personal', 'advertising'], 3),
  ...['马路线真漂亮天才', '橘红色的天才在哪里', '天才就在身边真漂亮', '马路线是橘红色的', '漂亮的马路线天才'].map((t, i) => row(t, `${t}，${'看看这里'.repeat(i + 1)}`, ['no_substance'])),
];
const newAd = { title: '开锁师傅上门快', content: '开锁换锁找张师傅，防盗门保险柜汽车锁都能开，二十分钟上门。' };

function withReasons(reasons: OutOfScopeModelData['reasons']): OutOfScopeModelData {
  return {
    format: 'minsheng-out-of-scope',
    formatVersion: 1,
    version: 'test',
    createdAt: '2026-11-28T00:00:00Z',
    features: [],
    weights: new Float32Array(0),
    bias: 0,
    evidenceWords: [],
    settings: { alone: 0.5, support: 0.4 },
    training: {},
    reasons,
  };
}

describe('the reason model', () => {
  it('learns the reasons of the positives and names the words behind a new post of a kind', () => {
    const reasons = fitReasonModel(rows)!;
    expect(reasons.classes).toEqual(['no_substance', 'advertising', 'personal']);
    expect(reasons.training).toMatchObject({ rows: rows.length, byReason: { advertising: 4, personal: 3, no_substance: 5 } });
    const model = new OutOfScopeModel(withReasons(reasons));
    const verdict = model.reasonOf(newAd.title, newAd.content, shapeCues(newAd.title, newAd.content).cues)!;
    expect(verdict.code).toBe('advertising');
    expect(verdict.probability).toBeGreaterThanOrEqual(0.5);
    expect(verdict.words).toContain('开锁');
    const post = { title: '介绍对象', content: '本人三十八岁，性格老实，想找个对象过日子。' };
    expect(model.reasonOf(post.title, post.content, shapeCues(post.title, post.content).cues)?.code).toBe('personal');
  });

  it('is not trained when the positives carry fewer than two reasons (negatives and reasonless rows teach it nothing)', () => {
    const ads = rows.filter((r) => r.reasons?.[0] === 'advertising' && r.reasons.length === 1);
    expect(fitReasonModel([...ads, { ...rows[3]!, positive: false }, { ...rows[4]!, reasons: undefined }])).toBeUndefined();
  });

  it('survives the file format: same reasons, probabilities within the 16-bit step, words kept', () => {
    const data = withReasons(fitReasonModel(rows)!);
    const read = parseOutOfScopeModel(serializeOutOfScopeModel(data));
    expect(read.reasons).toMatchObject({ classes: data.reasons!.classes, features: data.reasons!.features, words: data.reasons!.words, minProbability: 0.5 });
    const [a, b] = [new OutOfScopeModel(data), new OutOfScopeModel(read)];
    for (const text of [newAd, { title: '马路线', content: '橘红色的天才真漂亮' }]) {
      const [va, vb] = [a.reasonOf(text.title, text.content)!, b.reasonOf(text.title, text.content)!];
      expect(vb.code).toBe(va.code);
      expect(vb.words).toEqual(va.words);
      expect(Math.abs(vb.probability - va.probability)).toBeLessThan(1e-3);
    }
  });

  it('leaves a model without one stored and read as before', () => {
    const data = withReasons(undefined);
    delete data.reasons;
    expect(Object.keys(packOutOfScopeModel(data))).not.toContain('reasons');
    const read = parseOutOfScopeModel(serializeOutOfScopeModel(data));
    expect('reasons' in read).toBe(false);
    expect(new OutOfScopeModel(read).reasonOf('开锁', '上门开锁')).toBeNull();
  });

  it('refuses a damaged reason model', () => {
    const stored = packOutOfScopeModel(withReasons(tinyReasonModel()));
    const damaged = { ...stored, reasons: { ...stored.reasons!, weights: [1] } };
    expect(() => parseOutOfScopeModel(gzipJson(damaged))).toThrow(/不予受理理由模型/);
    const unknownReason = { ...stored, reasons: { ...stored.reasons!, classes: ['no_substance', 'rude'] } };
    expect(() => parseOutOfScopeModel(gzipJson(unknownReason))).toThrow(/不予受理理由模型/);
  });
});

describe('screenOutOfScope: the reason of a flag the model raises alone', () => {
  const text = { title: '马路线', content: '请看橘红色的马路线，他是天才，真漂亮' };

  it('takes the reason model’s reason, with the words behind it', () => {
    const r = screenOutOfScope(text.title, text.content, { model: tinyOutOfScopeModel(undefined, tinyReasonModel()) });
    expect(r.flagged).toBe(true);
    expect(r.reasons[0]).toMatchObject({ code: 'personal', evidence: ['用词近似以往因“个人问题”未受理的留言：天才'] });
  });

  it('keeps the fixed fallback when the reason model is unsure, or absent', () => {
    for (const model of [tinyOutOfScopeModel(undefined, tinyReasonModel(0.99)), tinyOutOfScopeModel()]) {
      const r = screenOutOfScope(text.title, text.content, { model });
      expect(r.reasons[0]?.code).toBe('no_substance');
      expect(r.reasons[0]?.evidence[0]).toMatch(/^用词近似以往未受理的留言：/);
    }
  });

  it('keeps the fallback’s outside_authority when the reason model names no_substance', () => {
    // Without 天才 the reason model's top reason is no_substance (its bias is flat: 0.5 each, so make it sure).
    const reasons = { ...tinyReasonModel(0.4), weights: Float32Array.from([5, -5]) };
    const r = screenOutOfScope(text.title, '请看美国橘红色的马路线，他是天才，真漂亮', { model: tinyOutOfScopeModel(undefined, reasons) });
    expect(r.reasons[0]?.code).toBe('outside_authority');
  });

  it('keeps a weak rule finding’s reason when the model lifts it', () => {
    // 信访案件 alone is a weak rule finding (other, 0.4); the model lifts it, the reason model has no say.
    const lifted = screenOutOfScope('反映', '请看橘红色的天才，漂亮的信访案件', { model: tinyOutOfScopeModel({ alone: 1.01, support: 0.3 }, tinyReasonModel()) });
    expect(lifted.flagged).toBe(true);
    expect(lifted.reasons[0]?.code).toBe('other');
  });
});

function gzipJson(value: unknown): Buffer {
  return gzipSync(JSON.stringify(value));
}
