import { describe, expect, it } from 'vitest';
import { fitTemperature } from './calibration.js';
import { gunzipSync } from 'node:zlib';
import { countFeatureGroups, featureGroupOf, perGroupValues } from './feature-groups.js';
import { LinearScorer, trainLinear, type LinearTrainRow } from './linear-model.js';
import { parseModel, serializeModel } from './model-file.js';
import type { TrainedModel } from './types.js';

const classes = ['a', 'b', 'c'];
function rows(): LinearTrainRow[] {
  const out: LinearTrainRow[] = [];
  for (let i = 0; i < 60; i++) {
    out.push({ features: ['x', `n${i % 7}`], allowed: [0], weight: 1 });
    out.push({ features: ['y', `n${i % 5}`], allowed: [1], weight: 1 });
    // Partial label: "b or c"; the only c-evidence is z.
    out.push({ features: ['z', `n${i % 3}`], allowed: [1, 2], weight: 1 });
    out.push({ features: ['z', 'w'], allowed: [2], weight: 1 });
  }
  return out;
}

describe('trainLinear', () => {
  it('learns separable classes and respects partial labels', () => {
    const model = trainLinear(rows(), classes, { epochs: 8, minDf: 1, prune: 0 });
    const scorer = new LinearScorer(model);
    const argmax = (f: string[]) => {
      const p = scorer.probabilities(f);
      return classes[p.indexOf(Math.max(...p))];
    };
    expect(argmax(['x'])).toBe('a');
    expect(argmax(['y'])).toBe('b');
    expect(argmax(['z', 'w'])).toBe('c');
    const p = scorer.probabilities(['z']);
    // A row labelled "b or c" must not be pushed toward a.
    expect(p[0]!).toBeLessThan(0.1);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
  });

  it('trains on given feature values: the binary default exactly, and a heavier feature learns a smaller weight', () => {
    const base = rows();
    const binary = trainLinear(base, classes, { epochs: 4, minDf: 1, prune: 0 });
    const same = trainLinear(
      base.map((r) => ({ ...r, values: r.features.map(() => 1 / Math.sqrt(r.features.length)) })),
      classes,
      { epochs: 4, minDf: 1, prune: 0 },
    );
    expect(Array.from(same.weights)).toEqual(Array.from(binary.weights));
    expect(same.bias).toEqual(binary.bias);
    // x (the only evidence for a) counted three times as strongly needs less weight for the same fit.
    const heavy = trainLinear(
      base.map((r) => ({ ...r, values: r.features.map((f) => (f === 'x' ? 3 : 1) / Math.sqrt(r.features.length)) })),
      classes,
      { epochs: 4, minDf: 1, prune: 0 },
    );
    const weightOf = (m: typeof binary, f: string) => m.weights[m.features.indexOf(f) * classes.length]!;
    expect(weightOf(heavy, 'x')).toBeLessThan(weightOf(binary, 'x'));
    expect(weightOf(heavy, 'x')).toBeGreaterThan(0);
  });

  it('is reproducible for a seed and drops rare features', () => {
    const a = trainLinear(rows(), classes, { epochs: 3, minDf: 10, seed: 5 });
    const b = trainLinear(rows(), classes, { epochs: 3, minDf: 10, seed: 5 });
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(a.features).not.toContain('w2');
    expect(a.features).toContain('x');
  });

  it('lets per-source biases absorb a site that only ever says one class', () => {
    // Source 1 labels everything a whatever it says; source 0 splits by x / y. Without source
    // biases the shared bias learns "a"; with them it stays near source 0's balance.
    const mixed: LinearTrainRow[] = [];
    for (let i = 0; i < 60; i++) {
      mixed.push({ features: ['x', `n${i % 4}`], allowed: [0], weight: 1, source: 0 });
      mixed.push({ features: ['y', `n${i % 4}`], allowed: [1], weight: 1, source: 0 });
      for (let j = 0; j < 3; j++) mixed.push({ features: [j ? 'x' : 'y', `n${i % 4}`], allowed: [0], weight: 1, source: 1 });
    }
    const plain = trainLinear(mixed.map(({ source: _s, ...r }) => r), classes, { epochs: 8, minDf: 1, prune: 0 });
    const debiased = trainLinear(mixed, classes, { epochs: 8, minDf: 1, prune: 0 });
    expect(debiased.sourceBias).toHaveLength(2);
    expect(plain.sourceBias).toHaveLength(0);
    const pY = (m: typeof plain) => new LinearScorer(m).probabilities(['y'])[1]!;
    expect(pY(debiased)).toBeGreaterThan(pY(plain));
    expect(debiased.sourceBias[1]![0]!).toBeGreaterThan(debiased.sourceBias[0]![0]!);
  });

  it('keeps probabilities off the extremes with label smoothing', () => {
    const sharp = new LinearScorer(trainLinear(rows(), classes, { epochs: 8, minDf: 1, prune: 0 }));
    const smooth = new LinearScorer(trainLinear(rows(), classes, { epochs: 8, minDf: 1, prune: 0, labelSmoothing: 0.2 }));
    expect(smooth.probabilities(['x'])[0]!).toBeLessThan(sharp.probabilities(['x'])[0]!);
    expect(smooth.probabilities(['x'])[0]!).toBeGreaterThan(0.5);
  });

  it('explains with the features that favour the class', () => {
    const scorer = new LinearScorer(trainLinear(rows(), classes, { epochs: 5, minDf: 1, prune: 0 }));
    expect(scorer.topFeatures(['x', 'y'], 0, 1)[0]?.feature).toBe('x');
  });
});

