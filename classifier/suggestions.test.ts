/** Complexity and urgency suggestions: the words that drive them. */
import { describe, expect, it } from 'vitest';
import { suggestComplexity, suggestUrgency } from './suggestions.js';

describe('suggestions', () => {
  it('marks danger as urgent with evidence and routine questions as normal', () => {
    const u = suggestUrgency('楼道燃气泄漏', '我们楼道里有很大的煤气味，怀疑燃气泄漏，非常危险');
    expect(u.value).toBe('urgent');
    expect(u.evidence.length).toBeGreaterThan(0);
    expect(suggestUrgency('咨询社保', '请问养老保险怎么缴费').value).toBe('normal');
  });

  it('marks long-running multi-party matters as complex and short questions as simple', () => {
    const c = suggestComplexity('拆迁补偿多年未解决', '我家2012年被拆迁，补偿款至今未到位，多次反映，街道和住建局相互推诿。', '投诉');
    expect(c.value).toBe('complex');
    expect(suggestComplexity('咨询', '请问公积金怎么提取', '咨询').value).toBe('simple');
  });
});
