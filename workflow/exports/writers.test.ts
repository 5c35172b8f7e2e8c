import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ExportRow } from './export-rows.js';
import { createBatchWriter, csvField, fitExcelCell, type ExportFormat } from './writers.js';

const row = (title: string, content = '内容'): ExportRow => ({
  messageId: 'm1', ledgerNo: 'YT-2026-000001', channel: '区长信箱', source: '区长信箱', postedAt: '2026-11-28T17:28:09+08:00', registeredAt: '2026-11-28T17:30:00+08:00',
  title, content, author: '', category: '投诉', suggestedCategory: '投诉', confidence: 0.9, reviewStatus: '已确认', outOfScopeReasons: '', outOfScopeSuggested: '', notAcceptedNote: '',
  complexity: '简单', urgency: '一般', unit: '区水务局', assistUnits: '', state: '已登记', dueDate: '', visitResult: '', visitedAt: '', archiveVolume: '', archivedAt: '',
  duplicateOf: '', similarity: null, url: '', forwardLevel: '', forwardNo: '', upperDeadline: '',
});

async function render(format: ExportFormat, batches: ExportRow[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const writer = createBatchWriter(format, out);
  for (const b of batches) await writer.write(b);
  await writer.end();
  return Buffer.concat(chunks);
}

describe('csvField', () => {
  it('quotes commas, quotes and newlines, and defuses formula-looking text', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"\nbye')).toBe('"say ""hi""\nbye"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(0.5)).toBe('0.5');
    expect(csvField(null)).toBe('');
  });
  it('defuses the full-width ＝ ＋ － ＠ too, which Excel and WPS in Chinese locales may read as formulas', () => {
    expect(csvField('＝HYPERLINK("http://x","点击")')).toBe('"\'＝HYPERLINK(""http://x"",""点击"")"');
    expect(csvField('＋86 138')).toBe("'＋86 138");
    expect(csvField('－1')).toBe("'－1");
    expect(csvField('＠张三')).toBe("'＠张三");
    // Only at the start, and numbers stay numbers.
    expect(csvField('价格＝100')).toBe('价格＝100');
    expect(csvField(-0.5)).toBe('-0.5');
  });
});

describe('batch writers', () => {
  it('CSV starts with a BOM and has one line per row over several batches', async () => {
    const text = (await render('csv', [[row('一')], [row('二'), row('三,四')]])).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain('"三,四"');
  });
  it('CSV and JSON of an empty batch are a header only and []', async () => {
    expect((await render('csv', [])).toString('utf8').trim().split('\r\n')).toHaveLength(1);
    expect(JSON.parse((await render('json', [])).toString('utf8'))).toEqual([]);
  });
  it('JSON is one array of the rows', async () => {
    const rows = JSON.parse((await render('json', [[row('一')], [row('二', '带"引号"和\n换行')]])).toString('utf8')) as ExportRow[];
    expect(rows.map((r) => r.title)).toEqual(['一', '二']);
    expect(rows[1]!.content).toBe('带"引号"和\n换行');
  });
  it('XLSX cuts a message longer than an Excel cell holds, and says so; JSON keeps it whole', async () => {
    const long = '井盖缺失，'.repeat(8000) + '😀'.repeat(10); // 40,020 UTF-16 units
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await render('xlsx', [[row('长留言', long)]])) as unknown as ArrayBuffer);
    const cell = String(workbook.worksheets[0]!.getRow(2).getCell(7).value);
    expect(cell.length).toBeLessThanOrEqual(32_767);
    expect(cell.startsWith('井盖缺失，井盖缺失，')).toBe(true);
    expect(cell.endsWith('请在案件页或 JSON 导出中查看全文）')).toBe(true);
    expect((JSON.parse((await render('json', [[row('长留言', long)]])).toString('utf8')) as ExportRow[])[0]!.content).toBe(long);
    // An emoji right where the cut falls is dropped whole, never left half.
    const cut = fitExcelCell('字'.repeat(40_000)).indexOf('…');
    const atCut = fitExcelCell(`${'字'.repeat(cut - 1)}😀${'字'.repeat(1000)}`);
    expect(atCut.slice(0, cut)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(atCut.length).toBeLessThanOrEqual(32_767);
  });
  it('XLSX opens with the header and the rows', async () => {
    const buffer = await render('xlsx', [[row('一')], [row('二')]]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(1).value).toBe('台账编号');
    expect(sheet.getRow(3).getCell(6).value).toBe('二');
  });
});

