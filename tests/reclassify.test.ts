/**
 * Bulk re-classification (`minsheng reclassify`): the cases awaiting review get a new model's
 * suggestions, as registration would have set them; decided cases and staff decisions are never
 * touched, a case staff register meanwhile keeps their decision, and a second run changes nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier, loadUnitDirectory, type Classifier } from '../classifier/index.js';
import { main } from '../cli/main.js';
import { summaryText } from '../cli/commands/reclassify.js';
import {
  applyNewSuggestion,
  decideNotAccepted,
  ensureSource,
  recordMessage,
  reclassifyAwaitingCases,
  registerCase,
  registerMessage,
  reopenCase,
  storeReclassifyPort,
  syncUnits,
  type Actor,
  type ReclassifyStore,
} from '../workflow/index.js';
import { openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';
import { trainTinyModel } from './helpers/tiny-training-set.js';

const egov: Actor = { userId: 'u1', username: 'egov', role: 'egov_centre' };
const admin: Actor = { userId: 'a1', username: 'admin', role: 'admin' };
const texts: [string, string][] = [
  ['城关街道路灯不亮', '我们小区门口的路灯坏了一个月了，晚上出行很不安全，请尽快修复。'],
  ['印台区哪里可以办理居住证', '请问在印台区办理居住证需要带什么材料，去哪个窗口办理？'],
  ['建议在城关街道增设公交站', '城关街道新建小区居民多，出行不便，建议增设一个公交站点。'],
  ['小区自来水停水三天', '阳光小区已经停水三天了，物业不管，老人孩子生活困难，请有关部门帮忙解决。'],
  ['专业代办各类证件 加微信 价格优惠', '本公司专业代办驾驶证、营业执照，价格优惠，欢迎加微信 abc123 咨询，联系电话 13800000000'],
  ['工地夜间施工噪音扰民', '某工地每天晚上十一点以后还在施工，噪音很大，严重影响居民休息，投诉多次无果。'],
  ['农村低保申请流程', '家里老人生病没有收入，想申请低保，请问需要什么条件，到哪里申请？'],
  ['学校门口交通拥堵', '每天放学时间学校门口车辆乱停，交通拥堵，孩子过马路很危险，建议安排交警疏导。'],
  ['供暖不热', '今年供暖开始后家里暖气一直不热，室温只有十二度，多次反映没有人处理。'],
];

let store: Awaited<ReturnType<typeof openTestPostgresStore>>;
let dir: string;
let committed: Classifier;
let tiny: Classifier;
let tinyFile: string;
/** Case ids by role in the test. */
const ids = { registered: '', notAccepted: '', reopened: '', registeredMeanwhile: '', lockedMeanwhile: '', withCopy: '', awaiting: [] as string[] };

async function addMessage(i: number, siteId: string): Promise<{ caseId: string; messageId: string }> {
  const [title, content] = texts[i]!;
  const { messageId } = await recordMessage(store.db, { sourceId: 's', channel: 'district_mailbox', siteId, title, content, fetchedAt: new Date().toISOString() });
  const { caseId } = await registerMessage(store.db, { messageId, classification: committed.classify({ title, content }) });
  return { caseId, messageId };
}

const snapshot = async () =>
  store.db.case.findMany({
    orderBy: { id: 'asc' },
    select: { id: true, state: true, category: true, categoryConfirmed: true, outOfScope: true, outOfScopeReasons: true, complexity: true, urgency: true, unitId: true, messages: { select: { id: true, classification: true }, orderBy: { id: 'asc' } } },
  });
const suggestionEvents = async (caseId?: string) => store.db.event.findMany({ where: { type: 'suggestion_updated', ...(caseId ? { caseId } : {}) }, orderBy: { id: 'asc' } });

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    env: { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent', MINSHENG_DATA_DIR: dir },
    io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
  });
  return { code, out, err };
}

