/**
 * `minsheng export` against PostgreSQL (the same rows as the console's export), and the streaming
 * export route a CLI uses through a running main job (local token).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { main } from '../cli/main.js';
import { createWebServer } from '../web/index.js';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';
import { testDatabaseUrl } from './helpers/services.js';
import { countExportRows, listExportLogs } from '../workflow/exports/index.js';
import { createSession, findSession } from '../workflow/console-queries/index.js';
import { archiveCase, decideNotAccepted, registerCase } from '../workflow/cases/index.js';

let f: ConsoleFixture;
let dir: string;
let lampCase: string;

beforeAll(async () => {
  f = await openConsoleFixture({ launchBrowser: false });
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-export-'));
  lampCase = await f.addMessage({ title: '路灯不亮', content: '请联系13812345678，我是张建国。', author: '张建国', category: '投诉', confidence: 0.9, copy: true });
  await f.addMessage({ title: '咨询医保', content: '医保何时缴费？', author: '李娜', category: '咨询', confidence: 0.95 });
  await f.addMessage({ title: '=HYPERLINK("http://evil")', content: '+1 公式注入', category: '其他', confidence: 0.5, channel: 'city_mailbox' });
});

afterAll(async () => {
  await f?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const schema = (f.store as unknown as { schema: string }).schema;
  const code = await main(args, {
    env: { DATABASE_URL: `${testDatabaseUrl}?schema=${schema}`, LOG_LEVEL: 'silent', MINSHENG_DATA_DIR: dir },
    io: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
  });
  return { code, stdout, stderr };
}

describe('minsheng export', () => {
  it('writes masked JSON with every classified message, reports progress and logs the export', async () => {
    const out = path.join(dir, 'batch.json');
    const r = await cli(['export', '--format', 'json', '--rows-per', 'message', '--mask', '--out', out, '--batch-size', '2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('已导出 4 / 4 条（100%）');
    const rows = JSON.parse(await readFile(out, 'utf8')) as { title: string; content: string; author: string; duplicateOf: string }[];
    expect(rows).toHaveLength(4);
    expect(rows.filter((x) => x.duplicateOf)).toHaveLength(1);
    const lamp = rows.find((x) => x.title === '路灯不亮')!;
    expect(lamp.content).toBe('请联系138****5678，我是张**。');
    expect(lamp.author).toBe('张**');
    const log = await f.store.db.exportLog.findFirstOrThrow({ where: { via: 'cli' } });
    expect(log).toMatchObject({ format: 'json', masked: true, rows: 4, status: 'done' });
  });

  it('filters by channel and category and defuses formulas in CSV', async () => {
    const out = path.join(dir, 'city.csv');
    const r = await cli(['export', '--format', 'csv', '--channel', 'city_mailbox', '--out', out]);
    expect(r.code).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[1]).toContain("'+1 公式注入");
    const none = await cli(['export', '--format', 'csv', '--category', '建议', '--out', path.join(dir, 'none.csv')]);
    expect(none.code).toBe(0);
    expect((await readFile(path.join(dir, 'none.csv'), 'utf8')).trim().split('\r\n')).toHaveLength(1);
    // Nothing matched is said in words, of cases or of messages as the rows were asked for.
    expect(none.stderr).toContain('没有符合条件的案件：文件只有表头，请检查筛选条件');
    expect(none.stderr).toContain('已导出 0 / 0 件（100%）');
    const noMessages = await cli(['export', '--format', 'json', '--rows-per', 'message', '--category', '建议', '--out', path.join(dir, 'none.json')]);
    expect(noMessages.code).toBe(0);
    expect(noMessages.stderr).toContain('没有符合条件的留言：文件中是空数组 []，请检查筛选条件');
    expect(JSON.parse(await readFile(path.join(dir, 'none.json'), 'utf8'))).toEqual([]);
    expect(r.stderr).not.toContain('没有符合条件');
  });

  it('writes times as Beijing time: wall clock in CSV and XLSX, ISO with +08:00 in JSON', async () => {
    await f.store.db.message.updateMany({ where: { title: '咨询医保' }, data: { postedAt: new Date('2026-11-28T09:28:09.000Z') } });
    const exported = async (format: string) => {
      const out = path.join(dir, `time.${format}`);
      expect((await cli(['export', '--format', format, '--category', '咨询', '--out', out])).code).toBe(0);
      return readFile(out);
    };
    const [json] = JSON.parse((await exported('json')).toString('utf8')) as { postedAt: string }[];
    expect(json!.postedAt).toBe('2026-11-28T17:28:09+08:00');
    const csv = (await exported('csv')).toString('utf8').trim().split('\r\n');
    expect(csv[1]!.split(',')[csv[0]!.split(',').indexOf('留言时间')]).toBe('2026-11-28 17:28:09');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exported('xlsx')) as unknown as ArrayBuffer);
    const cell = workbook.worksheets[0]!.getRow(2).getCell(5);
    expect(cell.value).toEqual(new Date(Date.UTC(2026, 10, 28, 17, 28, 9)));
    expect(cell.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
  });

  it('records the filters in Chinese in the export log', async () => {
    const out = path.join(dir, 'filtered.csv');
    const args = ['--from', '2026-11-01', '--to', '2026-11-30', '--channel', 'district_mailbox', '--category', '投诉', '--state', 'registered', '--review', 'pending'];
    expect((await cli(['export', '--format', 'csv', ...args, '--out', out])).code).toBe(0);
    expect((await cli(['export', '--format', 'csv', '--from', '2026-11-01', '--out', out, '--force'])).code).toBe(0);
    const logs = await listExportLogs(f.store.db, { actor: f.actors.office });
    expect(logs.slice(0, 2).map((l) => l.filters)).toEqual(
      expect.arrayContaining([
        { 每行: '每件一行（按案件）', 时间依据: '按留言时间', 时间: '2026-11-01 至 2026-11-30', 渠道: '区长信箱', 类别: '投诉', 办理状态: '已登记', 审核状态: '待审核' },
        { 每行: '每件一行（按案件）', 时间依据: '按留言时间', 时间: '2026-11-01 起' },
      ]),
    );
    // The two choices: per message, on the registration date; the summary line says both.
    const chosen = await cli(['export', '--format', 'csv', '--rows-per', 'message', '--date-basis', 'registered', '--to', '2099-12-31', '--out', out, '--force']);
    expect(chosen.code).toBe(0);
    expect(chosen.stderr).toMatch(/导出完成：\d+ 条留言（每行：每条留言一行（按留言），时间依据：按登记时间）/);
    expect((await readFile(out, 'utf8')).split('\r\n')[0]).toContain('登记时间（导出时间依据）');
    expect((await listExportLogs(f.store.db, { actor: f.actors.office }))[0]!.filters).toEqual({ 每行: '每条留言一行（按留言）', 时间依据: '按登记时间', 时间: '至 2099-12-31' });
    const bad = await cli(['export', '--format', 'csv', '--rows-per', 'row', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--rows-per');
  });

  it('refuses a bad format or filter with a Chinese error and writes nothing', async () => {
    const bad = await cli(['export', '--format', 'pdf', '--out', path.join(dir, 'x.pdf')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format 应为');
    const badDate = await cli(['export', '--format', 'csv', '--from', '2026/11/01', '--out', path.join(dir, 'y.csv')]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('日期格式应为 YYYY-MM-DD');
    await expect(readFile(path.join(dir, 'y.csv'))).rejects.toThrow();
  });
});

describe('GET /api/exports/stream', () => {
  it('streams an export to the local administrator and refuses anyone else', async () => {
    const app = await createWebServer({ store: f.store, logger: silentLogger, localToken: 'local-secret-token' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      expect((await fetch(`${base}/api/exports/stream?format=json`)).status).toBe(401);
      const res = await fetch(`${base}/api/exports/stream?format=json&category=咨询`, { headers: { 'x-minsheng-local-token': 'local-secret-token' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-export-total')).toBe('1');
      const rows = (await res.json()) as { title: string }[];
      expect(rows.map((x) => x.title)).toEqual(['咨询医保']);
    } finally {
      await app.close();
    }
  });
});

describe('export scope and sessions', () => {
  it('limits a handling unit to the messages of its own cases', async () => {
    await f.assignTo(lampCase, 'u-roads');
    const perMessage = { rowsPer: 'message' as const };
    expect(await countExportRows(f.store.db, perMessage, f.actors.roads)).toBe(2);
    expect(await countExportRows(f.store.db, perMessage, { ...f.actors.roads, unitId: 'u-water' })).toBe(0);
    expect(await countExportRows(f.store.db, perMessage, f.actors.office)).toBe(4);
    // 每件一行: the lamp case and its copy are one row.
    expect(await countExportRows(f.store.db, {}, f.actors.roads)).toBe(1);
    expect(await countExportRows(f.store.db, {}, { ...f.actors.roads, unitId: 'u-water' })).toBe(0);
  });

  it('keeps only a hash of the token, expires idle sessions and ends those of disabled accounts', async () => {
    const now = new Date('2026-11-28T02:00:00Z');
    const s = await createSession(f.store.db, { userId: f.actors.egov.userId, now, idleMs: 60_000 });
    expect(await f.store.db.session.count({ where: { id: s.token } })).toBe(0);
    expect((await findSession(f.store.db, s.token, { now: new Date(now.getTime() + 30_000) }))?.actor.username).toBe('egov');
    expect(await findSession(f.store.db, s.token, { now: new Date(now.getTime() + 61_000) })).toBeNull();
    expect(await findSession(f.store.db, 'not-a-token', { now })).toBeNull();
    const t = await createSession(f.store.db, { userId: f.actors.leader.userId, now, idleMs: 60_000 });
    await f.store.db.user.update({ where: { id: f.actors.leader.userId }, data: { disabled: true } });
    expect(await findSession(f.store.db, t.token, { now })).toBeNull();
  });
});

describe('export: 不予受理 and copies as staff read them', () => {
  it('gives the decided 不予受理 reasons in Chinese, the classifier flag only as a suggestion while undecided, and 重复于 as a ledger number', async () => {
    const decided = await f.addMessage({ title: '离婚官司财产分割', content: '法院已经立案，房子怎么分？', category: '咨询', confidence: 0.6, outOfScope: [{ code: 'legal_process', evidence: ['法院'] }] });
    await decideNotAccepted(f.store.db, { caseId: decided, reasons: ['legal_process', 'other'], note: '已进入诉讼程序', actor: f.actors.egov });
    const overruled = await f.addMessage({ title: '东风路坑洼', content: '东风路坑太多。', category: '投诉', confidence: 0.6, outOfScope: [{ code: 'no_substance', evidence: [] }] });
    await registerCase(f.store.db, { caseId: overruled, category: '投诉', note: '路面坑洼属实，予以受理', actor: f.actors.egov });
    await f.addMessage({ title: '高价回收旧家电', content: '高价回收旧家电，上门服务。', category: '其他', confidence: 0.55, outOfScope: [{ code: 'advertising', evidence: ['高价回收'] }] });
    const json = path.join(dir, 'reasons.json');
    expect((await cli(['export', '--format', 'json', '--rows-per', 'message', '--out', json])).code).toBe(0);
    type Row = { title: string; ledgerNo: string; reviewStatus: string; outOfScopeReasons: string; outOfScopeSuggested: string; duplicateOf: string };
    const rows = JSON.parse(await readFile(json, 'utf8')) as Row[];
    const pick = (title: string) => rows.find((r) => r.title === title)!;
    expect(pick('离婚官司财产分割')).toMatchObject({ reviewStatus: '不予受理', outOfScopeReasons: '已进入诉讼、仲裁、行政复议程序；其他不予受理情形', outOfScopeSuggested: '' });
    expect(pick('东风路坑洼')).toMatchObject({ reviewStatus: '已确认', outOfScopeReasons: '', outOfScopeSuggested: '' });
    expect(pick('高价回收旧家电')).toMatchObject({ reviewStatus: '待审核', outOfScopeReasons: '', outOfScopeSuggested: '商业广告或要求赞助' });
    // The copy of 路灯不亮 names the ledger number of the case holding its original.
    const copies = rows.filter((r) => r.duplicateOf);
    expect(copies.map((r) => [r.title, r.duplicateOf])).toEqual([['路灯不亮', (await f.store.db.case.findUniqueOrThrow({ where: { id: lampCase } })).ledgerNo]]);
    // CSV and XLSX carry the same two columns under their Chinese headers.
    const csvOut = path.join(dir, 'reasons.csv');
    expect((await cli(['export', '--format', 'csv', '--rows-per', 'message', '--review', 'not_accepted', '--out', csvOut])).code).toBe(0);
    const [header, line] = (await readFile(csvOut, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    const headers = header!.split(',');
    expect(headers).toEqual(expect.arrayContaining(['不予受理理由', '分类器提示（不予受理）', '重复于']));
    expect(line!.split(',')[headers.indexOf('不予受理理由')]).toBe('已进入诉讼、仲裁、行政复议程序；其他不予受理情形');
    const xlsxOut = path.join(dir, 'reasons.xlsx');
    expect((await cli(['export', '--format', 'xlsx', '--review', 'pending', '--out', xlsxOut])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(xlsxOut)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const col = (name: string) => (sheet.getRow(1).values as unknown[]).indexOf(name);
    const flagged = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(col('标题')).value === '高价回收旧家电')!;
    expect(flagged.getCell(col('分类器提示（不予受理）')).value).toBe('商业广告或要求赞助');
    expect(flagged.getCell(col('不予受理理由')).value ?? '').toBe('');
  });
});

describe('export: the note given with a 不予受理 decision', () => {
  it('gives 不予受理说明 in JSON, CSV and XLSX, masked as the text is, and only for a decided 不予受理', async () => {
    const school = await f.addMessage({ title: '学校食堂饭菜太差', content: '我是王小明，电话13900001111，孩子学校食堂的饭菜太差。', author: '王小明', category: '投诉', confidence: 0.7, outOfScope: [{ code: 'other', evidence: [] }] });
    await decideNotAccepted(f.store.db, { caseId: school, reasons: ['other'], note: '反映耀州区学校问题，已电话告知王小明（13900001111）向耀州区反映', actor: f.actors.egov });
    const registered = await f.addMessage({ title: '学校门口交通拥堵', content: '放学时学校门口堵车严重。', author: '刘芳', category: '投诉', confidence: 0.8 });
    await registerCase(f.store.db, { caseId: registered, category: '投诉', actor: f.actors.egov });
    const note = '反映耀州区学校问题，已电话告知王小明（13900001111）向耀州区反映';
    const maskedNote = '反映耀州区学校问题，已电话告知王**（139****1111）向耀州区反映';

    type Row = { title: string; notAcceptedNote: string };
    const json = async (masked: boolean) => {
      const out = path.join(dir, `note-${masked}.json`);
      expect((await cli(['export', '--format', 'json', ...(masked ? ['--mask'] : []), '--out', out])).code).toBe(0);
      const rows = JSON.parse(await readFile(out, 'utf8')) as Row[];
      return (title: string) => rows.find((r) => r.title.startsWith(title))!;
    };
    const plain = await json(false);
    expect(plain('学校食堂')).toMatchObject({ notAcceptedNote: note });
    expect(plain('学校门口')).toMatchObject({ notAcceptedNote: '' });
    expect((await json(true))('学校食堂')).toMatchObject({ notAcceptedNote: maskedNote });

    const csvOut = path.join(dir, 'note.csv');
    expect((await cli(['export', '--format', 'csv', '--rows-per', 'message', '--review', 'not_accepted', '--mask', '--out', csvOut])).code).toBe(0);
    const [header, ...lines] = (await readFile(csvOut, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    const headers = header!.split(',');
    expect(headers).toContain('不予受理说明');
    const line = lines.find((l) => l.includes('学校食堂'))!;
    expect(line.split(',')[headers.indexOf('不予受理说明')]).toBe(maskedNote);

    // Archived as 不予受理, the note stays with the decision.
    await archiveCase(f.store.db, { caseId: school, actor: f.actors.supervision });
    const xlsxOut = path.join(dir, 'note.xlsx');
    expect((await cli(['export', '--format', 'xlsx', '--review', 'not_accepted', '--out', xlsxOut])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(xlsxOut)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const col = (name: string) => (sheet.getRow(1).values as unknown[]).indexOf(name);
    expect(col('不予受理说明')).toBeGreaterThan(0);
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => String(r.getCell(col('标题')).value).startsWith('学校食堂'))!;
    expect(row.getCell(col('不予受理说明')).value).toBe(note);
  });
});

describe('export: the review filter and 审核状态 agree', () => {
  it('a 不予受理 archived as such stays 不予受理, and 已确认 holds no 不予受理', async () => {
    const refused = await f.addMessage({ title: '招聘兼职刷单', content: '日结兼职，加微信。', category: '其他', confidence: 0.7, outOfScope: [{ code: 'advertising', evidence: ['兼职'] }] });
    await decideNotAccepted(f.store.db, { caseId: refused, reasons: ['advertising'], note: '广告', actor: f.actors.egov });
    await archiveCase(f.store.db, { caseId: refused, actor: f.actors.supervision });
    // Registered first, then refused by the office: its category was confirmed, yet it is not 已确认.
    const later = await f.addMessage({ title: '邻居家狗叫扰民', content: '邻居的狗每天叫。', category: '投诉', confidence: 0.6 });
    await registerCase(f.store.db, { caseId: later, category: '投诉', actor: f.actors.egov });
    await decideNotAccepted(f.store.db, { caseId: later, reasons: ['personal'], note: '纯属个人问题', actor: f.actors.office });
    type Row = { title: string; reviewStatus: string };
    const exported = async (review: string) => {
      const out = path.join(dir, `review-${review}.json`);
      expect((await cli(['export', '--format', 'json', '--review', review, '--out', out])).code).toBe(0);
      return JSON.parse(await readFile(out, 'utf8')) as Row[];
    };
    const refusedRows = await exported('not_accepted');
    expect(refusedRows.map((r) => r.title)).toEqual(expect.arrayContaining(['招聘兼职刷单', '邻居家狗叫扰民']));
    expect(new Set(refusedRows.map((r) => r.reviewStatus))).toEqual(new Set(['不予受理']));
    const confirmed = await exported('confirmed');
    expect(confirmed.length).toBeGreaterThan(0);
    expect(new Set(confirmed.map((r) => r.reviewStatus))).toEqual(new Set(['已确认']));
  });
});

describe('export: items forwarded by the province or city', () => {
  it('gives each 转办单’s level, 转办编号 and 上级办理时限 in JSON, CSV and XLSX, per message and per case', async () => {
    await f.addMessage({
      title: '东风路路面塌陷',
      content: '东风路与人民路交叉口路面塌陷，请尽快修复。',
      channel: 'forwarded',
      category: '投诉',
      confidence: 0.9,
      forwarding: { originLevel: 'city', forwardNo: 'TCZB202611020017', upperDeadline: '2026-11-09' },
    });
    type Row = { title: string; forwardLevel: string; forwardNo: string; upperDeadline: string };
    for (const rowsPer of ['message', 'case']) {
      const out = path.join(dir, `forwarded-${rowsPer}.json`);
      expect((await cli(['export', '--format', 'json', '--rows-per', rowsPer, '--out', out])).code).toBe(0);
      const rows = JSON.parse(await readFile(out, 'utf8')) as Row[];
      expect(rows.find((r) => r.title === '东风路路面塌陷'), rowsPer).toMatchObject({ forwardLevel: '市级转办', forwardNo: 'TCZB202611020017', upperDeadline: '2026-11-09' });
      expect(rows.find((r) => r.title === '咨询医保'), rowsPer).toMatchObject({ forwardLevel: '', forwardNo: '', upperDeadline: '' });
    }
    const csvOut = path.join(dir, 'forwarded.csv');
    expect((await cli(['export', '--format', 'csv', '--channel', 'forwarded', '--out', csvOut])).code).toBe(0);
    const [header, line] = (await readFile(csvOut, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    const headers = header!.split(',');
    const cells = line!.split(',');
    expect([cells[headers.indexOf('转办层级')], cells[headers.indexOf('转办编号')], cells[headers.indexOf('上级办理时限')]]).toEqual(['市级转办', 'TCZB202611020017', '2026-11-09']);
    const xlsxOut = path.join(dir, 'forwarded.xlsx');
    expect((await cli(['export', '--format', 'xlsx', '--channel', 'forwarded', '--out', xlsxOut])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(xlsxOut)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const col = (name: string) => (sheet.getRow(1).values as unknown[]).indexOf(name);
    expect(sheet.getRow(2).getCell(col('转办编号')).value).toBe('TCZB202611020017');
  });
});
