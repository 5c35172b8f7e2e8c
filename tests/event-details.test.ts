/**
 * The console's event-log details (web/console/js/event-details.js, a browser module with no
 * imports from the server) against the server's vocabularies: a duplicate link's match kind must
 * read in Chinese, never as 其他（reworded）.
 */
import { describe, expect, it } from 'vitest';
import { matchKinds } from '../dedup/index.js';

interface EventDetailsModule {
  matchKindNames: Record<string, string>;
  eventDetails(type: string, data: unknown, names: unknown): string;
}
// A computed specifier: the module is plain browser JavaScript, loaded as it is served.
const eventDetailsUrl = new URL('../web/console/js/event-details.js', import.meta.url).href;

describe('event log details in the console', () => {
  it('names every duplicate match kind the dedup module can give', async () => {
    const { matchKindNames, eventDetails } = (await import(eventDetailsUrl)) as EventDetailsModule;
    for (const kind of matchKinds) expect(matchKindNames[kind], kind).toMatch(/\p{Script=Han}/u);
    const names = { outOfScopeReasons: {}, sources: {}, channels: {}, satisfactions: {}, supervisionKinds: {}, roles: {} };
    const shown = eventDetails('duplicate_linked', { matchKind: 'reworded', similarity: 0.42 }, names);
    expect(shown).toContain('改写重发');
    expect(shown).not.toContain('reworded');
  });

  it('reads a new model\'s suggestion (suggestion_updated) as old → new in staff words', async () => {
    const { eventDetails } = (await import(eventDetailsUrl)) as EventDetailsModule;
    const names = { outOfScopeReasons: { advertising: '广告' }, sources: {}, channels: {}, satisfactions: {}, supervisionKinds: {}, roles: {} };
    const data = {
      modelVersion: '2026.12.01-lr-abc123',
      previousModelVersion: '2026.11.28-lr-196088',
      changes: {
        category: { before: '投诉', after: '求助' },
        outOfScopeReasons: { before: [], after: ['advertising'] },
        complexity: { before: 'simple', after: 'complex' },
        unit: { before: null, after: '区水务局' },
      },
      keptDecisions: ['outOfScope'],
      updatedMessages: 2,
    };
    expect(eventDetails('suggestion_updated', data, names)).toBe(
      '建议改变：类别 投诉 → 求助，不予受理理由 无 → 广告，复杂程度 简单（2个工作日） → 复杂（3个工作日），承办单位 无 → 区水务局；' +
        '保留工作人员的决定：不予受理；更新建议的留言条数：2；模型版本：2026.12.01-lr-abc123；原模型版本：2026.11.28-lr-196088',
    );
  });

  it('names the hot issue that made a case 群众反映较多 when it went to special supervision', async () => {
    const { eventDetails } = (await import(eventDetailsUrl)) as EventDetailsModule;
    const names = { outOfScopeReasons: {}, sources: {}, channels: {}, satisfactions: {}, supervisionKinds: {}, roles: {} };
    const data = { reasons: ['many_reporters'], trigger: 'overdue', hotIssue: { key: 'estate:金城苑@2026-11-02', label: '金城苑', reporters: 3 } };
    expect(eventDetails('escalate', data, names)).toBe('热点问题：金城苑（共 3 人反映）；理由：群众反映较多；转专项督查的原因：承办单位未按时办理');
    expect(eventDetails('register', { hotIssue: 'estate:金城苑@2026-11-02' }, names)).toBe('热点问题：金城苑');
  });
});

describe('event log details of a hand-entered message', () => {
  it('reads the 转办编号, level, channel note and time of entered_by_hand in staff words', async () => {
    const { eventDetails } = (await import(eventDetailsUrl)) as EventDetailsModule;
    const names = { outOfScopeReasons: {}, sources: { 'manual-forwarded': '手工录入（省市转办）' }, channels: { forwarded: '省市转办' }, satisfactions: {}, supervisionKinds: {}, roles: {} };
    const data = { sourceId: 'manual-forwarded', channel: 'forwarded', originLevel: 'city', forwardNo: 'TCZB-2026-0417', channelNote: '纸质转办单', enteredAt: '2026-11-29T01:02:03.000Z' };
    expect(eventDetails('entered_by_hand', data, names)).toBe('来源：手工录入（省市转办）；渠道：省市转办；转办层级：市级转办；转办编号：TCZB-2026-0417；渠道说明：纸质转办单；录入时间：2026/11/29\u00a009:02:03');
  });
});