beforeAll(async () => {
  store = await openTestPostgresStore();
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-reclassify-'));
  await syncUnits(store.db, loadUnitDirectory());
  await ensureSource(store.db, { id: 's', name: 's', channel: 'district_mailbox' });
  committed = await loadClassifier();
  ({ file: tinyFile, classifier: tiny } = trainTinyModel(dir));
  expect(tiny.version).not.toBe(committed.version);

  const cases = [];
  for (let i = 0; i < texts.length; i++) cases.push(await addMessage(i, `m${i}`));
  // An exact copy of the first message joins its case: both messages get the new suggestion.
  const copy = await addMessage(0, 'm0-copy');
  expect(copy.caseId).toBe(cases[0]!.caseId);
  ids.withCopy = cases[0]!.caseId;
  // Decided by staff: registered with a category; not accepted; not accepted then re-opened (back in the queue).
  ids.registered = cases[1]!.caseId;
  await registerCase(store.db, { caseId: ids.registered, category: '建议', complexity: 'complex', actor: egov });
  ids.notAccepted = cases[5]!.caseId;
  await decideNotAccepted(store.db, { caseId: ids.notAccepted, reasons: ['personal'], note: '个人纠纷', actor: egov });
  ids.reopened = cases[4]!.caseId;
  await decideNotAccepted(store.db, { caseId: ids.reopened, reasons: ['advertising'], note: '广告', actor: egov });
  await reopenCase(store.db, { caseId: ids.reopened, note: '确有反映事项', actor: egov });
  ids.registeredMeanwhile = cases[2]!.caseId;
  ids.lockedMeanwhile = cases[3]!.caseId;
  ids.awaiting = cases.map((c) => c.caseId).filter((id) => ![ids.registered, ids.notAccepted].includes(id));
}, 120_000);
afterAll(async () => {
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('re-classifying the cases awaiting review', () => {
  it('with the model that suggested them changes nothing', async () => {
    const before = await snapshot();
    const summary = await reclassifyAwaitingCases(storeReclassifyPort(store.db, admin), { classifier: committed });
    expect(summary).toMatchObject({ total: ids.awaiting.length, examined: ids.awaiting.length, changed: 0, skipped: 0 });
    expect(await snapshot()).toEqual(before);
    expect(await suggestionEvents()).toHaveLength(0);
  });

  it('--dry-run reports what a new model would change and writes nothing', async () => {
    const before = await snapshot();
    const { code, out, err } = await cli(['reclassify', '--model', tinyFile, '--dry-run', '--json']);
    expect(code, err).toBe(0);
    const summary = JSON.parse(out) as { dryRun: boolean; changed: number; examined: number; fields: Record<string, number>; model: string; modelVersion: string };
    expect(summary).toMatchObject({ dryRun: true, examined: ids.awaiting.length, changed: ids.awaiting.length, model: tinyFile, modelVersion: tiny.version });
    expect(summary.fields.category).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
    expect(await suggestionEvents()).toHaveLength(0);
    const text = await cli(['reclassify', '--model', tinyFile, '--dry-run', '--batch', '3']);
    expect(text.err).toBe(`已核对 3/${ids.awaiting.length} 件……\n已核对 6/${ids.awaiting.length} 件……\n已核对 ${ids.awaiting.length}/${ids.awaiting.length} 件……\n`);
    expect(text.out).toContain('试运行，未写入任何更改。');
    expect(text.out).toContain(`核对待审核分类的案件 ${ids.awaiting.length} 件：分类建议将改变 ${ids.awaiting.length} 件`);
  });

  it('with a new model updates exactly the awaiting cases, as intake would have set them, and keeps a case staff register meanwhile', async () => {
    const before = await snapshot();
    const port = storeReclassifyPort(store.db, admin);
    // Staff register one listed case between the read and the write.
    const racing: ReclassifyStore = {
      ...port,
      listAwaiting: async (after, limit) => {
        const page = await port.listAwaiting(after, limit);
        if (page.some((c) => c.caseId === ids.registeredMeanwhile)) await registerCase(store.db, { caseId: ids.registeredMeanwhile, category: '其他', actor: egov });
        return page;
      },
    };
    const progress: string[] = [];
    const summary = await reclassifyAwaitingCases(racing, { classifier: tiny, batchSize: 3, onProgress: (done, total) => progress.push(`${done}/${total}`) });
    expect(progress.at(-1)).toBe(`${ids.awaiting.length}/${ids.awaiting.length}`);
    expect(summary).toMatchObject({ examined: ids.awaiting.length, changed: ids.awaiting.length - 1, skipped: 1 });
    expect(summary.cases.find((c) => c.outcome === 'skipped')).toMatchObject({ caseId: ids.registeredMeanwhile, state: 'registered' });

    const after = await snapshot();
    for (const c of after) {
      const old = before.find((b) => b.id === c.id)!;
      if (!ids.awaiting.includes(c.id) || c.id === ids.registeredMeanwhile) {
        // Decided: the suggestions, fields and staff decisions are as they were (the racing registration aside).
        expect(c.messages).toEqual(old.messages);
        if (c.id !== ids.registeredMeanwhile) expect(c).toEqual(old);
        expect(await suggestionEvents(c.id)).toHaveLength(0);
        continue;
      }
      // Each message holds the new model's suggestion; the case's fields are the first message's.
      const rows = await store.db.message.findMany({ where: { caseId: c.id }, select: { id: true, title: true, content: true } });
      for (const m of rows) expect(c.messages.find((x) => x.id === m.id)?.classification).toEqual(JSON.parse(JSON.stringify(tiny.classify(m))));
      const primary = (await store.db.case.findUniqueOrThrow({ where: { id: c.id }, include: { messages: true } })).primaryMessageId;
      const message = rows.find((m) => m.id === primary)!;
      const s = tiny.classify(message);
      const unit = s.unit.value ? await store.db.unit.findFirst({ where: { name: s.unit.value } }) : null;
      expect(c).toMatchObject({ category: s.category, complexity: s.complexity.value, urgency: s.urgency.value, unitId: unit?.id ?? null });
      if (c.id === ids.reopened) {
        // Staff re-opened it: their 不予受理 decision (not out of scope) stands whatever the model says.
        expect(c).toMatchObject({ outOfScope: false, outOfScopeReasons: old.outOfScopeReasons });
      } else expect(c).toMatchObject({ outOfScope: s.outOfScope.flagged, outOfScopeReasons: JSON.parse(JSON.stringify(s.outOfScope.reasons)) });
      const events = await suggestionEvents(c.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor: 'admin', role: 'admin', data: { modelVersion: tiny.version, previousModelVersion: committed.version } });
      if (c.category !== old.category) expect((events[0]!.data as { changes: Record<string, unknown> }).changes.category).toEqual({ before: old.category, after: c.category });
    }
    expect((await suggestionEvents(ids.withCopy))[0]!.data).toMatchObject({ updatedMessages: 2 });
    const reopened = summary.cases.find((c) => c.caseId === ids.reopened)!;
    expect(reopened.changes).not.toHaveProperty('outOfScope');
    // The racing registration is the staff's, untouched: category, confirmation, the old suggestion.
    const raced = after.find((c) => c.id === ids.registeredMeanwhile)!;
    expect(raced).toMatchObject({ state: 'registered', category: '其他', categoryConfirmed: true });
  });

  it('a second run with the same model changes nothing and records no event', async () => {
    const before = await snapshot();
    const events = (await suggestionEvents()).length;
    const { code, out, err } = await cli(['reclassify', '--model', tinyFile]);
    expect(code, err).toBe(0);
    expect(out).toContain(`模型 ${tiny.version}（${tinyFile}）`);
    expect(out).toContain('分类建议已改变 0 件');
    expect(await snapshot()).toEqual(before);
    expect(await suggestionEvents()).toHaveLength(events);
  });

  it('waits for a staff decision in progress on the case and then leaves it alone', async () => {
    const c = await store.db.case.findUniqueOrThrow({ where: { id: ids.lockedMeanwhile }, include: { messages: true } });
    const suggestions = c.messages.map((m) => ({ messageId: m.id, classification: committed.classify(m) }));
    let applying: ReturnType<typeof applyNewSuggestion> | undefined;
    await store.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT "id" FROM "Case" WHERE "id" = ${c.id} FOR UPDATE`;
      applying = applyNewSuggestion(store.db, { caseId: c.id, suggestions, actor: admin });
      await new Promise((r) => setTimeout(r, 300));
      await tx.case.update({ where: { id: c.id }, data: { state: 'registered', categoryConfirmed: true, category: '求助' } });
    });
    expect(await applying).toMatchObject({ outcome: 'skipped', state: 'registered' });
    expect(await store.db.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ state: 'registered', category: '求助' });
  });

  it('back to the committed model, the awaiting cases hold what intake gave them', async () => {
    const original = await loadClassifier();
    const { code, out, err } = await cli(['reclassify']);
    expect(code, err).toBe(0);
    expect(out).toContain(`模型 ${original.version}（随附的默认模型）`);
    for (const c of await snapshot()) {
      if (c.state !== 'awaiting_review') continue;
      for (const m of c.messages) expect((m.classification as { modelVersion: string }).modelVersion).toBe(original.version);
    }
    expect(await suggestionEvents(ids.withCopy)).toHaveLength(2);
  });

  it('counts in its summary what it did when a letter arrives during the run', async () => {
    // QA: a case registered while the command ran was re-classified too, and the summary read
    // 待审核分类的案件 7 件，核对 8 件：分类建议已改变 8 件: more examined and changed than were waiting.
    const port = storeReclassifyPort(store.db, admin);
    let arrived = '';
    const arriving: ReclassifyStore = {
      ...port,
      countAwaiting: async () => {
        const n = await port.countAwaiting();
        const letter = { title: '东城社区垃圾没人清运', content: '东城社区后巷的垃圾堆了一个星期没人清运，气味很大，请环卫部门尽快处理。' };
        const { messageId } = await recordMessage(store.db, { sourceId: 's', channel: 'district_mailbox', siteId: 'during-run', ...letter, fetchedAt: new Date().toISOString() });
        arrived = (await registerMessage(store.db, { messageId, classification: committed.classify(letter) })).caseId;
        return n;
      },
    };
    const waiting = await store.db.case.count({ where: { state: 'awaiting_review' } });
    const summary = await reclassifyAwaitingCases(arriving, { classifier: tiny, batchSize: 3 });
    expect(summary.cases.map((c) => c.caseId)).toContain(arrived);
    expect(summary).toMatchObject({ total: waiting, examined: waiting + 1 });
    expect(summary.changed + summary.unchanged + summary.skipped).toBe(summary.examined);
    const text = summaryText(summary, tinyFile);
    expect(text).toContain(`核对待审核分类的案件 ${waiting + 1} 件（开始时待审核分类 ${waiting} 件；运行期间新到的案件一并核对`);
    expect(text).toContain(`：分类建议已改变 ${summary.changed} 件，未变 ${summary.unchanged} 件`);
    expect(text).not.toContain(`待审核分类的案件 ${waiting} 件，核对`);
  });
});
