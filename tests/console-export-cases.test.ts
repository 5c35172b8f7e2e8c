/**
 * 每件一行 and 按登记时间 on the console's export path (POST /api/exports, the job, the file from
 * the store), PostgreSQL: a case with a copy from another channel is one row with 反映人数,
 * 留言条数 and both channels, masked as message rows are; an export by registration date over a
 * bulletin's period has exactly the cases computeBulletin counts; 每条留言一行 keeps every copy.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, silentLogger, type Channel } from '../core/index.js';
import { createWebServer } from '../web/index.js';
import { computeBulletin, ensureSource, openStore, recordMessage, registerMessage, type Store } from '../workflow/index.js';
import { createUser } from '../workflow/users/index.js';
import { complaintSuggestion, password, signIn, waitFinished, type Client } from './helpers/export-jobs.js';
import { testDatabaseUrl, uniqueName } from './helpers/services.js';

const classification = complaintSuggestion;

describe('exports per case and by registration date (PostgreSQL, console job path)', () => {
  let store: Store;
  let app: FastifyInstance;
  let client: Client;
  let exportDir: string;
  const schema = uniqueName('t');
  const ledger: Record<'lamp' | 'noise' | 'late', string> = { lamp: '', noise: '', late: '' };

  /** Records and registers one message; the case's registration time set as a crawl after a weekend would leave it. */
  async function message(input: { source: 'src-district' | 'src-city'; channel: Channel; title: string; content: string; author: string; postedAt: string; registeredAt?: string }) {
    const recorded = await recordMessage(store.db, {
      sourceId: input.source,
      channel: input.channel,
      siteId: `m-${randomBytes(4).toString('hex')}`,
      title: input.title,
      content: input.content,
      author: input.author,
      postedAt: input.postedAt,
      fetchedAt: input.registeredAt ?? input.postedAt,
    });
    const registered = await registerMessage(store.db, { messageId: recorded.messageId, classification });
    if (input.registeredAt) await store.db.case.update({ where: { id: registered.caseId }, data: { createdAt: new Date(input.registeredAt) } });
    return registered;
  }

  beforeAll(async () => {
    exportDir = await mkdtemp(path.join(tmpdir(), 'minsheng-export-cases-'));
    store = await openStore({ databaseUrl: testDatabaseUrl, schema, poolSize: 5 });
    await createUser(store.db, { username: 'office', displayName: '区政府办 李强', role: 'gov_office', password });
    await ensureSource(store.db, { id: 'src-district', name: '印台区区长信箱', channel: 'district_mailbox' });
    await ensureSource(store.db, { id: 'src-city', name: '铜川市市长信箱', channel: 'city_mailbox' });
    const lampText = '我是张建国，电话13812345678，幸福路路灯已经坏了一个月，晚上出行很不安全，请尽快维修。';
    // Posted on 10-31 (a Saturday), crawled and registered after the weekend: October's by posting, November's by the bulletin.
    const lamp = await message({ source: 'src-district', channel: 'district_mailbox', title: '幸福路路灯不亮', content: lampText, author: '张建国', postedAt: '2026-10-31T20:00:00+08:00', registeredAt: '2026-11-02T09:00:00+08:00' });
    // The same letter in the city mailbox by another writer: a copy of the case, not a case of its own.
    const copy = await message({ source: 'src-city', channel: 'city_mailbox', title: '幸福路路灯不亮', content: lampText, author: '王秀兰', postedAt: '2026-11-02T09:10:00+08:00' });
    expect(copy).toMatchObject({ outcome: 'linked', caseId: lamp.caseId });
    const noise = await message({ source: 'src-district', channel: 'district_mailbox', title: '夜间施工噪音扰民', content: '工地每天夜里施工到两点，联系电话13900001111。', author: '李四', postedAt: '2026-11-03T10:00:00+08:00', registeredAt: '2026-11-03T10:05:00+08:00' });
    // Posted on November's last evening, registered on December 1st: the bulletin counts it in December.
    const late = await message({ source: 'src-district', channel: 'district_mailbox', title: '小区供暖不热', content: '家里暖气温度只有十二度，请供热公司处理。', author: '赵六', postedAt: '2026-11-30T23:00:00+08:00', registeredAt: '2026-12-01T09:00:00+08:00' });
    Object.assign(ledger, { lamp: lamp.ledgerNo, noise: noise.ledgerNo, late: late.ledgerNo });
    app = await createWebServer({ store, logger: silentLogger, exports: { exportDir }, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    await app.ready();
    client = await signIn(app, 'office');
  });

  afterAll(async () => {
    await app?.close();
    await store?.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await store?.close();
    if (exportDir) await rm(exportDir, { recursive: true, force: true });
  });

  /** Runs an export as the console does and returns the finished file. */
  async function exportFile(body: { format: 'csv' | 'xlsx' | 'json'; masked: boolean; filter: Record<string, string> }) {
    const started = await client.post('/api/exports', body);
    expect(started.statusCode, started.body).toBe(200);
    const { id } = started.json() as { id: string };
    expect(await waitFinished(client, id)).toMatchObject({ status: 'done' });
    const file = await client.get(`/api/exports/${id}/file`);
    expect(file.statusCode).toBe(200);
    return file;
  }

  /** CSV lines as cells (the test texts hold no comma or quote). */
  const csvRows = (body: string) => body.replace(/^\uFEFF/, '').trim().split('\r\n').map((line) => line.split(','));

  it('exports a case with a copy as one row (留言条数 2, both channels), masked, by default', async () => {
    const [header, ...rows] = csvRows((await exportFile({ format: 'csv', masked: true, filter: {} })).body);
    expect(rows).toHaveLength(3);
    const col = (name: string) => header!.indexOf(name);
    for (const name of ['反映人数', '留言条数', '来源渠道', '登记时间']) expect(col(name)).toBeGreaterThanOrEqual(0);
    expect(col('重复于')).toBe(-1);
    const lamp = rows.find((r) => r[col('台账编号')] === ledger.lamp)!;
    expect(lamp[col('留言条数')]).toBe('2');
    expect(lamp[col('反映人数')]).toBe('2');
    expect(lamp[col('来源渠道')]).toBe(`${channelNames.district_mailbox}、${channelNames.city_mailbox}`);
    // The first message's text and writer, masked as a message row is.
    expect(lamp[col('留言人')]).toBe('张**');
    expect(lamp[col('内容')]).toContain('138****5678');
    expect(lamp[col('内容')]).toContain('张**');
    expect(lamp[col('内容')]).not.toContain('张建国');
    expect(lamp[col('留言时间')]).toBe('2026-10-31 20:00:00');
    expect(lamp[col('登记时间')]).toBe('2026-11-02 09:00:00');
    expect(rows.find((r) => r[col('台账编号')] === ledger.noise)![col('留言条数')]).toBe('1');

    // 每条留言一行 is today's export: the copy is a row of its own.
    const [, ...messages] = csvRows((await exportFile({ format: 'csv', masked: true, filter: { rowsPer: 'message' } })).body);
    expect(messages).toHaveLength(4);
    expect(messages.filter((r) => r[0] === ledger.lamp)).toHaveLength(2);
  });

  it('by registration date over a bulletin period has exactly the cases the bulletin counts (XLSX)', async () => {
    const bulletin = await computeBulletin(store.db, { from: '2026-11-01', to: '2026-11-30' });
    const file = await exportFile({ format: 'xlsx', masked: true, filter: { dateBasis: 'registered', from: '2026-11-01', to: '2026-11-30' } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.rawPayload) as never);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    // The file says which time the period was read on.
    expect(header).toContain('登记时间（导出时间依据）');
    expect(header).toContain('留言时间');
    const ledgerCol = header.indexOf('台账编号');
    const categoryCol = header.indexOf('类别');
    const contentCol = header.indexOf('内容');
    const rows = sheet.getRows(2, sheet.rowCount - 1) ?? [];
    const ledgerNos = rows.map((r) => String(r.getCell(ledgerCol).value));
    expect(ledgerNos.sort()).toEqual([ledger.lamp, ledger.noise].sort());
    expect(rows).toHaveLength(bulletin.totals.cases);
    const byCategory: Record<string, number> = {};
    for (const r of rows) byCategory[String(r.getCell(categoryCol).value)] = (byCategory[String(r.getCell(categoryCol).value)] ?? 0) + 1;
    expect(byCategory).toEqual(bulletin.byCategory);
    expect(rows.map((r) => String(r.getCell(contentCol).value)).join('\n')).not.toMatch(/1381234567|1390000111|张建国/);

    // By posting date the same period holds other cases: the late-registered one, not the weekend one.
    const [postedHeader, ...posted] = csvRows((await exportFile({ format: 'csv', masked: true, filter: { from: '2026-11-01', to: '2026-11-30' } })).body);
    expect(postedHeader).toContain('留言时间（导出时间依据）');
    expect(posted.map((r) => r[0]).sort()).toEqual([ledger.noise, ledger.late].sort());

    // A JSON file has no header: each row says the basis its period was read on, and only with a period.
    const json = async (body: Record<string, string>) => JSON.parse((await exportFile({ format: 'json', masked: true, filter: body })).body) as { ledgerNo: string; periodBasis?: string }[];
    const byRegistration = await json({ dateBasis: 'registered', from: '2026-11-01', to: '2026-11-30' });
    expect(byRegistration.map((r) => [r.ledgerNo, r.periodBasis]).sort()).toEqual([[ledger.lamp, 'registered'], [ledger.noise, 'registered']].sort());
    expect(new Set((await json({ from: '2026-11-01', to: '2026-11-30' })).map((r) => r.periodBasis))).toEqual(new Set(['posted']));
    expect((await json({})).every((r) => !('periodBasis' in r))).toBe(true);

    // 每条留言一行 by registration date: the case's copies, whenever posted, with their case.
    const [, ...messageRows] = csvRows((await exportFile({ format: 'csv', masked: true, filter: { rowsPer: 'message', dateBasis: 'registered', from: '2026-11-01', to: '2026-11-30' } })).body);
    expect(messageRows.map((r) => r[0]).sort()).toEqual([ledger.lamp, ledger.lamp, ledger.noise].sort());

    // The export's record says both choices in staff's words.
    const log = (await client.get('/api/exports')).json() as { exports: { filters: Record<string, string> }[] };
    expect(log.exports.map((x) => x.filters)).toContainEqual({ 每行: '每件一行（按案件）', 时间依据: '按登记时间', 时间: '2026-11-01 至 2026-11-30' });
  });

  it('streams with the same choices (GET /api/exports/stream, the CLI through a running main job)', async () => {
    const stream = async (query: string) => {
      const res = await client.get(`/api/exports/stream?format=csv&masked=true&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return csvRows(res.body);
    };
    const [header, ...cases] = await stream('dateBasis=registered&from=2026-11-01&to=2026-11-30');
    expect(header).toContain('登记时间（导出时间依据）');
    expect(cases.map((r) => r[0]).sort()).toEqual([ledger.lamp, ledger.noise].sort());
    const [, ...messages] = await stream('rowsPer=message&dateBasis=registered&from=2026-11-01&to=2026-11-30');
    expect(messages.map((r) => r[0]).sort()).toEqual([ledger.lamp, ledger.lamp, ledger.noise].sort());
  });

  it('refuses an unknown row kind or basis naming the field in Chinese', async () => {
    const res = await client.post('/api/exports', { format: 'csv', masked: false, filter: { dateBasis: 'crawled' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('时间依据');
  });
});
