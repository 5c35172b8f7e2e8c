/** Complexity and urgency suggestions: the words that drive them. */
import { describe, expect, it } from 'vitest';
import { suggestComplexity, suggestUrgency } from './suggestions.js';

describe('suggestions', () => {
  it('marks danger as urgent with evidence and routine questions as normal', () => {
    const u = suggestUrgency('楼道燃气泄漏', '我们楼道里有很大的煤气味，怀疑燃气泄漏，非常危险');
    expect(u.value).toBe('urgent');
    expect(u.evidence).toContain('燃气泄漏');
    expect(suggestUrgency('咨询社保', '请问养老保险怎么缴费').value).toBe('normal');
  });

  // Each of these was suggested normal before the urgency model of the urgency brief (one cue word
  // or none of the old list): a facade falling, a building's power cut with a baby, a flat at 12 °C
  // with someone made ill, a lift that drops.
  it('finds urgent messages in the words of their kind, naming those words', () => {
    const facade = suggestUrgency('3号楼外墙皮脱落', '小区3号楼外墙皮大面积脱落，随时可能砸到行人，非常危险', '投诉');
    expect(facade.value).toBe('urgent');
    expect(facade.evidence[0]).toBe('外墙皮脱落');
    const power = suggestUrgency('整栋楼停电三天了', '我们整栋楼50多户已经停电三天了，家里有刚满月的孩子，请尽快恢复供电', '求助');
    expect(power.value).toBe('urgent');
    expect(power.evidence).toEqual(expect.arrayContaining(['停电', '50多户']));
    const cold = suggestUrgency('暖气不热', '入冬以来家里室温只有12度，老人冻病了，供热公司不管', '投诉');
    expect(cold.value).toBe('urgent');
    expect(cold.evidence).toContain('室温只有12度');
    expect(suggestUrgency('电梯突然下滑', '我们单元电梯昨天从8楼突然下滑到2楼，里面困了三个人', '投诉').value).toBe('urgent');
  });

  it('reads a proposal or a question that names a danger or a planned cut as normal', () => {
    expect(suggestUrgency('建议在学校门口增设红绿灯', '学校门口车多，孩子过马路很危险，建议增设红绿灯', '建议').value).toBe('normal');
    expect(suggestUrgency('咨询明天停水时间', '请问明天小区计划停水到几点？', '咨询').value).toBe('normal');
  });

  it('marks long-running multi-party matters as complex and short questions as simple', () => {
    const c = suggestComplexity('拆迁补偿多年未解决', '我家2012年被拆迁，补偿款至今未到位，多次反映，街道和住建局相互推诿。', '投诉');
    expect(c.value).toBe('complex');
    expect(suggestComplexity('咨询', '请问公积金怎么提取', '咨询').value).toBe('simple');
  });
});
