/**
 * The words of 回访 (第五条㈥): the citizen's answers and the ways of visiting, with staff's names
 * for them, and how many cases awaiting a visit one listing gives. On their own so that naming
 * them (the CLI's help text) loads no query or step: record-visit.ts and list-awaiting-visits.ts
 * re-export them.
 */
export const satisfactions = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'] as const;
export type Satisfaction = (typeof satisfactions)[number];
export const satisfactionNames: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  unreachable: '无法联系',
};
export const visitMethods = ['phone', 'online', 'sms', 'on_site'] as const;
export type VisitMethod = (typeof visitMethods)[number];
/** How staff name each method (the console's names.js carries the same table for its pages; tests/cli-case-steps.test.ts keeps them equal). */
export const visitMethodNames: Record<VisitMethod, string> = { phone: '电话', online: '网上', sms: '短信', on_site: '上门' };

/** The most rows one page of cases awaiting a visit lists (a morning's calls are a few dozen). */
export const maxAwaitingVisits = 200;
