import { describe, expect, it } from 'vitest';
import type { HeldOutLogits } from './calibration.js';
import { trainCategoryModel } from './train-category.js';
import type { TrainingExample } from './types.js';

// Enough rows for a calibration slice (50 or more), with merged labels among them.
function examples(): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (let i = 0; i < 40; i++) {
    out.push({ title: `请问社保怎么办理${i % 4}`, content: '请问需要什么材料，在哪里办理？', label: '咨询', source: 'a' });
    out.push({ title: `小区噪音扰民${i % 5}`, content: '工地夜间施工噪音太大，投诉。', label: '投诉', source: 'a' });
    out.push({ title: `反映路灯不亮${i % 3}`, content: '路灯坏了很久没人修。', label: '投诉|求助|建议', source: 'b' });
  }
  return out;
}

describe('trainCategoryModel onHeldOut', () => {
  it('hands out every held-out row (merged labels included) and the temperature, and trains the same model', () => {
    const options = { epochs: 3, minDf: 1, prune: 0, sourceBiases: true };
    let held: HeldOutLogits[] = [];
    let temperature = 0;
    const withHook = trainCategoryModel(examples(), { ...options, onHeldOut: (rows, t) => ([held, temperature] = [rows, t]) });
    const without = trainCategoryModel(examples(), options);
    expect(held.length).toBeGreaterThan(0);
    expect(held.some((row) => row.allowed.length > 1)).toBe(true);
    expect(held.every((row) => row.logits.length === 5)).toBe(true);
    expect(temperature).toBe(withHook.temperature);
    expect(withHook).toEqual(without);
  });
});
