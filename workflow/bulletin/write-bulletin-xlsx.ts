/**
 * 《印台政务通报》 as a workbook (exceljs): the per-unit figures with in-cell data bars (the
 * chart Excel draws itself), the praise and criticism lists, and the totals.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import type { BulletinData } from './compute-bulletin.js';
import { barChartPng, type Rgb } from './png-bar-chart.js';
import { circulatedText, overdueCaseStatus } from './render-bulletin-html.js';
import { withWorkbookTextShown } from './shown-workbook.js';

/** exceljs, loaded on the first workbook: it takes about half a second to load, which every command would pay at start. */
const loadExcelJs = () => createRequire(import.meta.url)('exceljs') as typeof ExcelJS;

/** The workbook of a bulletin, in memory; `issue` (第 N 期) heads it as it heads the HTML page. */
export function buildBulletinWorkbook(data: BulletinData, options: { issue?: string | undefined } = {}): ExcelJS.Workbook {
  const wb = new (loadExcelJs().Workbook)();
  wb.creator = '民声 · 区政府督查室';
  wb.created = new Date();

  const units = wb.addWorksheet('各单位办理情况', { views: [{ state: 'frozen', ySplit: 2 }] });
  units.mergeCells('A1:P1');
  units.getCell('A1').value = `印台政务通报\u3000${options.issue ? `${options.issue}\u3000` : ''}${data.from} 至 ${data.to}（超期统计截至 ${data.asOf}）`;
  units.getCell('A1').font = { bold: true, size: 14, color: { argb: 'FFBB0000' } };
  const header = ['承办单位', '收到', '上期转入', '按时办结', '超期', '办理中', '退回', '退回重办', '按时办结率', '满意', '基本满意', '不满意', '无法联系', '满意率', '协办件数', '按时提交协办意见'];
  units.addRow(header).font = { bold: true };
  for (const r of data.units) {
    units.addRow([r.unit, r.received, r.carriedOver, r.onTime, r.overdue, r.pending, r.returned, r.sentBack, r.onTimeRate, r.satisfied, r.basicallySatisfied, r.dissatisfied, r.unreachable, r.satisfactionRate, r.assistReceived, r.assistOnTime]);
  }
  units.columns.forEach((col, i) => {
    col.width = i === 0 ? 24 : 11;
  });
  units.getColumn(9).numFmt = '0.0%';
  units.getColumn(14).numFmt = '0.0%';
  const last = Math.max(3, data.units.length + 2);
  const bars: [string, string][] = [
    ['B', 'FF4E79A7'],
    ['D', 'FF59A14F'],
    ['E', 'FFE15759'],
    ['G', 'FFF28E2B'],
    ['I', 'FF59A14F'],
    ['N', 'FF76B7B2'],
  ];
  for (const [col, color] of bars) {
    units.addConditionalFormatting({
      ref: `${col}3:${col}${last}`,
      rules: [{ type: 'dataBar', priority: 1, gradient: false, cfvo: [{ type: 'num', value: 0 }, { type: 'max' }], color: { argb: color } } as ExcelJS.ConditionalFormattingRule],
    });
  }

  // The same figures drawn as a picture beside the rows (one band per unit, in row order).
  const series: { name: string; color: Rgb; value: (r: BulletinData['units'][number]) => number }[] = [
    { name: '收到', color: [0x4e, 0x79, 0xa7], value: (r) => r.received },
    { name: '按时办结', color: [0x59, 0xa1, 0x4f], value: (r) => r.onTime },
    { name: '超期', color: [0xe1, 0x57, 0x59], value: (r) => r.overdue },
    { name: '退回', color: [0xf2, 0x8e, 0x2b], value: (r) => r.returned },
  ];
  if (data.units.length > 0) {
    units.getColumn(16).width = 50;
    units.getCell('P2').value = `图：${series.map((s) => s.name).join(' / ')}（蓝 / 绿 / 红 / 橙，每行对应左侧单位）`;
    units.getCell('P2').font = { bold: true };
    data.units.forEach((_, i) => {
      units.getRow(i + 3).height = 15; // 20 px, the chart's band
    });
    const image = wb.addImage({
      buffer: barChartPng(data.units.map((r) => series.map((s) => s.value(r))), series.map((s) => s.color)) as unknown as ExcelJS.Buffer,
      extension: 'png',
    });
    units.addImage(image, { tl: { col: 15, row: 2 }, ext: { width: 360, height: data.units.length * 20 } });
  }

  const lists = wb.addWorksheet('表扬与批评');
  lists.columns = [
    { header: '类别', key: 'kind', width: 10 },
    { header: '承办单位', key: 'unit', width: 24 },
    { header: '事由', key: 'reasons', width: 60 },
  ];
  lists.getRow(1).font = { bold: true };
  for (const e of data.praise) lists.addRow({ kind: '通报表扬', unit: e.unit, reasons: e.reasons.join('，') });
  for (const e of data.criticism) lists.addRow({ kind: '通报批评', unit: e.unit, reasons: e.reasons.join('，') });

  caseListSheet(wb, '超期件清单', data.overdueCases, [
    { header: '办理时限', width: 12, value: (c) => c.dueDate },
    { header: '报送日期', width: 12, value: (c) => c.reportedOn ?? '未报送' },
    { header: '超期工作日', width: 11, value: (c) => c.workingDaysLate },
    { header: '办理情况', width: 40, value: (c) => `${overdueCaseStatus(c, data.asOf)}${c.carriedOver ? '（上期转入）' : ''}` },
  ]);
  caseListSheet(wb, '不满意与退回重办', data.criticisedCases, [
    { header: '事由', width: 12, value: (c) => c.reason },
    { header: '日期', width: 12, value: (c) => c.on },
    { header: '说明', width: 48, value: (c) => (c.note === null ? '' : circulatedText(c.note)) },
  ]);

  const totals = wb.addWorksheet('总体情况');
  totals.columns = [
    { header: '项目', key: 'k', width: 20 },
    { header: '数值', key: 'v', width: 14 },
  ];
  totals.getRow(1).font = { bold: true };
  const t = data.totals;
  const pairs: [string, number | string | null][] = [
    ['统计期间', `${data.from} 至 ${data.to}`],
    ['收到留言', t.cases],
    ['待审核分类', t.awaitingReview],
    ['不予受理', t.notAccepted],
    ['交办件次', t.received],
    ['上期转入件次', t.carriedOver],
    ['按时办结', t.onTime],
    ['超期', t.overdue],
    ['办理中', t.pending],
    ['退回', t.returned],
    ['按时办结率', t.onTimeRate],
    ['回访', t.satisfied + t.basicallySatisfied + t.dissatisfied + t.unreachable],
    ['满意', t.satisfied],
    ['基本满意', t.basicallySatisfied],
    ['不满意', t.dissatisfied],
    ['无法联系', t.unreachable],
    ['满意率', t.satisfactionRate],
    ['协办件次', t.assistReceived],
    ['按时提交协办意见', t.assistOnTime],
    ...Object.entries(data.byCategory).map(([k, v]): [string, number] => [`类别：${k}`, v]),
  ];
  // Rates are fractions: shown as percentages, as on the units' sheet (a bare 1 read as one case).
  const rates = new Set(['按时办结率', '满意率']);
  for (const [k, v] of pairs) {
    const row = totals.addRow({ k, v });
    if (rates.has(k)) row.getCell(2).numFmt = '0.0%';
  }
  return withWorkbookTextShown(wb);
}

