/**
 * Replied cases awaiting 回访 for the console's 批量回访 tests: each a letter of its own, assigned to
 * 区交通运输局, reported, reviewed, approved and published by the fixture's accounts, the oldest reply
 * first (the first case created is the first row).
 */
import { decideReply, publishReply, reviewReport, submitReport } from '../../workflow/cases/index.js';
import type { ConsoleFixture } from '../console-fixture.js';
import { goodReply } from './case-steps.js';

export async function addRepliedCases(f: ConsoleFixture, total: number): Promise<void> {
  const places = ['城关街道', '王益街道', '陈炉镇', '红土镇', '广阳镇', '金锁关镇', '阿庄镇'];
  const db = f.store.db;
  for (let i = 0; i < total; i++) {
    const now = new Date(Date.now() - (total + 1 - i) * 3_600_000);
    const title = `${places[i % places.length]}第${i + 1}号公交站牌损坏`;
    const id = await f.addMessage({ title, content: `${title}，请尽快处理。`, author: `群众${i + 1}`, category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(id, 'u-roads', now);
    await submitReport(db, { caseId: id, text: goodReply, actor: f.actors.roads, now, acknowledgeFindings: true });
    await reviewReport(db, { caseId: id, accept: true, actor: f.actors.supervision, now });
    await decideReply(db, { caseId: id, approve: true, actor: f.actors.leader, now });
    await publishReply(db, { caseId: id, acknowledgeFindings: true, actor: f.actors.egov, now });
  }
}
