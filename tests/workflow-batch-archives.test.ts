/**
 * 批量归档 (第四条㈩): the supervision office archives several finished cases at once, each as the
 * single 归档 makes it (its own transaction, the same event, filed by the category the case has),
 * naming the state the list showed. A case re-opened, visited again and found dissatisfied, or
 * archived by a colleague meanwhile is refused with its reason while the others stand; a role that
 * may not archive is refused as a whole (403). Over the real HTTP routes and PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveCase, correctCategory, decideNotAccepted, listArchivableCases, listCases, recordVisit, reopenCase } from '../workflow/cases/index.js';
import { chinaDate } from '../workflow/calendar/index.js';
import type { Actor } from '../workflow/users/index.js';
import { caseState, toAssigned, toReplied } from './helpers/case-steps.js';
import { postAs, serveWorkflowRoutes, type RouteAnswer } from './helpers/workflow-routes-server.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let app: FastifyInstance;
let base: string;
/** A second member of the supervision office, archiving from the same ledger. */
const colleague: Actor = { userId: 'duchashi2', username: 'duchashi2', role: 'supervision' };

beforeAll(async () => {
  f = await openFixture();
  ({ app, base } = await serveWorkflowRoutes(f));
});
afterAll(async () => {
  await app?.close();
  await f?.close();
});

const post = (user: string, path: string, body: unknown) => postAs(base, user, path, body);
/** The volume's year of a case decided 不予受理 now: the China year it was settled (the closed cases were visited in 2026). */
const year = () => chinaDate(new Date()).slice(0, 4);

/** A case handled, replied and visited (已回访办结), registered as `category`. */
async function closed(options: { satisfaction?: 'satisfied' | 'unreachable'; category?: string } = {}): Promise<string> {
  const { caseId } = await newCase(f, { category: options.category ?? '投诉' });
  await toAssigned(f, caseId, at('2026-11-02'));
  await toReplied(f, caseId, at('2026-11-03'));
  await recordVisit(f.store.db, { caseId, satisfaction: options.satisfaction ?? 'satisfied', method: 'phone', actor: f.actors.egov, now: at('2026-11-04') });
  return caseId;
}

async function notAccepted(): Promise<string> {
  const { caseId } = await newCase(f, { outOfScope: true });
  await decideNotAccepted(f.store.db, { caseId, reasons: ['advertising'], note: '商业广告', actor: f.actors.egov });
  return caseId;
}

const archiveEvent = async (caseId: string) => {
  const e = await f.store.db.event.findFirstOrThrow({ where: { caseId, type: 'archive' } });
  return { type: e.type, actor: e.actor, role: e.role, data: e.data };
};

