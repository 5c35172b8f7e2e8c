import { describe, expect, it } from 'vitest';
import { defaultModelFile } from './classifier.js';
import { countFeatureGroups } from './feature-groups.js';
import { FeatureIndex } from './feature-index.js';
import { extractFeatures, type FeatureSink } from './features.js';
import { LinearScorer } from './linear-model.js';
import { readModelFile } from './model-file.js';
import type { LinearModelData, MessageText } from './types.js';
import { unitFeatures } from './units.js';
import { seededRandom } from '../core/index.js';

const linear = (features: string[], classes = ['a', 'b']): LinearModelData => ({
  kind: 'linear',
  classes,
  features,
  weights: new Float32Array(features.length * classes.length),
  bias: classes.map(() => 0),
  temperature: 1,
});

/** What the classifier computed before FeatureIndex: the feature strings, then one lookup per model. */
function reference(category: LinearModelData, unit: LinearModelData | null, message: MessageText) {
  const features = extractFeatures(message);
  const words = unitFeatures(features);
  return {
    featureCount: features.length,
    groupCounts: countFeatureGroups(features),
    categoryRows: new LinearScorer(category).lookup(features),
    unitFeatureCount: words.length,
    unitRows: unit ? new LinearScorer(unit).lookup(words) : [],
  };
}

/** Many distinct words: random Han characters (seeded), so jieba cuts them into varied words. */
function randomHan(length: number, seed: number): string {
  const random = seededRandom(seed);
  return Array.from({ length }, () => String.fromCharCode(0x4e00 + Math.floor(random() * 3000))).join('');
}

const messages: MessageText[] = [
  { title: '小区供暖不热怎么办？', content: '我们小区供暖不热，暖气不热，多次反映，小区物业不管？？请问怎么办' },
  { title: '请问', content: '' },
  { title: '', content: '' },
  { title: '建议增加公交线路', content: '建议增加公交线路。建议增加公交线路！' },
  { title: 'a_b测试', content: '测试a_b测试a_b_c测试a测试b_c，账号user_name登录失败' },
  { title: 'ＡＢＣ全角＿下划线', content: '电话１３８００１３８０００，网址http://x.cn/a_b?c=1' },
  { title: randomHan(200, 1), content: randomHan(5000, 2) },
];

describe('FeatureIndex', () => {
  it('gives the rows and counts of extractFeatures + LinearScorer.lookup with the committed model', () => {
    const model = readModelFile(defaultModelFile);
    const index = new FeatureIndex(model.category.features, model.unit?.features ?? null);
    for (const message of messages) expect(index.rowsOf(message)).toEqual(reference(model.category, model.unit, message));
  });

  it('agrees on every kind of feature, with repeats, features listed twice and features no message has', () => {
    const all = [...new Set(messages.flatMap((m) => extractFeatures(m)))];
    // Every other feature known to the category model, every third word feature to the unit
    // model, a few listed twice (the last row counts, as in LinearScorer) and some never seen.
    const categoryFeatures = [...all.filter((_, i) => i % 2 === 0), 'b:x_y_z', 'w:从未出现', 'k:none', ...all.slice(0, 5)];
    const unitWords = [...all.filter((f, i) => i % 3 === 0 && (f.startsWith('w:') || f.startsWith('t:'))), 'b:a_b', 'k:ask', 't:从未出现'];
    const category = linear(categoryFeatures);
    const unit = linear(unitWords, ['u1', 'u2', 'u3']);
    const index = new FeatureIndex(category.features, unit.features);
    let known = 0;
    let knownUnit = 0;
    for (const message of messages) {
      const rows = index.rowsOf(message);
      expect(rows).toEqual(reference(category, unit, message));
      known += rows.categoryRows.length;
      knownUnit += rows.unitRows.length;
    }
    // Not a comparison of empty lists: both models know many of the messages' features.
    expect(known).toBeGreaterThan(100);
    expect(knownUnit).toBeGreaterThan(30);
    // Without a unit model, only the category rows.
    const alone = new FeatureIndex(category.features, null);
    for (const message of messages) expect(alone.rowsOf(message)).toEqual(reference(category, null, message));
  });

  it('counts two pairs that spell the same feature once (words with `_`, which jieba splits off today)', () => {
    const calls = (sink: FeatureSink) => {
      sink.word('t:', 'a_b');
      sink.word('w:', 'a_b');
      sink.word('w:', 'c');
      sink.pair('a_b', 'c');
      sink.word('w:', 'a');
      sink.pair('c', 'a');
      sink.word('w:', 'b_c');
      sink.pair('a', 'b_c');
      sink.word('w:', 'a');
      sink.pair('b_c', 'a');
      sink.word('w:', 'b');
      sink.pair('a', 'b');
      sink.pair('a', 'b');
      sink.cue('q:?');
      sink.cue('q:?');
    };
    const strings = new Set<string>();
    calls({ word: (p, w) => strings.add(`${p}${w}`), pair: (a, b) => strings.add(`b:${a}_${b}`), cue: (f) => strings.add(f) });
    const features = [...strings];
    expect(features.filter((f) => f === 'b:a_b_c')).toHaveLength(1);
    const category = linear(['b:a_b_c', 'b:a_b', 'b:c_a', 'w:a_b', 'q:?', 't:a_b', 'b:b_c_a']);
    const unit = linear(['w:b_c', 't:a_b', 'w:c']);
    const rows = new FeatureIndex(category.features, unit.features).rowsOfWalk(calls);
    const words = unitFeatures(features);
    expect(rows).toEqual({
      featureCount: features.length,
      groupCounts: countFeatureGroups(features),
      categoryRows: new LinearScorer(category).lookup(features),
      unitFeatureCount: words.length,
      unitRows: new LinearScorer(unit).lookup(words),
    });
    expect(rows.categoryRows).toHaveLength(7);
  });

  it('forgets the previous message', () => {
    const model = readModelFile(defaultModelFile);
    const index = new FeatureIndex(model.category.features, model.unit?.features ?? null);
    const first = index.rowsOf(messages[0]!);
    index.rowsOf(messages[6]!);
    expect(index.rowsOf(messages[0]!)).toEqual(first);
  });
});
