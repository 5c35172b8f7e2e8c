/**
 * The cases and accounts behind tests/api-role-matrix.test.ts: one real web server (every optional
 * route mounted: bulletins, queue metrics and dashboard, backups) on a PostgreSQL test schema, and
 * a signed-in session for each role, plus a unit that is on no case and a unit that only assists.
 *
 * Cases (each carries markers: strings that appear in that case's data and nowhere else):
 * - A: 交通运输局 (roads) leads, 水务局 (water) assists; a 拟办 opinion, an extension request, a
 *   督办 record and water's 协办意见 (internal: the lead unit and 督查室 read it).
 * - B: roads leads alone; replied, visited (回访 dissatisfied note, then re-opened to roads).
 * - C: roads leads, water assists (and gave no opinion); reported, replied and visited: its report
 *   and 回访记录 are hidden from water as A's internal records are.
 * - W: water leads alone. Q: awaiting review (no unit sees it).
 * A hot-issue group (label 元宝山小区) spans cases of units that are not the asker's.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../../core/index.js';
import { createQueue } from '../../pipeline/index.js';
import { createWebServer } from '../../web/index.js';
import { assignCase, decideProposal, decideReply, proposeHandling, publishReply, recordVisit, registerCase, requestExtension, reviewReport, submitAssistOpinion, submitReport } from '../../workflow/cases/index.js';
import { recordSupervision } from '../../workflow/supervision/index.js';
import { createUser, type Actor } from '../../workflow/users/index.js';
import { openConsoleFixture, password, type ConsoleFixture } from '../console-fixture.js';
import { goodReply } from './case-steps.js';

/** Every caller the matrix tries: signed out, each office role, the lead unit, the assisting unit, a unit on no case. */
export const callers = ['anon', 'admin', 'egov', 'office', 'leader', 'duchashi', 'roads', 'water', 'housing'] as const;
export type Caller = (typeof callers)[number];
export type Staff = Exclude<Caller, 'anon'>;
export const offices = ['admin', 'egov', 'office', 'leader', 'duchashi'] as const satisfies readonly Staff[];
export const units = ['roads', 'water', 'housing'] as const satisfies readonly Staff[];

/** Strings each case's data holds (title, writer, writer's phone, internal notes). */
export const marks = {
  A: { title: '印台大道路灯不亮', writer: '孙磊', phone: '13812345678' },
  /** Case A's internal records an assisting unit may not read (workflow/README.md 主办/协办). */
  aInternal: { proposal: '拟办意见甲乙丙', extension: '延期理由丁戊己', supervision: '督办记录庚辛壬' },
  /** Water's 协办意见 on A: the lead unit and 督查室 read the text, the other offices only that it came. */
  assistOpinion: '协办意见子丑寅',
  C: { title: '广场路积水严重', writer: '冯刚', phone: '13500004444' },
  cInternal: { report: `${goodReply.slice(0, -1)}，积水已抽排。`, visit: '回访记录午未申' },
  B: { title: '公交站缺少遮阳棚', writer: '吴倩', phone: '13900001111', visit: '回访记录卯辰巳' },
  W: { title: '东坡村自来水浑浊', writer: '郑强', phone: '13700002222' },
  Q: { title: '咨询医保缴费办法', writer: '李娜', phone: '13600003333' },
  hotIssue: '元宝山小区',
} as const;

export interface Session {
  cookie: string;
  csrf: string;
}

export interface RoleMatrixFixture {
  console: ConsoleFixture;
  app: FastifyInstance;
  base: string;
  ids: { A: string; B: string; C: string; W: string; Q: string; msgA: string; exportOfRoads: string; hotIssueKey: string };
  sessions: Record<Staff, Session>;
  /** A fresh session of `username` (for routes that end one). */
  signIn(username: string): Promise<Session>;
  close(): Promise<void>;
}

const assignWith = async (f: ConsoleFixture, caseId: string, unitId: string, assistUnitIds: string[], opinion: string) => {
  const db = f.store.db;
  await registerCase(db, { caseId, category: '投诉', actor: f.actors.egov });
  await proposeHandling(db, { caseId, unitId, assistUnitIds, opinion, actor: f.actors.office });
  await decideProposal(db, { caseId, approve: true, actor: f.actors.leader });
  await assignCase(db, { caseId, actor: f.actors.office });
};

