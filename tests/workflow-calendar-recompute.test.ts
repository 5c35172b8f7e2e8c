/**
 * Loading a year's holiday schedule recounts the due dates in hand that were counted across it
 * on plain weeks (QA: a case due 2027-01-04, a holiday in the loaded file, still showed
 * 2027-01-04 and the page's warning vanished). Against PostgreSQL, through `minsheng calendar load`.
 *
 * Calendar before the load: 2027 unknown, so 2027-01-01 off and plain weekends. The file makes
 * 2027-01-04 (Monday) a holiday too.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { decideExtension, getCase, recordVisit, requestExtension, reviewReport, submitReport } from '../workflow/cases/index.js';
import { scanDeadlines } from '../workflow/supervision/index.js';
import { toAssigned, toReplied } from './helpers/case-steps.js';
import { at, databaseUrl, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let dir: string;
beforeAll(async () => {
  f = await openFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-recount-'));
});
afterAll(async () => {
  await f?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function loadYear(file: string) {
  let out = '';
  let err = '';
  const code = await main(['calendar', 'load', '--file', file], {
    env: { DATABASE_URL: `${databaseUrl}?schema=${f.schema}`, LOG_LEVEL: 'silent', MINSHENG_DATA_DIR: dir },
    io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
  });
  return { code, out, err };
}

const active = (caseId: string) => f.store.db.assignment.findFirstOrThrow({ where: { caseId, status: 'active' } });
const caseDue = async (caseId: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).dueDate;
const recounts = (caseId: string) => f.store.db.event.findMany({ where: { caseId, type: 'due_date_recomputed' }, orderBy: { id: 'asc' } });

interface EventDetailsModule {
  eventDetails(type: string, data: unknown, names: unknown): string;
}
const eventDetailsUrl = new URL('../web/console/js/event-details.js', import.meta.url).href;

describe('loading a year recounts the due dates it changes', () => {
  it('moves open due dates (plain, extended and sent back, a dissatisfied visit), records them, alerts on the new date; done work and a second load change nothing', async () => {
    const ledgerNo = async (caseId: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).ledgerNo;

    // plain: assigned 12-30, 2 working days: 12-31 and 01-04 (on plain weeks).
    const plain = (await newCase(f)).caseId;
    expect((await toAssigned(f, plain, at('2026-12-30'))).dueDate).toBe('2027-01-04');

    // extended and sent back: due 12-30; 2 days granted on 12-29 -> 01-04; report sent back on 12-31 -> 01-05 (12-31 + 2).
    const extended = (await newCase(f)).caseId;
    expect((await toAssigned(f, extended, at('2026-12-28'))).dueDate).toBe('2026-12-30');
    await requestExtension(f.store.db, { caseId: extended, progress: '已现场查看', reason: '需协调施工单位', days: 2, actor: f.actors.roads, now: at('2026-12-29') });
    expect((await decideExtension(f.store.db, { caseId: extended, approve: true, answer: '同意延期', actor: f.actors.supervision, now: at('2026-12-29', 15) })).dueDate).toBe('2027-01-04');
    await submitReport(f.store.db, { caseId: extended, text: '已处理。', actor: f.actors.roads, now: at('2026-12-30'), acknowledgeFindings: true });
    await reviewReport(f.store.db, { caseId: extended, accept: false, note: '答复过于简略', actor: f.actors.supervision, now: at('2026-12-31') });
    expect((await active(extended)).dueDate).toBe('2027-01-05');

    // a dissatisfied visit on 12-31: a new assignment due 01-05; the first one (due 01-04) is done.
    const revisited = (await newCase(f)).caseId;
    const first = await toAssigned(f, revisited, at('2026-12-30'));
    await toReplied(f, revisited, at('2026-12-31'));
    const visit = await recordVisit(f.store.db, { caseId: revisited, satisfaction: 'dissatisfied', method: 'phone', note: '路灯仍不亮', actor: f.actors.supervision, now: at('2026-12-31', 16) });
    expect(visit.reopened?.dueDate).toBe('2027-01-05');

    // replied and awaiting its visit: that work is over, its date stays.
    const replied = (await newCase(f)).caseId;
    await toAssigned(f, replied, at('2026-12-30'));
    await toReplied(f, replied, at('2026-12-31'));

    // a date the replay cannot explain (set by hand, or under a calendar since replaced): left and reported.
    const odd = (await newCase(f)).caseId;
    const oddAssignment = await toAssigned(f, odd, at('2026-12-30'));
    await f.store.db.assignment.update({ where: { id: oddAssignment.assignmentId }, data: { dueDate: '2027-01-08' } });
    await f.store.db.case.update({ where: { id: odd }, data: { dueDate: '2027-01-08' } });

    // The scan before the load alerts on the plain-week date.
    expect((await scanDeadlines(f.store.db, { now: at('2026-12-31', 18) })).dueSoon).toContain(plain);
    expect((await getCase(f.store.db, { caseId: plain, actor: f.actors.supervision })).calendarWarning).toContain('2027');

    const file = path.join(dir, '2027.json');
    await writeFile(file, JSON.stringify({ year: 2027, holidays: { '2027-01-01': '元旦', '2027-01-04': '元旦' }, workdays: [] }));
    const load = await loadYear(file);
    expect(load.err).toBe('');
    expect(load.code).toBe(0);
    const lines = load.out.trimEnd().split('\n');
    expect(lines[0]).toBe('已导入 2027 年：节假日 2 天，调休工作日 0 天');
    expect(lines[1]).toBe('办理时限重新计算：核对时限跨 2027 年、尚未办结的交办 4 件，时限改变 3 件');
    expect(lines).toContain(`  ${await ledgerNo(plain)}  区交通运输局  2027-01-04 → 2027-01-05`);
    // extension: 12-31, 01-05; sent back on 12-31: 01-05, 01-06.
    expect(lines).toContain(`  ${await ledgerNo(extended)}  区交通运输局  2027-01-05 → 2027-01-06`);
    expect(lines).toContain(`  ${await ledgerNo(revisited)}  区交通运输局  2027-01-05 → 2027-01-06`);
    expect(lines).toContain('无法按办理经过重算、时限未改的 1 件（请人工核对）：');
    expect(lines.at(-1)).toMatch(new RegExp(`^  ${await ledgerNo(odd)}  区交通运输局  2027-01-08  按办理经过和载入前的日历重算得 2027-01-04，与现有时限 2027-01-08 不符`));

    // The dates in force moved, on the assignment and the case; the original date stays as given.
    expect(await active(plain)).toMatchObject({ dueDate: '2027-01-05', originalDueDate: '2027-01-04' });
    expect(await caseDue(plain)).toBe('2027-01-05');
    expect(await active(extended)).toMatchObject({ dueDate: '2027-01-06', originalDueDate: '2026-12-30' });
    expect(await caseDue(extended)).toBe('2027-01-06');
    expect((await active(revisited)).dueDate).toBe('2027-01-06');
    expect(await caseDue(revisited)).toBe('2027-01-06');
    // Done work and the unexplained date are untouched.
    expect((await f.store.db.assignment.findUniqueOrThrow({ where: { id: first.assignmentId } })).dueDate).toBe('2027-01-04');
    expect((await active(replied)).dueDate).toBe('2027-01-04');
    expect(await caseDue(replied)).toBe('2027-01-04');
    expect((await active(odd)).dueDate).toBe('2027-01-08');
    expect(await recounts(replied)).toHaveLength(0);
    expect(await recounts(odd)).toHaveLength(0);

    // Each change is in its case's event log, in staff words.
    const [event] = await recounts(plain);
    expect(event).toMatchObject({ actor: 'cli-admin', role: 'admin', data: { calendarYear: 2027, previousDueDate: '2027-01-04', dueDate: '2027-01-05', unit: '区交通运输局' } });
    const { eventDetails } = (await import(eventDetailsUrl)) as EventDetailsModule;
    const names = { outOfScopeReasons: {}, sources: {}, channels: {}, satisfactions: {}, supervisionKinds: {}, roles: {} };
    expect(eventDetails('due_date_recomputed', event?.data, names)).toBe('承办单位：区交通运输局；原因：载入 2027 年法定节假日安排后重新计算；原办理时限：2027-01-04；办理时限：2027-01-05');
    expect((await getCase(f.store.db, { caseId: plain, actor: f.actors.supervision })).calendarWarning).toBeNull();

    // Alerts follow the new date: the due_soon of 01-04 neither hides nor doubles the one of 01-05.
    expect((await scanDeadlines(f.store.db, { now: at('2027-01-04') })).dueSoon).toContain(plain);
    expect((await scanDeadlines(f.store.db, { now: at('2027-01-04', 15) })).dueSoon).not.toContain(plain);
    const late = await scanDeadlines(f.store.db, { now: at('2027-01-06') });
    expect(late.overdue).toContain(plain);
    expect(late.overdue).not.toContain(extended); // due 01-06 now, not 01-05
    expect((await scanDeadlines(f.store.db, { now: at('2027-01-06', 15) })).overdue).not.toContain(plain);
    const alerts = await f.store.db.deadlineAlert.findMany({ where: { caseId: plain }, orderBy: { createdAt: 'asc' } });
    expect(alerts.map((a) => `${a.kind} ${a.dueDate}`)).toEqual(['due_soon 2027-01-04', 'due_soon 2027-01-05', 'overdue 2027-01-05']);

    // The same file again: checked, nothing changes, nothing recorded.
    const again = await loadYear(file);
    expect(again.code).toBe(0);
    expect(again.out.split('\n')[1]).toBe('办理时限重新计算：核对时限跨 2027 年、尚未办结的交办 4 件，时限改变 0 件');
    expect(await recounts(plain)).toHaveLength(1);
    expect(await recounts(extended)).toHaveLength(1);
    expect(await active(plain)).toMatchObject({ dueDate: '2027-01-05' });
    expect(await active(extended)).toMatchObject({ dueDate: '2027-01-06' });
  });

  it('refuses a file with a mistyped key or without holidays, and keeps the year loaded before', async () => {
    // Loading replaces the year: a typo used to load "no holidays" over it, moving every due date back.
    const before = await f.store.db.calendarDay.findMany({ where: { date: { startsWith: '2027-' } }, orderBy: { date: 'asc' } });
    expect(before.map((d) => d.date)).toEqual(['2027-01-01', '2027-01-04']);
    const events = () => f.store.db.event.count({ where: { type: 'calendar_loaded' } });
    const loadsBefore = await events();

    const typo = path.join(dir, '2027-typo.json');
    await writeFile(typo, JSON.stringify({ year: 2027, holiday: { '2027-01-01': '元旦', '2027-01-04': '元旦' }, workday: [] }));
    const refused = await loadYear(typo);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('错误：日历文件格式错误：有未知字段 holiday（是否应为 holidays？）、workday（是否应为 workdays？），未导入任何日期；应为 {"year":2027,"holidays":');
    expect(refused.out).toBe('');

    const empty = path.join(dir, '2027-empty.json');
    await writeFile(empty, JSON.stringify({ year: 2027, holidays: {}, workdays: ['2027-02-20'] }));
    const none = await loadYear(empty);
    expect(none.code).toBe(2);
    expect(none.err).toContain('日历文件中没有 2027 年的节假日（holidays 为空），未导入；已导入的 2027 年数据保持不变');

    expect(await f.store.db.calendarDay.findMany({ where: { date: { startsWith: '2027-' } }, orderBy: { date: 'asc' } })).toEqual(before);
    expect(await events()).toBe(loadsBefore);
    const plain = await f.store.db.assignment.findMany({ where: { status: 'active', dueDate: { startsWith: '2027-' } }, orderBy: { dueDate: 'asc' }, select: { dueDate: true } });
    expect(plain.map((a) => a.dueDate)).toContain('2027-01-05');
  });
});
