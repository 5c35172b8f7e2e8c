/**
 * A "Trojan source" spoof outside the console: bidi controls (an RLO U+202E reorders the rest of a
 * line, isolates hide words) in text stored before intake dropped them, written here straight into
 * the store as such an old row would be (a title, a letter, a writer's name, a unit name typed by
 * staff). Read where staff see it, through the real CLI entry on PostgreSQL: the exports (CSV, XLSX
 * read back with exceljs, JSON), the bulletin (HTML, XLSX), the archive catalogue (HTML, XLSX) and
 * the commands' own output (tables and --json). Each control is shown as U+FFFD (core
 * withBidiShown), JSON keeps it as its escape (the same data), and the store keeps the text.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveCase, recordVisit } from '../workflow/cases/index.js';
import { catalogueFileName } from '../workflow/catalogue/index.js';
import { toAssigned, toReplied } from './helpers/case-steps.js';
import { inProcessMinsheng } from './helpers/in-process-cli.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let dir: string;
let caseId: string;
let ledgerNo: string;
// Reads 北关街路灯已修好 to staff when the override is honoured: the complaint hidden.
const spoofTitle = '北关街路灯\u202e好修已\u202c不亮';
const shownTitle = '北关街路灯\uFFFD好修已\uFFFD不亮';
const spoofContent = '路灯坏了一个月\u2067，已修好\u2069，请尽快维修。';
const spoofUnit = '区交通\u2066运输\u2069局';
const shownUnit = '区交通\uFFFD运输\uFFFD局';
const bidi = /[\u202a-\u202e\u2066-\u2069]/u;

beforeAll(async () => {
  f = await openFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'h-r2-bidi-outputs-'));
  ({ caseId } = await newCase(f, { title: '北关街路灯不亮' }));
  await toAssigned(f, caseId, at('2026-11-03'));
  await toReplied(f, caseId, at('2026-11-04'));
  await recordVisit(f.store.db, { caseId, satisfaction: 'satisfied', method: 'phone', actor: f.actors.egov, now: at('2026-11-05') });
  // Old rows: written as they were stored before intake dropped the controls (no intake here),
  // before 归档 (an archived case is immutable).
  const c = await f.store.db.case.update({ where: { id: caseId }, data: { title: spoofTitle } });
  ledgerNo = c.ledgerNo;
  await f.store.db.message.updateMany({ where: { caseId }, data: { title: spoofTitle, content: spoofContent, author: '孙\u202e磊' } });
  await f.store.db.unit.update({ where: { id: f.units.roads }, data: { name: spoofUnit } });
  await archiveCase(f.store.db, { caseId, actor: f.actors.supervision, now: at('2026-11-10') });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await f?.close();
});

/** `minsheng <args>` in this process on the fixture's schema; it must succeed. */
async function cli(args: string[]) {
  const run = await inProcessMinsheng(f.schema, { MINSHENG_DATA_DIR: dir })(...args);
  expect(run.code, run.err).toBe(0);
  return { stdout: run.out, stderr: run.err };
}

/** Every text cell of a workbook file. */
async function workbookText(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'string' && cells.push(cell.value)))));
  return cells.join('\n');
}

describe('bidi controls in stored text, where staff read it outside the console', () => {
  it('exports show each as U+FFFD in CSV and XLSX, and keep it as its escape in JSON', async () => {
    const csv = path.join(dir, 'cases.csv');
    await cli(['export', '--format', 'csv', '--rows-per', 'message', '--out', csv]);
    const csvText = await readFile(csv, 'utf8');
    for (const seen of [shownTitle, '孙\uFFFD磊', shownUnit, '一个月\uFFFD，已修好\uFFFD，']) expect(csvText).toContain(seen);
    expect(csvText).not.toMatch(bidi);

    const xlsx = path.join(dir, 'cases.xlsx');
    await cli(['export', '--format', 'xlsx', '--rows-per', 'message', '--out', xlsx]);
    const xlsxText = await workbookText(xlsx);
    for (const seen of [shownTitle, '孙\uFFFD磊', shownUnit]) expect(xlsxText).toContain(seen);
    expect(xlsxText).not.toMatch(bidi);

    const json = path.join(dir, 'cases.json');
    await cli(['export', '--format', 'json', '--rows-per', 'message', '--out', json]);
    const jsonText = await readFile(json, 'utf8');
    expect(jsonText).not.toMatch(bidi);
    expect(jsonText).toContain('北关街路灯\\u202e好修已\\u202c不亮');
    const [row] = JSON.parse(jsonText) as { title: string; content: string; author: string; unit: string }[];
    expect([row!.title, row!.content, row!.author, row!.unit]).toEqual([spoofTitle, spoofContent, '孙\u202e磊', spoofUnit]);
  });

  it('the bulletin and the archive catalogue show each as U+FFFD in HTML and XLSX', async () => {
    const bulletin = path.join(dir, 'bulletin');
    await cli(['bulletin', '--from', '2026-11-01', '--to', '2026-11-30', '--out', bulletin]);
    const html = await readFile(path.join(bulletin, 'bulletin.html'), 'utf8');
    expect(html).toContain(`<td>${shownUnit}</td>`);
    expect(html).not.toMatch(bidi);
    const xlsx = await workbookText(path.join(bulletin, 'bulletin.xlsx'));
    expect(xlsx).toContain(shownUnit);
    expect(xlsx).not.toMatch(bidi);

    const catalogue = path.join(dir, 'catalogue');
    await cli(['archive', 'catalogue', '--volume', '2026-投诉', '--out', catalogue]);
    const file = path.join(catalogue, catalogueFileName('2026-投诉'));
    const catalogueHtml = await readFile(`${file}.html`, 'utf8');
    for (const seen of [shownTitle, shownUnit]) expect(catalogueHtml).toContain(seen);
    expect(catalogueHtml).not.toMatch(bidi);
    const catalogueXlsx = await workbookText(`${file}.xlsx`);
    for (const seen of [shownTitle, shownUnit]) expect(catalogueXlsx).toContain(seen);
    expect(catalogueXlsx).not.toMatch(bidi);
  });

  it('the commands show each as U+FFFD in their tables, and keep it as its escape in --json', async () => {
    const list = await cli(['cases', 'list', '--search', '北关街']);
    expect(list.stdout).toContain(ledgerNo);
    const show = await cli(['cases', 'show', ledgerNo]);
    for (const seen of [shownTitle, '孙\uFFFD磊', shownUnit]) expect(show.stdout).toContain(seen);
    const json = await cli(['cases', 'show', ledgerNo, '--json']);
    for (const out of [list, show, json]) expect(out.stdout + out.stderr).not.toMatch(bidi);
    const shown = JSON.parse(json.stdout) as { title: string };
    expect(shown.title).toBe(spoofTitle);
    const listed = JSON.parse((await cli(['cases', 'list', '--json'])).stdout) as unknown;
    expect(JSON.stringify(listed)).toContain(spoofTitle);

    // The evidence is untouched.
    const stored = await f.store.db.message.findFirstOrThrow({ where: { caseId } });
    expect([stored.title, stored.content, stored.author]).toEqual([spoofTitle, spoofContent, '孙\u202e磊']);
  });
});