describe('formula-looking text in the batch writers', () => {
  const hostile = { ...row('＝HYPERLINK("http://x","点击")', '=1+1'), author: '＠张三', similarity: -0.5 };
  it('CSV prefixes it with an apostrophe, ASCII or full-width, and keeps a negative number a number', async () => {
    const line = (await render('csv', [[hostile]])).toString('utf8').trim().split('\r\n')[1]!;
    expect(line).toContain(',"\'＝HYPERLINK(""http://x"",""点击"")",');
    expect(line).toContain(",'=1+1,'＠张三,");
    // 重复于 (empty), 相似度, 原文链接 (empty).
    expect(line).toContain(',,-0.5,,');
  });
  it('XLSX writes it as a typed string cell, never a formula, and a negative number as a number', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await render('xlsx', [[hostile]])) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const byHeader = (name: string) => {
      const header = sheet.getRow(1).values as unknown[];
      return sheet.getRow(2).getCell(header.indexOf(name));
    };
    for (const [name, text] of [['标题', '＝HYPERLINK("http://x","点击")'], ['内容', '=1+1'], ['留言人', '＠张三']] as const) {
      expect(byHeader(name).type).toBe(ExcelJS.ValueType.String);
      expect(byHeader(name).value).toBe(text);
    }
    expect(byHeader('相似度').value).toBe(-0.5);
  });
});

describe('times in the batch writers', () => {
  const late = { ...row('深夜'), postedAt: '2026-11-28T23:59:59+08:00' };
  it('CSV shows Beijing wall-clock time', async () => {
    const lines = (await render('csv', [[row('一'), late]])).toString('utf8').trim().split('\r\n');
    const at = lines[0]!.split(',').indexOf('留言时间');
    expect(lines[1]!.split(',')[at]).toBe('2026-11-28 17:28:09');
    expect(lines[2]!.split(',')[at]).toBe('2026-11-28 23:59:59');
  });
  it('XLSX holds date cells that show Beijing wall-clock time', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await render('xlsx', [[row('一'), late]])) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(5).value).toBe('留言时间');
    const cell = sheet.getRow(2).getCell(5);
    // A spreadsheet has no time zone: the cell holds the wall clock itself.
    expect(cell.value).toEqual(new Date(Date.UTC(2026, 10, 28, 17, 28, 9)));
    expect(cell.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.getRow(3).getCell(5).value).toEqual(new Date(Date.UTC(2026, 10, 28, 23, 59, 59)));
  });
  it('JSON keeps the ISO time with its +08:00 offset', async () => {
    const [first] = JSON.parse((await render('json', [[row('一')]])).toString('utf8')) as ExportRow[];
    expect(first!.postedAt).toBe('2026-11-28T17:28:09+08:00');
  });
});

describe('an XLSX export stopped before its end', () => {
  it('leaves no unhandled rejection when its destination is destroyed mid-write', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      for (let i = 0; i < 5; i++) {
        const out = new PassThrough({ highWaterMark: 1024 });
        out.resume();
        const writer = createBatchWriter('xlsx', out);
        await writer.write(Array.from({ length: 50 }, () => row('标题', '内容'.repeat(500))));
        // What runExport does on failure: the destination is destroyed, end() is never called.
        out.destroy(new Error('导出中止'));
      }
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.off('unhandledRejection', listener);
    }
    expect(unhandled).toEqual([]);
  });
});