export async function openRoleMatrixFixture(): Promise<RoleMatrixFixture> {
  const f = await openConsoleFixture({ launchBrowser: false });
  const db = f.store.db;
  await createUser(db, { username: 'housing', displayName: '住建局 周勇', role: 'unit', unitId: 'u-housing', password });
  // The target of the admin's account routes (重设密码, 停用), so no account the matrix signs in with changes.
  await createUser(db, { username: 'spare', displayName: '备用账号', role: 'egov_centre', password });
  const waterUser = await db.user.findFirstOrThrow({ where: { username: 'water' } });
  const water: Actor = { userId: waterUser.id, username: 'water', role: 'unit', unitId: 'u-water' };
  const { A: a, B: b, C: c, W: w, Q: q } = marks;
  const A = await f.addMessage({ title: a.title, content: `路灯一周不亮，联系电话${a.phone}。`, author: a.writer, category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  const B = await f.addMessage({ title: b.title, content: `建议公交站增加遮阳棚，电话${b.phone}。`, author: b.writer, category: '建议', confidence: 0.9, unit: '区交通运输局' });
  const C = await f.addMessage({ title: c.title, content: `广场路一下雨就积水，电话${c.phone}。`, author: c.writer, category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  const W = await f.addMessage({ title: w.title, content: `自来水浑浊发黄，电话${w.phone}。`, author: w.writer, category: '投诉', confidence: 0.9, unit: '区水务局' });
  const Q = await f.addMessage({ title: q.title, content: `医保怎么缴费？电话${q.phone}。`, author: q.writer, category: '咨询', confidence: 0.9, unit: '区交通运输局' });

  await assignWith(f, A, 'u-roads', ['u-water'], marks.aInternal.proposal);
  await submitAssistOpinion(db, { caseId: A, text: marks.assistOpinion, actor: water });
  await requestExtension(db, { caseId: A, progress: '已现场查看', reason: marks.aInternal.extension, days: 3, actor: f.actors.roads });
  await recordSupervision(db, { caseId: A, kind: 'phone', note: marks.aInternal.supervision, actor: f.actors.supervision });

  await f.assignTo(B, 'u-roads');
  await submitReport(db, { caseId: B, text: goodReply, actor: f.actors.roads });
  await reviewReport(db, { caseId: B, accept: true, actor: f.actors.supervision });
  await decideReply(db, { caseId: B, approve: true, actor: f.actors.leader });
  await publishReply(db, { caseId: B, actor: f.actors.egov });
  await recordVisit(db, { caseId: B, satisfaction: 'dissatisfied', method: 'phone', note: marks.B.visit, actor: f.actors.egov });

  await assignWith(f, C, 'u-roads', ['u-water'], '请交通运输局牵头处理');
  await submitReport(db, { caseId: C, text: marks.cInternal.report, actor: f.actors.roads });
  await reviewReport(db, { caseId: C, accept: true, actor: f.actors.supervision });
  await decideReply(db, { caseId: C, approve: true, actor: f.actors.leader });
  await publishReply(db, { caseId: C, actor: f.actors.egov });
  await recordVisit(db, { caseId: C, satisfaction: 'satisfied', method: 'phone', note: marks.cInternal.visit, actor: f.actors.egov });

  await f.assignTo(W, 'u-water');

  // A hot-issue group of the district (cases of other units): its label is the offices' to read.
  const hotIssueKey = 'estate:宝山小区';
  await db.hotIssue.create({ data: { key: hotIssueKey, label: marks.hotIssue, messageCount: 3, firstSeenAt: new Date(), lastSeenAt: new Date() } });
  await db.case.update({ where: { id: Q }, data: { hotIssueKey } });

  const bulletinDir = await mkdtemp(path.join(tmpdir(), 'h-authz-bulletins-'));
  const queue = await createQueue({ redisUrl: undefined, queuePrefix: 'unused', workerConcurrency: 1 }, silentLogger);
  const app = await createWebServer({ store: f.store, logger: silentLogger, loginRateLimit: { max: 10_000, timeWindowMs: 60_000 }, bulletinDir, queue, backups: { dir: bulletinDir, keep: 0 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const signIn = async (username: string): Promise<Session> => {
    const res = await fetch(`${base}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`sign-in of ${username}: HTTP ${res.status}`);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  };
  const sessions = {} as Record<Staff, Session>;
  for (const who of [...offices, ...units]) sessions[who] = await signIn(who === 'duchashi' ? 'duchashi' : who);

  // An export of the lead unit's: nobody else may read its progress or its file.
  const started = await fetch(`${base}/api/exports`, { method: 'POST', headers: { cookie: sessions.roads.cookie, 'x-csrf-token': sessions.roads.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ format: 'csv' }) });
  const exportOfRoads = ((await started.json()) as { id: string }).id;
  const msgA = (await db.message.findFirstOrThrow({ where: { caseId: A } })).id;

  return {
    console: f,
    app,
    base,
    ids: { A, B, C, W, Q, msgA, exportOfRoads, hotIssueKey },
    sessions,
    signIn,
    async close() {
      await app.close();
      await queue.close();
      await f.close();
    },
  };
}