describe('per-group norms', () => {
  // Two words, one title word, one pair, three cues: the groups present are 4.
  const features = ['w:路灯', 'w:不亮', 't:路灯', 'b:路灯_不亮', 'k:complain', 'q:len<30', 'q:title?'];
  const weights = new Float32Array(features.length * 2);
  features.forEach((_, i) => (weights[i * 2] = i + 1));
  const data = { kind: 'linear' as const, classes: ['a', 'b'], features, weights, bias: [0, 0], temperature: 1 };

  it('scales each group by its own norm, the groups alike', () => {
    // The fifth group (word clusters, an experiment's) is absent: value 0, and it takes no share of the norm.
    expect(perGroupValues(countFeatureGroups(features))).toEqual(Float64Array.from([1 / Math.sqrt(2 * 4), 1 / Math.sqrt(1 * 4), 1 / Math.sqrt(1 * 4), 1 / Math.sqrt(3 * 4), 0]));
    const v = perGroupValues(countFeatureGroups(features));
    const expected = features.reduce((s, f, i) => s + (i + 1) * v[featureGroupOf(f)]!, 0);
    expect(new LinearScorer({ ...data, featureNorm: 'per-group' }).logits(features).logits[0]).toBeCloseTo(expected, 5);
    // The same weights under one norm: every feature 1 / sqrt(7).
    expect(new LinearScorer(data).logits(features).logits[0]).toBeCloseTo(28 / Math.sqrt(7), 5);
    // Unknown features count in their group's norm, as in training.
    const withUnknown = [...features, 'w:未知'];
    const v2 = perGroupValues(countFeatureGroups(withUnknown));
    expect(new LinearScorer({ ...data, featureNorm: 'per-group' }).logits(withUnknown).logits[0]).toBeCloseTo(features.reduce((s, f, i) => s + (i + 1) * v2[featureGroupOf(f)]!, 0), 5);
  });

  it('refuses to score a per-group model without the group counts', () => {
    const scorer = new LinearScorer({ ...data, featureNorm: 'per-group' });
    expect(scorer.perGroup).toBe(true);
    expect(() => scorer.logitsOf([0, 1], 7)).toThrow(/各组特征数/);
    expect(new LinearScorer(data).logitsOf([0, 1], 7)[0]).toBeCloseTo(3 / Math.sqrt(7), 6);
  });

  it('weighs explanations by the group value: a cue among three weighs less than the only title word', () => {
    const w = new Float32Array(features.length * 2);
    w[2 * 2] = 1; // t:路灯
    w[4 * 2] = 1.5; // k:complain, a heavier weight, in a group of three
    const scorer = new LinearScorer({ ...data, weights: w, featureNorm: 'per-group' });
    expect(scorer.topFeatures(features, 0, 1)[0]?.feature).toBe('t:路灯');
    expect(new LinearScorer({ ...data, weights: w }).topFeatures(features, 0, 1)[0]?.feature).toBe('k:complain');
  });
});

