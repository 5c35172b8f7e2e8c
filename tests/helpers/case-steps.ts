/** Steps the workflow suites walk a case through (registered → assigned, reported → replied), on a workflow fixture. */
import { assignCase, decideProposal, decideReply, proposeHandling, publishReply, registerCase, reviewReport, submitReport } from '../../workflow/cases/index.js';
import type { Fixture } from '../workflow-fixtures.js';

export const goodReply =
  '关于您反映的城关街道道路破损和路灯不亮问题，我局已于当日派员现场查看，破损路面已完成修补，路灯线路已更换，现已恢复照明。感谢您对我区工作的关注和支持。';

export async function toAssigned(f: Fixture, caseId: string, when: Date, unitId = f.units.roads) {
  await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov, now: when });
  await proposeHandling(f.store.db, { caseId, unitId, opinion: '请区交通运输局核实处理', actor: f.actors.office, now: when });
  await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: when });
  return assignCase(f.store.db, { caseId, actor: f.actors.office, now: when });
}

export async function toReplied(f: Fixture, caseId: string, when: Date, unit = f.actors.roads) {
  await submitReport(f.store.db, { caseId, text: goodReply, actor: unit, now: when });
  await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: when });
  await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: when });
  return publishReply(f.store.db, { caseId, actor: f.actors.egov, now: when });
}

export async function caseState(f: Fixture, caseId: string) {
  return (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).state;
}