/**
 * A sheet listing the cases behind a figure: 承办单位, 台账编号 and the title (masked, as circulated),
 * then `columns`.
 */
function caseListSheet<C extends { unit: string; ledgerNo: string; title: string }>(
  wb: ExcelJS.Workbook,
  name: string,
  cases: readonly C[],
  columns: { header: string; width: number; value: (c: C) => string | number }[],
): void {
  const sheet = wb.addWorksheet(name);
  sheet.columns = [
    { header: '承办单位', width: 24 },
    { header: '台账编号', width: 18 },
    { header: '留言标题', width: 48 },
    ...columns.map(({ header, width }) => ({ header, width })),
  ];
  sheet.getRow(1).font = { bold: true };
  for (const c of cases) sheet.addRow([c.unit, c.ledgerNo, circulatedText(c.title), ...columns.map((col) => col.value(c))]);
}

export async function writeBulletinXlsx(data: BulletinData, file: string, options: { issue?: string | undefined } = {}): Promise<void> {
  await buildBulletinWorkbook(data, options).xlsx.writeFile(file);
}

/** The .xlsx file of a bulletin as bytes (for HTTP downloads). */
export async function bulletinXlsxBuffer(data: BulletinData): Promise<Buffer> {
  return Buffer.from(await buildBulletinWorkbook(data).xlsx.writeBuffer());
}
