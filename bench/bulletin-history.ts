/**
 * 《印台政务通报》 judged from each assignment's history (workflow/bulletin/assignments-as-of.ts):
 * does a month's bulletin read the same when generated at the month's end and months later, and
 * what does reading the history cost?
 *   npx tsx bench/bulletin-history.ts [--cases 2000] [--runs 5] [--before FILE]
 * Needs PostgreSQL on 127.0.0.1 (the tests' `test` database; a fresh schema, dropped after).
 *
 * Six months (2026-07 to 2026-12) of cases, about 11 a day, each walked through the real steps at
 * its own times (register, propose, agree, assign, then by its number: reported on time, late,
 * never, returned, an extension asked and granted, sent back by 督查室 or by the leader and
 * reported again), all the cases' steps in time order. At each month's end that month's bulletin is
 * computed (as if generated then); after the last step every month is computed again, and the unit
 * rows that differ are counted. `--before FILE`: the same for another computeBulletin module (the
 * code before this change: `git show de426ca:workflow/bulletin/compute-bulletin.ts >
 * workflow/bulletin/compute-bulletin-before.ts`, then `--before
 * workflow/bulletin/compute-bulletin-before.ts`), with the two times per month in the same run.
 */
import { openStore, ensureSource, recordMessage, registerMessage } from '../workflow/index.js';
import { computeBulletin, type BulletinData } from '../workflow/bulletin/index.js';
import {
  assignCase,
  decideExtension,
  decideProposal,
  decideReply,
  proposeHandling,
  registerCase,
  requestExtension,
  returnCase,
  reviewReport,
  submitReport,
} from '../workflow/cases/index.js';
import type { Actor } from '../workflow/users/index.js';
import type { Db } from '../workflow/store/index.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const cases = Number(arg('cases', '2000'));
const runs = Number(arg('runs', '5'));
const beforeFile = arg('before', '');
type Compute = (db: Db, input: { from: string; to: string; now?: Date }) => Promise<BulletinData>;
const before: Compute | null = beforeFile ? ((await import(new URL(`../${beforeFile}`, import.meta.url).href)) as { computeBulletin: Compute }).computeBulletin : null;

const schema = `bench_bulletin_${Date.now().toString(36)}`;
const store = await openStore({ databaseUrl: 'postgresql://postgres@127.0.0.1:5432/test', schema, poolSize: 4 });
const db = store.db;
const staff = (role: Actor['role'], username: string): Actor => ({ userId: username, username, role });
const egov = staff('egov_centre', 'egov');
const office = staff('gov_office', 'office');
const leader = staff('leader', 'leader');
const supervision = staff('supervision', 'duchashi');
const units = ['城关街道', '陈炉镇', '王石凹街道', '印台街道', '三里洞街道', '红土镇', '广阳镇', '金锁关镇', '阿庄镇'].map((t, i) => ({ id: `unit-${i}`, name: `${t}办事处` }));
const reply = '关于您反映的道路破损和路灯不亮问题，我单位已于当日派员现场查看，破损路面已完成修补，路灯线路已更换，现已恢复照明。感谢您对我区工作的关注和支持。';

const months = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'].map((m) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { from: `${m}-01`, to: `${m}-${String(last).padStart(2, '0')}`, end: new Date(`${m}-${String(last).padStart(2, '0')}T23:00:00+08:00`) };
});

interface Step {
  at: Date;
  seq: number;
  run: () => Promise<unknown>;
}