describe('event log details of 主办/协办 steps', () => {
  // QA (督查室 reading a case's log): 拟办 read 「其他信息：区城管局；其他信息：u-9a040351e1」 and 交办
  // 「其他信息：承办单位：区城管局」, a unit's report 「其他信息：1」.
  const names = { outOfScopeReasons: {}, sources: {}, channels: {}, satisfactions: {}, supervisionKinds: {}, roles: {} };

  it('names the assisting units of 拟办 and 交办 in staff words, never by id', async () => {
    const { eventDetails } = (await import(eventDetailsUrl)) as EventDetailsModule;
    const proposed = eventDetails(
      'propose',
      { proposalId: 'p-1', unitId: 'u-housing', unit: '区住建局', complexity: 'simple', opinion: '请住建局牵头办理', assistUnitIds: ['u-city', 'u-water'], assistUnits: ['区城管局', '区水务局'] },
      names,
    );
    expect(proposed).toBe('承办单位：区住建局；协办单位：区城管局、区水务局；拟办意见：请住建局牵头办理；复杂程度：简单（2个工作日）');
    const assigned = eventDetails(
      'assign',
      {
        assignmentId: 'a-1', unitId: 'u-housing', assignedDate: '2026-11-30', dueDate: '2026-12-02', workingDays: 2, unit: '区住建局', proposalId: 'p-1',
        assists: [{ assignmentId: 'a-2', unitId: 'u-city', unit: '区城管局' }, { assignmentId: 'a-3', unitId: 'u-water', unit: '区水务局' }],
      },
      names,
    );
    expect(assigned).toBe('承办单位：区住建局；协办单位：区城管局、区水务局；交办日期：2026-11-30；工作日数：2；办理时限：2026-12-02');
    // An item forwarded by the city: the upper level's deadline kept the due date earlier (assign-case.ts).
    const forwarded = eventDetails(
      'assign',
      { assignmentId: 'a-4', unitId: 'u-housing', assignedDate: '2026-11-30', dueDate: '2026-12-01', workingDays: 2, upperDeadline: '2026-12-01', unit: '区住建局', proposalId: 'p-2' },
      names,
    );
    expect(forwarded).toBe('承办单位：区住建局；交办日期：2026-11-30；工作日数：2；办理时限：2026-12-01；上级办理时限：2026-12-01');
    for (const shown of [proposed, assigned, forwarded]) {
      expect(shown).not.toContain('其他信息');
      expect(shown).not.toContain('u-');
    }
  });

  it('says what the lead\'s report or return did to the assisting units, and names the unit of a 协办意见', async () => {
    const { eventDetails } = (await import(eventDetailsUrl)) as EventDetailsModule;
    expect(eventDetails('submit_report', { reportId: 'r-1', findings: 0, coverage: 0.9, onTime: true, closedAssists: 1 }, names)).toBe(
      '按期报送：是；发布前检查提示：0 处；答复对留言要点的覆盖：90%；协办结束：1 个协办单位未提交协办意见，协办结束',
    );
    expect(eventDetails('return_case', { assignmentId: 'a-1', unitId: 'u-housing', reason: '不属本单位职责', closedAssists: 2 }, names)).toBe(
      '理由：不属本单位职责；协办结束：随退回交办结束 2 个协办单位的协办',
    );
    expect(eventDetails('submit_assist_opinion', { from: 'assigned', to: 'assigned', assignmentId: 'a-2', opinionId: 'o-1', unitId: 'u-city', unit: '区城管局', dueDate: '2026-12-02', onTime: true }, names)).toBe(
      '协办单位：区城管局；办理时限：2026-12-02；按期提交：是',
    );
  });

  it('reads staff sentences joined by one mark, not 。； (QA, a unit\'s extension request in the log)', async () => {
    const { eventDetails } = (await import(eventDetailsUrl)) as EventDetailsModule;
    const names = { outOfScopeReasons: {}, sources: {}, channels: {}, satisfactions: {}, supervisionKinds: {}, roles: {} };
    const shown = eventDetails('request_extension', { requestId: 'r1', days: 3, progress: '材料已订购，下周到货。', reason: '需等待材料到货后施工。', dueDate: '2026-12-04' }, names);
    expect(shown).toContain('下周到货；');
    expect(shown).not.toMatch(/[。，,；;][；，]/u);
    expect(shown).toContain('需等待材料到货后施工；');
    expect(shown).not.toContain('其他信息');
  });
});
