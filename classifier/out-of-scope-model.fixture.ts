/** A hand-made learned out-of-scope model for the screening's tests (the committed model is trained on data). */
import { OutOfScopeModel, parseOutOfScopeModel, serializeOutOfScopeModel, wordKey, type OutOfScopeModelData } from './out-of-scope-model.js';
import type { OutOfScopeReasonModelData } from './out-of-scope-reasons.js';

/** A hand-made reason model: 天才 pushes towards personal, against no_substance. */
export function tinyReasonModel(minProbability = 0.5): OutOfScopeReasonModelData {
  return {
    classes: ['no_substance', 'personal'],
    features: [`c:${wordKey('天才')}`],
    weights: Float32Array.from([-5, 5]),
    bias: [0, 0],
    words: ['天才'],
    minProbability,
    training: { rows: 0, byReason: {} },
  };
}

/** A hand-made model: 橘红, 天才 and 漂亮 push a message towards out of scope; `reasons`: its reason model, if any. */
export function tinyOutOfScopeModel(settings = { alone: 0.5, support: 0.3 }, reasons?: OutOfScopeReasonModelData): OutOfScopeModel {
  const words = ['橘红', '天才', '漂亮'];
  const data: OutOfScopeModelData = {
    format: 'minsheng-out-of-scope',
    formatVersion: 1,
    version: 'test',
    createdAt: '2026-11-28T00:00:00Z',
    features: [...words.map((w) => `c:${wordKey(w)}`), 'x:norequest'],
    weights: Float32Array.from([6, 6, 6, 1]),
    bias: -3,
    evidenceWords: words,
    settings,
    training: {},
    ...(reasons ? { reasons } : {}),
  };
  // Through the file format, as the screening loads it.
  return new OutOfScopeModel(parseOutOfScopeModel(serializeOutOfScopeModel(data)));
}
