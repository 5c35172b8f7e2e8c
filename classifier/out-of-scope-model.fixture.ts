/** A hand-made learned out-of-scope model for the screening's tests (the committed model is trained on data). */
import { OutOfScopeModel, parseOutOfScopeModel, serializeOutOfScopeModel, wordKey, type OutOfScopeModelData } from './out-of-scope-model.js';

/** A hand-made model: 橘红, 天才 and 漂亮 push a message towards out of scope. */
export function tinyOutOfScopeModel(settings = { alone: 0.5, support: 0.3 }): OutOfScopeModel {
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
  };
  // Through the file format, as the screening loads it.
  return new OutOfScopeModel(parseOutOfScopeModel(serializeOutOfScopeModel(data)));
}
