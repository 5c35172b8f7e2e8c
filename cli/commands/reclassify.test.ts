import { describe, expect, it } from 'vitest';
import { caseLine } from './reclassify.js';

describe('minsheng reclassify: a changed case in staff words', () => {
  it('names the 不予受理 reasons as the measures do, never by their codes', () => {
    const line = caseLine({
      caseId: 'c1',
      ledgerNo: 'YT-2026-000045',
      outcome: 'changed',
      changes: { outOfScope: { before: false, after: true }, outOfScopeReasons: { before: ['advertising'], after: ['outside_authority', 'legal_process'] } },
      keptDecisions: [],
      updatedMessages: 1,
    });
    expect(line).toBe('  YT-2026-000045  不予受理标记 否 → 是；不予受理理由 商业广告或要求赞助 → 不属政府管理权限、已进入诉讼、仲裁、行政复议程序\n');
    expect(line).not.toMatch(/[a-z_]{4,}/);
  });

  it('reads no reasons as 无, and complexity and urgency in Chinese', () => {
    const line = caseLine({
      caseId: 'c2',
      ledgerNo: 'YT-2026-000046',
      outcome: 'changed',
      changes: { outOfScopeReasons: { before: [], after: ['no_substance'] }, complexity: { before: 'simple', after: 'complex' }, urgency: { before: 'normal', after: 'urgent' } },
      keptDecisions: [],
      updatedMessages: 1,
    });
    expect(line).toBe('  YT-2026-000046  不予受理理由 无 → 无实质性内容或无法核实；复杂程度 简单 → 复杂；紧急程度 一般 → 紧急\n');
  });
});
