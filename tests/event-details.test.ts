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