describe('批量归档', () => {
  it('archives each case by its own category, refusing with its reason one re-opened, one visited again and one a colleague archived', async () => {
    const complaint = await closed();
    const corrected = await closed();
    const refused = await notAccepted();
    const reopened = await notAccepted();
    const revisited = await closed({ satisfaction: 'unreachable' });
    const takenByColleague = await closed();
    const single = await closed();
    // Meanwhile, while 督查室's ledger still lists them as it read them:
    // the complaint is found a suggestion (更正类别: it is filed under 建议) ...
    await correctCategory(f.store.db, { caseId: corrected, category: '建议', note: '网民提出的是改进建议', actor: f.actors.egov });
    // ... a 不予受理 decision is taken back (重新受理) ...
    await reopenCase(f.store.db, { caseId: reopened, note: '经核实有具体诉求', actor: f.actors.egov });
    // ... the citizen not reached before is reached, and is not satisfied: the case is back with the unit ...
    await recordVisit(f.store.db, { caseId: revisited, satisfaction: 'dissatisfied', method: 'phone', note: '路面修补后又坏了', actor: f.actors.egov });
    // ... and a colleague archives one from its case page.
    await archiveCase(f.store.db, { caseId: takenByColleague, actor: colleague });

    const batch = await post('duchashi', '/api/workflow/archives', {
      items: [
        { caseId: complaint, expectedState: 'closed' },
        { caseId: corrected, expectedState: 'closed' },
        { caseId: refused, expectedState: 'not_accepted' },
        { caseId: reopened, expectedState: 'not_accepted' },
        { caseId: revisited, expectedState: 'closed' },
        { caseId: takenByColleague, expectedState: 'closed' },
      ],
    });
    expect(batch.status).toBe(200);
    expect(batch.json.archived).toBe(3);
    const byCase = new Map((batch.json.outcomes as RouteAnswer[]).map((o) => [o.caseId as string, o]));
    expect(byCase.get(complaint)).toMatchObject({ ok: true, archiveCategory: '投诉', archiveVolume: '2026-投诉' });
    expect(byCase.get(corrected)).toMatchObject({ ok: true, archiveCategory: '建议', archiveVolume: '2026-建议' });
    expect(byCase.get(refused)).toMatchObject({ ok: true, archiveCategory: '不予受理', archiveVolume: `${year()}-不予受理` });
    expect(byCase.get(reopened)?.ok).toBe(false);
    expect(byCase.get(reopened)?.message).toMatch(/已由 egov 于 .* 重新受理（现为「待审核分类」），不能再立卷归档；请刷新后再操作$/);
    expect(byCase.get(revisited)?.ok).toBe(false);
    expect(byCase.get(revisited)?.message).toMatch(/已由 egov 于 .* 回访（不满意，重新交办）（现为「已交办办理中」），不能再立卷归档/);
    expect(byCase.get(takenByColleague)?.message).toMatch(new RegExp(`^案件 YT-\\d{4}-\\d{6}：已由 duchashi2 于 .* 立卷归档（2026-投诉），未重复归档$`));

    expect(await caseState(f, complaint)).toBe('archived');
    expect(await caseState(f, reopened)).toBe('awaiting_review');
    expect(await caseState(f, revisited)).toBe('assigned');
    // The colleague's filing stands alone.
    expect(await f.store.db.event.count({ where: { caseId: takenByColleague, type: 'archive' } })).toBe(1);
    expect((await archiveEvent(takenByColleague)).actor).toBe('duchashi2');
    // Each is the single step's event: the same as one archived from its case page.
    await archiveCase(f.store.db, { caseId: single, actor: f.actors.supervision });
    expect(await archiveEvent(complaint)).toEqual(await archiveEvent(single));
    expect(await archiveEvent(complaint)).toEqual({ type: 'archive', actor: 'duchashi', role: 'supervision', data: { from: 'closed', to: 'archived', archiveCategory: '投诉', archiveVolume: '2026-投诉' } });
    expect(await f.store.db.case.findUniqueOrThrow({ where: { id: refused } })).toMatchObject({ state: 'archived', archiveCategory: '不予受理', archiveVolume: `${year()}-不予受理`, archivedAt: expect.any(Date) });
  });

  it('refuses a role that may not archive as a whole (403), and a batch over the limit, with a case twice or from another state', async () => {
    const c = await closed();
    for (const user of ['egov', 'office', 'leader', 'roads', 'admin']) {
      const res = await post(user, '/api/workflow/archives', { items: [{ caseId: c, expectedState: 'closed' }] });
      expect(res.status, user).toBe(403);
      expect(res.json.error.message).toContain('不能立卷归档（由区政府督查室办理）');
    }
    expect(await caseState(f, c)).toBe('closed');
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ caseId: `c-${i}`, expectedState: 'closed' }));
    const over = await post('duchashi', '/api/workflow/archives', { items: tooMany });
    expect(over.status).toBe(400);
    expect(over.json.error.message).toContain('所选案件');
    const twice = await post('duchashi', '/api/workflow/archives', { items: [{ caseId: c, expectedState: 'closed' }, { caseId: c, expectedState: 'closed' }] });
    expect(twice).toMatchObject({ status: 400, json: { error: { message: '所选案件中有重复的案件' } } });
    const inHand = await post('duchashi', '/api/workflow/archives', { items: [{ caseId: c, expectedState: 'assigned' }] });
    expect(inHand.status).toBe(400);
    expect(inHand.json.error.message).toContain('页面上显示的案件状态');
    const unknown = await post('duchashi', '/api/workflow/archives', { items: [{ caseId: 'no-such-case', expectedState: 'closed' }, { caseId: c, expectedState: 'closed' }] });
    expect(unknown.json).toMatchObject({ archived: 1, outcomes: [{ ok: false, ledgerNo: '', message: '案件不存在：no-such-case' }, { ok: true }] });
    const unsigned = await fetch(`${base}/api/workflow/archives`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: [{ caseId: c, expectedState: 'closed' }] }) });
    expect(unsigned.status).toBe(401);
  });

  it('files a case in the volume of the year it was settled, not the year it is archived (跨年度归档)', async () => {
    // Closed on 30 December 2026 (China time) and 不予受理 on 31 December, archived on 5 January 2027.
    const { caseId: lateVisit } = await newCase(f);
    await toAssigned(f, lateVisit, at('2026-12-28'));
    await toReplied(f, lateVisit, at('2026-12-29'));
    await recordVisit(f.store.db, { caseId: lateVisit, satisfaction: 'satisfied', method: 'phone', actor: f.actors.egov, now: at('2026-12-30', 23) });
    const { caseId: lateRefusal } = await newCase(f, { outOfScope: true });
    await decideNotAccepted(f.store.db, { caseId: lateRefusal, reasons: ['advertising'], note: '商业广告', actor: f.actors.egov, now: at('2026-12-31', 9) });
    const january = at('2027-01-05');

    // The ledger row names the day it was settled, from which the console shows 将归入 …;
    const ledger = await listCases(f.store.db, { actor: f.actors.supervision, filter: { state: 'closed' }, now: january });
    expect(ledger.items.find((c) => c.id === lateVisit)?.settledOn).toBe('2026-12-30');
    // the command line's list names the same volume;
    const listed = await listArchivableCases(f.store.db, { actor: f.actors.supervision, filter: { state: 'closed' }, now: january });
    expect(listed.find((c) => c.caseId === lateVisit)).toMatchObject({ archiveVolume: '2026-投诉' });
    // and 归档 files them there.
    expect(await archiveCase(f.store.db, { caseId: lateVisit, actor: f.actors.supervision, now: january })).toEqual({ archiveCategory: '投诉', archiveVolume: '2026-投诉' });
    expect(await archiveCase(f.store.db, { caseId: lateRefusal, actor: f.actors.supervision, now: january })).toEqual({ archiveCategory: '不予受理', archiveVolume: '2026-不予受理' });
    // A case closed unreachable (无法联系) in December and reached in January was settled in January.
    const { caseId: revisited } = await newCase(f);
    await toAssigned(f, revisited, at('2026-12-28'));
    await toReplied(f, revisited, at('2026-12-29'));
    await recordVisit(f.store.db, { caseId: revisited, satisfaction: 'unreachable', method: 'phone', actor: f.actors.egov, now: at('2026-12-30') });
    await recordVisit(f.store.db, { caseId: revisited, satisfaction: 'satisfied', method: 'phone', actor: f.actors.egov, now: at('2027-01-04') });
    expect(await archiveCase(f.store.db, { caseId: revisited, actor: f.actors.supervision, now: january })).toEqual({ archiveCategory: '投诉', archiveVolume: '2027-投诉' });
  });
});