/** The steps of case `i`, each at its own time (see the file comment). */
function stepsOf(i: number, caseId: string): Step[] {
  const unit = units[i % units.length]!;
  const actor: Actor = { userId: unit.id, username: unit.id, role: 'unit', unitId: unit.id };
  const day = Math.floor((i * 170) / cases);
  const t0 = new Date(Date.parse('2026-07-01T09:00:00+08:00') + day * 86_400_000 + (i % 8) * 3_600_000);
  const later = (days: number, minutes = 0) => new Date(t0.getTime() + days * 86_400_000 + minutes * 60_000);
  const steps: [Date, () => Promise<unknown>][] = [
    [later(0, 0), () => registerCase(db, { caseId, category: '投诉', actor: egov, now: later(0, 0) })],
    [later(0, 1), () => proposeHandling(db, { caseId, unitId: unit.id, opinion: `请${unit.name}核实处理`, actor: office, now: later(0, 1) })],
    [later(0, 2), () => decideProposal(db, { caseId, approve: true, actor: leader, now: later(0, 2) })],
    [later(0, 3), () => assignCase(db, { caseId, actor: office, now: later(0, 3) })],
  ];
  const report = (d: number) => steps.push([later(d), () => submitReport(db, { caseId, text: reply, actor, now: later(d) })]);
  const accept = (d: number) => steps.push([later(d, 60), () => reviewReport(db, { caseId, accept: true, actor: supervision, now: later(d, 60) })]);
  const kind = i % 20;
  if (kind === 0) {
    // never reported
  } else if (kind === 1 || kind === 2) {
    steps.push([later(1), () => requestExtension(db, { caseId, progress: '已派员查看', reason: '需协调施工单位', days: 3, actor, now: later(1) })]);
    steps.push([later(2), () => decideExtension(db, { caseId, approve: true, answer: '同意延期', actor: supervision, now: later(2) })]);
    report(4);
    accept(4);
  } else if (kind === 3 || kind === 4) {
    report(1);
    steps.push([later(2), () => reviewReport(db, { caseId, accept: false, note: '未说明处理结果', actor: supervision, now: later(2) })]);
    report(3);
    accept(3);
  } else if (kind === 5) {
    report(6);
    accept(6);
  } else if (kind === 6) {
    steps.push([later(1), () => returnCase(db, { caseId, reason: '不属本单位职责', actor, now: later(1) })]);
  } else if (kind === 7) {
    report(1);
    accept(1);
    steps.push([later(3), () => decideReply(db, { caseId, approve: false, note: '答复过于简单', actor: leader, now: later(3) })]);
    report(4);
    accept(4);
  } else {
    report(1);
    accept(1);
  }
  return steps.map(([at, run], seq) => ({ at, seq, run }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
/** Unit rows of `b` that differ from those of `a` (by unit), with both rows. */
function changedRows(a: BulletinData, b: BulletinData): string[] {
  const ids = new Set([...a.units, ...b.units].map((u) => u.unitId));
  return [...ids].filter((id) => JSON.stringify(a.units.find((u) => u.unitId === id)) !== JSON.stringify(b.units.find((u) => u.unitId === id)));
}

try {
  await db.unit.createMany({ data: units.map((u) => ({ ...u, keywords: [] })) });
  await ensureSource(db, { id: 'bench', name: '印台区区长信箱', channel: 'district_mailbox' });
  const all: Step[] = [];
  for (let i = 0; i < cases; i++) {
    const { messageId } = await recordMessage(db, {
      sourceId: 'bench', channel: 'district_mailbox', siteId: `b${i}`, title: `道路破损路灯不亮 ${i}`,
      content: `第 ${i} 号：小区门口道路破损严重，晚上路灯不亮，请尽快维修。`, fetchedAt: new Date().toISOString(),
    });
    const { caseId } = await registerMessage(db, { messageId, classification: { category: '投诉', confidence: 0.9, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: null } } });
    all.push(...stepsOf(i, caseId));
  }
  all.sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
  process.stderr.write(`${cases} 件案件，${all.length} 个办理步骤…\n`);
  const atMonthEnd = new Map<string, { now: BulletinData; before?: BulletinData }>();
  let next = 0;
  const started = Date.now();
  for (const step of all) {
    while (next < months.length && step.at > months[next]!.end) {
      const m = months[next]!;
      atMonthEnd.set(m.from, { now: await computeBulletin(db, { ...m, now: m.end }), ...(before ? { before: await before(db, { ...m, now: m.end }) } : {}) });
      next++;
    }
    await step.run();
  }
  for (; next < months.length; next++) {
    const m = months[next]!;
    atMonthEnd.set(m.from, { now: await computeBulletin(db, { ...m, now: m.end }), ...(before ? { before: await before(db, { ...m, now: m.end }) } : {}) });
  }
  process.stderr.write(`步骤完成：${((Date.now() - started) / 1000).toFixed(0)} 秒\n`);
  const later = new Date('2027-03-01T12:00:00+08:00');
  const assignments = await db.assignment.count();
  const events = await db.event.count();
  console.log(`PostgreSQL, ${cases} cases, ${all.length} steps, ${assignments} assignments, ${events} events; each month computed at its end (23:00) and again on 2027-03-01; times: median of ${runs} (ms)`);
  console.log(`| month | lead assignments counted | unit rows changed later: this code${before ? ' | before' : ''} | this code ms${before ? ' | before ms | ratio' : ''} |`);
  console.log(`|---|---|---|${before ? '---|' : ''}---|${before ? '---|---|' : ''}`);
  for (const m of months) {
    const kept = atMonthEnd.get(m.from)!;
    const now = await computeBulletin(db, { ...m, now: later });
    const counted = now.totals.received + now.totals.carriedOver;
    const cells = [m.from.slice(0, 7), String(counted), `${changedRows(kept.now, now).length} of ${now.units.length}`];
    const mine: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r < runs + 1; r++) {
      const a = await timed(() => computeBulletin(db, { ...m, now: later }));
      const b = before ? await timed(() => before(db, { ...m, now: later })) : 0;
      if (r > 0) {
        mine.push(a);
        theirs.push(b);
      }
    }
    if (before) cells.push(`${changedRows(kept.before!, await before(db, { ...m, now: later })).length} of ${now.units.length}`);
    cells.push(median(mine).toFixed(1));
    if (before) cells.push(median(theirs).toFixed(1), (median(mine) / median(theirs)).toFixed(2));
    console.log(`| ${cells.join(' | ')} |`);
  }
} finally {
  await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await store.close();
}