describe('fitTemperature', () => {
  it('softens over-confident logits', () => {
    // Logits say 99% but only 70% are right: the fitted temperature must exceed 1.
    const held = Array.from({ length: 100 }, (_, i) => ({ logits: Float64Array.from([5, 0, 0]), allowed: [i < 70 ? 0 : 1] }));
    expect(fitTemperature(held)).toBeGreaterThan(2);
  });
});

describe('model file', () => {
  const modelFile = (category: TrainedModel['category'], unit: TrainedModel['unit']): TrainedModel => ({
    format: 'minsheng-classifier',
    formatVersion: 1,
    version: 't',
    createdAt: '2026-01-01T00:00:00Z',
    category,
    unit,
    training: { examples: 1, bySource: {}, options: {} },
  });

  it('round-trips through gzip JSON with 16-bit weights', () => {
    const category = trainLinear(rows(), classes, { epochs: 3, minDf: 1, prune: 0 });
    const model = modelFile({ ...category, temperature: 1.3 }, null);
    const back = parseModel(serializeModel(model));
    expect(back.category.features).toEqual(category.features);
    expect(back.category.temperature).toBe(1.3);
    const max = Math.max(...Array.from(category.weights).map(Math.abs));
    back.category.weights.forEach((w, i) => expect(Math.abs(w - category.weights[i]!)).toBeLessThan(max / 30000));
  });

  it('keeps a per-group model per-group, and writes a one-norm model as before', () => {
    const category = trainLinear(rows(), classes, { epochs: 3, minDf: 1, prune: 0 });
    const model = modelFile({ ...category, featureNorm: 'per-group' }, { ...category });
    const back = parseModel(serializeModel(model));
    expect(back.category.featureNorm).toBe('per-group');
    expect(back.unit).not.toHaveProperty('featureNorm');
    const stored = JSON.parse(gunzipSync(serializeModel(model)).toString('utf8')) as { formatVersion: number; category: object; unit: object };
    expect(stored.unit).not.toHaveProperty('featureNorm');
    // Version 2, so that a reader of version 1 refuses the file instead of scoring it with one norm.
    expect(stored.formatVersion).toBe(2);
    const oneNorm = JSON.parse(gunzipSync(serializeModel({ ...model, category: category })).toString('utf8')) as { formatVersion: number };
    expect(oneNorm.formatVersion).toBe(1);
    expect(() => parseModel(Buffer.from(JSON.stringify({ ...stored, formatVersion: 3 })))).toThrow(/格式或版本不符/);
    const odd = serializeModel(model).toString('base64');
    const bad = JSON.parse(gunzipSync(Buffer.from(odd, 'base64')).toString('utf8')) as { category: { featureNorm: string } };
    bad.category.featureNorm = 'tf-idf';
    expect(() => parseModel(Buffer.from(JSON.stringify(bad)))).toThrow(/归一化方式未知/);
  });

  it('rejects a file that is not a model', () => {
    expect(() => parseModel(Buffer.from('{"a":1}'))).toThrow(/不是本系统的分类模型/);
    expect(() => parseModel(Buffer.from('nope'))).toThrow(/无法解析/);
  });
});
