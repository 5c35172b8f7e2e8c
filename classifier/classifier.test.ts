import { describe, expect, it } from 'vitest';
import { categories } from '../core/index.js';
import { defaultModelFile, loadClassifier } from './classifier.js';
import { extractFeatures } from './features.js';
import { LinearScorer } from './linear-model.js';
import { readModelFile } from './model-file.js';

// The committed default model, as the rest of the project loads it.
const classifier = await loadClassifier();

describe('default classifier', () => {
  it('returns the full, well-formed classification', () => {
    const c = classifier.classify({ title: '请问孩子上小学要准备什么材料', content: '孩子今年满六岁，户口在印台区城关街道，请问报名需要哪些材料？' });
    expect(categories).toContain(c.category);
    const sum = Object.values(c.probabilities).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 3);
    expect(c.confidence).toBe(c.probabilities[c.category]);
    expect(c.modelVersion).toBe(classifier.version);
    expect(c.explanation.length).toBeGreaterThan(0);
    expect(['simple', 'complex']).toContain(c.complexity.value);
    expect(['normal', 'urgent']).toContain(c.urgency.value);
    expect(c.outOfScope.flagged).toBe(false);
  });

  it('scores through its feature index exactly as the model scores the feature strings (per-group norms)', () => {
    const model = readModelFile(defaultModelFile);
    expect(model.category.featureNorm).toBe('per-group');
    const scorer = new LinearScorer(model.category);
    for (const message of [
      { title: '小区供暖不热怎么办？', content: '我们小区供暖不热，暖气不热，多次反映，物业不管？？请问怎么办' },
      { title: '感谢', content: '' },
      { title: '建议在王益路增设红绿灯', content: '王益路与北关路交叉口车多人多，建议增设红绿灯和斑马线，保障行人安全。谢谢！'.repeat(5) },
    ]) {
      const expected = scorer.probabilities(extractFeatures(message));
      const got = classifier.classify(message).probabilities;
      categories.forEach((c, k) => expect(got[c]).toBeCloseTo(expected[k]!, 4));
    }
  });

  it('explains with whole words, never a pair glued into a fragment (请相关, 部门管)', () => {
    const c = classifier.classify({ title: '垃圾清运不及时', content: '村里的垃圾箱已经满了好几天，请相关部门管一管，希望环卫部门每天按时清运。' });
    expect(c.explanation.length).toBeGreaterThan(0);
    for (const word of c.explanation) expect(word).toMatch(/^[^·]{2,}(·[^·]{2,})?$/);
    expect(c.explanation).not.toContain('请相关');
    expect(c.explanation).not.toContain('部门管');
  });

  it('reads plain questions, complaints, suggestions and thanks the way a reader would', () => {
    expect(classifier.classify({ title: '咨询公积金提取', content: '请问在职职工提取住房公积金需要什么手续？' }).category).toBe('咨询');
    expect(classifier.classify({ title: '举报饭店油烟扰民', content: '楼下饭店油烟直排，噪音到半夜，多次找过没人管，强烈投诉！' }).category).toBe('投诉');
    expect(classifier.classify({ title: '建议增加公交线路', content: '建议在新区增开一条公交线路，方便居民出行，希望有关部门考虑。' }).category).toBe('建议');
    expect(classifier.classify({ title: '感谢社区工作人员', content: '感谢社区网格员热心帮助我家老人办理手续，特此表扬！' }).category).toBe('其他');
  });

  it('suggests a handling unit from the directory with evidence', () => {
    const c = classifier.classify({ title: '公司拖欠工资', content: '我在工地干活半年，老板拖欠农民工工资三万元不给。' });
    expect(c.unit.value).toBe('区人社局');
    expect(c.unit.confidence).toBeGreaterThan(0);
  });

  it('reads a post scraped with the page’s markup (tags, &nbsp;, &#12290;) as the text it shows', () => {
    const plain = { title: '小区门口的路灯坏了', content: '我们小区门口的路灯已经坏了一个多月，晚上出行很不安全，老人孩子经常摔倒。请问什么时候能修好？谢谢！' };
    const marked = { title: plain.title, content: `<div class="content"><p>${plain.content.replace(/，/g, '，&nbsp;').replace(/。/g, '&#12290;<br/>')}</p></div>` };
    const { modelVersion: _a, ...expected } = classifier.classify(plain);
    const { modelVersion: _b, ...got } = classifier.classify(marked);
    expect(got).toEqual(expected);
    // A body a site stored percent-encoded, as the duplicate check reads it.
    const { modelVersion: _c, ...decoded } = classifier.classify({ title: plain.title, content: encodeURIComponent(plain.content) });
    expect(decoded).toEqual(expected);
  });

  it('reads a post in traditional script as the same post in simplified script', () => {
    const simplified = classifier.classify({ title: '陈炉镇垃圾没人清理', content: '我们村的垃圾已经堆了一个多月了，气味很大，多次向镇政府反映都没有人处理，请有关部门尽快清理。' });
    const traditional = classifier.classify({ title: '陳爐鎮垃圾沒人清理', content: '我們村的垃圾已經堆了一個多月了，氣味很大，多次向鎮政府反映都沒有人處理，請有關部門盡快清理。' });
    expect(traditional.category).toBe(simplified.category);
    for (const c of categories) expect(Math.abs(traditional.probabilities[c] - simplified.probabilities[c])).toBeLessThan(0.05);
    expect(traditional.unit.value).toBe(simplified.unit.value);
    expect(traditional.unit.evidence).toEqual(simplified.unit.evidence);
    expect(traditional.complexity.value).toBe(simplified.complexity.value);
    expect(traditional.explanation).toEqual(simplified.explanation);
  });

  it('takes another unit directory as data', async () => {
    const custom = await loadClassifier({ unitDirectory: [{ name: '测试水务站', kind: 'department', keywords: ['自来水'] }] });
    const c = custom.classify({ title: '自来水停了', content: '小区自来水停了两天' });
    // Only the given directory's units may be suggested, whatever the model was trained on.
    expect(c.unit.value).toBe('测试水务站');
    expect(c.unit.evidence).toContain('自来水');
  });

  it('copes with empty and hostile input', () => {
    const c = classifier.classify({ title: '', content: '' });
    expect(categories).toContain(c.category);
    expect(c.outOfScope.flagged).toBe(true);
    const long = classifier.classify({ title: 'x'.repeat(10_000), content: '\u0000'.repeat(100_000) });
    expect(categories).toContain(long.category);
  });
});
