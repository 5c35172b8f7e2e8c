/**
 * A handling unit's exports and case page leave out the classifier's suggestion (分类审核 is the
 * e-government centre's: exports/unit-columns.ts, cases/classifier-view.ts), through the real
 * HTTP API and sessions on PostgreSQL: the unit's CSV, XLSX and JSON (the console's job path and
 * the stream, per case and per message) have no 建议类别, 置信度, 审核状态 nor 分类器提示（不予受理）,
 * nor the 不予受理 decision's 不予受理理由 and 不予受理说明 (a unit never has such a case),
 * the other columns in the order the centre's file has them; the centre's keep them all. The unit's
 * GET /api/workflow/cases/:id carries no classification, no suggestion in the event log (nor the
 * new model's re-suggestion) and not the flag staff overrode; the centre's does.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { createWebServer } from '../web/index.js';
import { applyNewSuggestion, ensureSource, openStore, recordMessage, registerMessage, type Store } from '../workflow/index.js';
import { assignCase, decideProposal, proposeHandling, registerCase } from '../workflow/cases/index.js';
import { createUser, type Actor } from '../workflow/users/index.js';
import { password, signIn, waitFinished, type Client } from './helpers/export-jobs.js';
import { testDatabaseUrl, uniqueName } from './helpers/services.js';

/** What a unit may not find anywhere in its answers: the model's version and the flag's evidence. */
const modelMark = 'unit-export-model-7f3a';
const evidenceMark = '回收旧家电广告词';

const suggestion = (category: string, confidence: number) => ({
  category,
  confidence,
  probabilities: { 咨询: 0.02, 建议: 0.02, 投诉: confidence, 求助: 0.02, 其他: 0.02 },
  explanation: [],
  outOfScope: { flagged: true, reasons: [{ code: 'advertising', evidence: [evidenceMark], confidence: 0.55 }] },
  complexity: { value: 'simple', confidence: 0.7, evidence: [] },
  urgency: { value: 'normal', confidence: 0.9, evidence: [] },
  unit: { value: '区交通运输局', confidence: 0.6, evidence: [] },
  modelVersion: modelMark,
});

const reviewHeaders = ['建议类别', '置信度', '审核状态', '分类器提示（不予受理）', '不予受理理由', '不予受理说明'];
const reviewKeys = ['suggestedCategory', 'confidence', 'reviewStatus', 'outOfScopeSuggested', 'outOfScopeReasons', 'notAcceptedNote'];

describe("a handling unit's exports and case page without the classifier's suggestion (PostgreSQL, HTTP)", () => {
  let store: Store;
  let app: FastifyInstance;
  let exportDir: string;
  const schema = uniqueName('t');
  const clients: Partial<Record<'egov' | 'roads', Client>> = {};
  let caseId = '';

  beforeAll(async () => {
    exportDir = await mkdtemp(path.join(tmpdir(), 'minsheng-export-unit-'));
    store = await openStore({ databaseUrl: testDatabaseUrl, schema, poolSize: 5 });
    const db = store.db;
    await db.unit.create({ data: { id: 'u-roads', name: '区交通运输局', keywords: ['道路'] } });
    const actors: Record<string, Actor> = {};
    for (const a of [
      { username: 'egov', displayName: '电子政务中心 王敏', role: 'egov_centre' as const },
      { username: 'office', displayName: '区政府办 李强', role: 'gov_office' as const },
      { username: 'leader', displayName: '分管领导 赵刚', role: 'leader' as const },
      { username: 'roads', displayName: '区交通运输局 刘洋', role: 'unit' as const, unitId: 'u-roads' },
    ]) {
      const u = await createUser(db, { ...a, password });
      actors[a.username] = { userId: u.id, username: u.username, role: u.role, ...(a.unitId ? { unitId: a.unitId } : {}) };
    }
    await ensureSource(db, { id: 'src-district', name: '印台区区长信箱', channel: 'district_mailbox' });
    const recorded = await recordMessage(db, {
      sourceId: 'src-district',
      channel: 'district_mailbox',
      siteId: `m-${randomBytes(4).toString('hex')}`,
      title: '幸福路路面塌陷',
      content: '幸福路中段路面塌陷一个多月，车辆绕行，请交通部门尽快修复。',
      author: '张建国',
      postedAt: '2026-11-02T09:00:00+08:00',
      fetchedAt: '2026-11-02T09:05:00+08:00',
    });
    ({ caseId } = await registerMessage(db, { messageId: recorded.messageId, classification: suggestion('投诉', 0.61) as never }));
    // A new model re-suggests before 登记 (suggestion_updated in the log), then the centre registers
    // it as 求助 over the flag, and it is handed to the unit.
    const updated = await applyNewSuggestion(db, { caseId, suggestions: [{ messageId: recorded.messageId, classification: suggestion('投诉', 0.64) as never }], actor: actors.egov! });
    expect(updated.outcome).toBe('changed');
    await registerCase(db, { caseId, category: '求助', note: '反映的是路面塌陷，不是广告', actor: actors.egov! });
    await proposeHandling(db, { caseId, unitId: 'u-roads', opinion: '请区交通运输局核实处理', actor: actors.office! });
    await decideProposal(db, { caseId, approve: true, actor: actors.leader! });
    await assignCase(db, { caseId, actor: actors.office! });
    app = await createWebServer({ store, logger: silentLogger, exports: { exportDir }, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    await app.ready();
    clients.egov = await signIn(app, 'egov');
    clients.roads = await signIn(app, 'roads');
  });

  afterAll(async () => {
    await app?.close();
    await store?.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await store?.close();
    if (exportDir) await rm(exportDir, { recursive: true, force: true });
  });

  /** An export through the console's job path: the finished file. */
  async function jobFile(who: 'egov' | 'roads', format: 'csv' | 'xlsx' | 'json', rowsPer: 'case' | 'message') {
    const client = clients[who]!;
    const started = await client.post('/api/exports', { format, masked: true, filter: { rowsPer } });
    expect(started.statusCode, started.body).toBe(200);
    const { id } = started.json() as { id: string };
    expect(await waitFinished(client, id)).toMatchObject({ status: 'done', rows: 1 });
    const file = await client.get(`/api/exports/${id}/file`);
    expect(file.statusCode).toBe(200);
    return file;
  }

  const csvHeader = (body: string) => body.replace(/^\uFEFF/, '').split('\r\n')[0]!.split(',');
  async function xlsxHeader(payload: Buffer): Promise<string[]> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(payload as never);
    return (workbook.worksheets[0]!.getRow(1).values as unknown[]).filter((v): v is string => typeof v === 'string');
  }

  for (const rowsPer of ['case', 'message'] as const) {
    it(`leaves the 分类审核 columns out of the unit's CSV and XLSX (${rowsPer}), the others in the centre's order`, async () => {
      const centreCsv = csvHeader((await jobFile('egov', 'csv', rowsPer)).body);
      const unitCsv = csvHeader((await jobFile('roads', 'csv', rowsPer)).body);
      for (const name of reviewHeaders) expect(centreCsv).toContain(name);
      for (const name of ['类别', '复杂程度', '紧急程度', '承办单位']) expect(unitCsv).toContain(name);
      if (rowsPer === 'message') expect(unitCsv).toContain('相似度');
      expect(unitCsv).toEqual(centreCsv.filter((name) => !reviewHeaders.includes(name)));

      const centreXlsx = await xlsxHeader(Buffer.from((await jobFile('egov', 'xlsx', rowsPer)).rawPayload));
      const unitXlsx = await xlsxHeader(Buffer.from((await jobFile('roads', 'xlsx', rowsPer)).rawPayload));
      expect(centreXlsx).toEqual(centreCsv);
      expect(unitXlsx).toEqual(unitCsv);

      // The stream (automation, the CLI through a running main job) answers the same columns.
      const streamed = await clients.roads!.get(`/api/exports/stream?format=csv&rowsPer=${rowsPer}`);
      expect(streamed.statusCode).toBe(200);
      expect(csvHeader(streamed.body)).toEqual(unitCsv);
    });

    it(`leaves the 分类审核 keys out of the unit's JSON rows (${rowsPer})`, async () => {
      const [centre] = JSON.parse((await jobFile('egov', 'json', rowsPer)).body) as Record<string, unknown>[];
      const [unit] = JSON.parse((await jobFile('roads', 'json', rowsPer)).body) as Record<string, unknown>[];
      expect(centre).toMatchObject({ category: '求助', suggestedCategory: '投诉', confidence: 0.64, reviewStatus: '已确认' });
      for (const key of reviewKeys) expect(unit).not.toHaveProperty(key);
      expect(unit).toMatchObject({ category: '求助', complexity: '简单', urgency: '一般', unit: '区交通运输局' });
      expect(Object.keys(unit!)).toEqual(Object.keys(centre!).filter((key) => !reviewKeys.includes(key)));
    });
  }

  it("shows the unit's case page no classification, suggestion or overridden flag; the centre's keeps them", async () => {
    const read = async (who: 'egov' | 'roads') => {
      const res = await clients[who]!.get(`/api/workflow/cases/${caseId}`);
      expect(res.statusCode).toBe(200);
      return { text: res.body, c: (res.json() as { case: { category: string; outOfScopeReasons: unknown; messages: { classification: unknown }[]; events: { type: string; data: Record<string, unknown> }[] } }).case };
    };
    const centre = await read('egov');
    expect(centre.text).toContain(modelMark);
    expect(centre.c.events.map((e) => e.type)).toContain('suggestion_updated');
    expect(centre.c.events.find((e) => e.type === 'case_created')?.data).toMatchObject({ category: '投诉', confidence: 0.61 });

    const unit = await read('roads');
    expect(unit.c.category).toBe('求助');
    expect(unit.c.messages[0]?.classification).toBeNull();
    expect(unit.c.outOfScopeReasons).toBeNull();
    expect(unit.c.events.map((e) => e.type)).not.toContain('suggestion_updated');
    expect(unit.c.events.find((e) => e.type === 'case_created')?.data).not.toHaveProperty('confidence');
    expect(unit.c.events.find((e) => e.type === 'register')?.data).toMatchObject({ category: '求助' });
    expect(unit.c.events.find((e) => e.type === 'register')?.data).not.toHaveProperty('suggested');
    for (const mark of [modelMark, evidenceMark, '"confidence"', '"suggested"']) expect(unit.text).not.toContain(mark);
  });
});
