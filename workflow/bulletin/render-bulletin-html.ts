/**
 * 《印台政务通报》 as one self-contained HTML page: tables and inline SVG charts, no external
 * scripts, styles or fonts (it is mailed and archived as a file).
 */
import { withBidiShown } from '../../core/index.js';
import { maskText } from '../exports/mask.js';
import type { BulletinOverdueCase } from './bulletin-case-lists.js';
import type { BulletinData, UnitBulletinRow } from './compute-bulletin.js';

/**
 * Text for an HTML page (the bulletin, the archive catalogue): markup escaped, and bidi controls a
 * stored unit name or title may still hold shown as U+FFFD (core withBidiShown), so it reads as stored.
 */
export function escapeHtml(text: string): string {
  return withBidiShown(text).replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The columns of 各单位办理情况, one per cell of a unit's row. */
const unitColumns = ['承办单位', '收到', '上期转入', '按时办结', '超期', '办理中', '退回', '退回重办', '按时办结率', '满意/回访', '满意率', '协办件数', '按时提交协办意见'];
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

interface Series {
  name: string;
  color: string;
  value: (r: UnitBulletinRow) => number;
}

/** A grouped horizontal bar chart, one group per unit. */
export function barChartSvg(title: string, rows: UnitBulletinRow[], series: Series[], options: { max?: number; percent?: boolean } = {}): string {
  const labelWidth = 170;
  const chartWidth = 460;
  const barHeight = 12;
  const groupHeight = series.length * barHeight + 12;
  const top = 46;
  const height = top + Math.max(rows.length, 1) * groupHeight + 20;
  const max = options.max ?? Math.max(1, ...rows.flatMap((r) => series.map((s) => s.value(r))));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + chartWidth + 80}" height="${height}" role="img" aria-label="${escapeHtml(title)}" font-family="sans-serif" font-size="12">`,
    `<text x="0" y="16" font-size="14" font-weight="bold">${escapeHtml(title)}</text>`,
  ];
  series.forEach((s, i) => {
    const x = labelWidth + i * 110;
    parts.push(`<rect x="${x}" y="26" width="10" height="10" fill="${s.color}"/><text x="${x + 14}" y="35">${escapeHtml(s.name)}</text>`);
  });
  if (rows.length === 0) parts.push(`<text x="${labelWidth}" y="${top + 14}">本期无数据</text>`);
  rows.forEach((r, gi) => {
    const y0 = top + gi * groupHeight;
    parts.push(`<text x="${labelWidth - 6}" y="${y0 + groupHeight / 2}" text-anchor="end">${escapeHtml(r.unit)}</text>`);
    series.forEach((s, si) => {
      const v = s.value(r);
      const w = Math.round((v / max) * chartWidth);
      const y = y0 + si * barHeight;
      // A rate as the table beside it writes it (66.7%), not rounded apart.
      const label = options.percent ? pct(v) : String(v);
      parts.push(`<rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight - 2}" fill="${s.color}"><title>${escapeHtml(`${r.unit} ${s.name} ${label}`)}</title></rect>`);
      parts.push(`<text x="${labelWidth + w + 4}" y="${y + barHeight - 3}" font-size="10">${label}</text>`);
    });
  });
  parts.push(`<line x1="${labelWidth}" y1="${top - 4}" x2="${labelWidth}" y2="${height - 16}" stroke="#999"/></svg>`);
  return parts.join('');
}

/**
 * 「…超期 N 个工作日」 of one overdue 交办, as the list in the bulletin and its workbook say it: reported
 * late on a day, or not reported by the day the figures are counted at.
 */
export function overdueCaseStatus(c: BulletinOverdueCase, asOf: string): string {
  return c.reportedOn ? `${c.reportedOn} 报送，超期 ${c.workingDaysLate} 个工作日` : `截至 ${asOf} 未报送，超期 ${c.workingDaysLate} 个工作日`;
}

/**
 * A citizen's title, or a staff note on a case, as a document sent round the units shows it: phone
 * and ID numbers masked, as in the masked exports (the console, behind sign-in, shows them as the
 * ledger and the case page do).
 */
export const circulatedText = (title: string) => withBidiShown(maskText(title));

export function renderBulletinHtml(data: BulletinData, options: { issue?: string | undefined } = {}): string {
  const t = data.totals;
  const unitRows = data.units
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.unit)}</td><td>${r.received}</td><td>${r.carriedOver}</td><td>${r.onTime}</td><td>${r.overdue}</td><td>${r.pending}</td><td>${r.returned}</td><td>${r.sentBack}</td><td>${pct(r.onTimeRate)}</td><td>${r.satisfied + r.basicallySatisfied}/${r.satisfied + r.basicallySatisfied + r.dissatisfied}</td><td>${pct(r.satisfactionRate)}</td><td>${r.assistReceived}</td><td>${r.assistOnTime}</td></tr>`,
    )
    .join('\n');
  const list = (entries: BulletinData['praise'], empty: string) =>
    entries.length === 0 ? `<p>${empty}</p>` : `<ol>${entries.map((e) => `<li><strong>${escapeHtml(e.unit)}</strong>：${escapeHtml(e.reasons.join('，'))}</li>`).join('')}</ol>`;
  const handling = barChartSvg('各单位办理情况（件）', data.units, [
    { name: '收到', color: '#4e79a7', value: (r) => r.received },
    { name: '按时办结', color: '#59a14f', value: (r) => r.onTime },
    { name: '超期', color: '#e15759', value: (r) => r.overdue },
    { name: '退回', color: '#f28e2b', value: (r) => r.returned },
  ]);
  const satisfaction = barChartSvg(
    '各单位群众满意率',
    data.units.filter((r) => r.satisfactionRate !== null),
    [{ name: '满意率', color: '#76b7b2', value: (r) => r.satisfactionRate ?? 0 }],
    { max: 1, percent: true },
  );
  const overdueRows = data.overdueCases
    .map((c) => `<tr><td>${escapeHtml(c.unit)}</td><td>${escapeHtml(c.ledgerNo)}</td><td class="title">${escapeHtml(circulatedText(c.title))}</td><td>${escapeHtml(c.dueDate)}</td><td>${escapeHtml(overdueCaseStatus(c, data.asOf))}${c.carriedOver ? '（上期转入）' : ''}</td></tr>`)
    .join('\n');
  const criticisedRows = data.criticisedCases
    .map((c) => `<tr><td>${escapeHtml(c.unit)}</td><td>${escapeHtml(c.ledgerNo)}</td><td class="title">${escapeHtml(circulatedText(c.title))}</td><td>${escapeHtml(c.reason)}</td><td>${escapeHtml(c.on)}</td><td class="title">${escapeHtml(c.note === null ? '—' : circulatedText(c.note))}</td></tr>`)
    .join('\n');
  const categories = Object.entries(data.byCategory).map(([k, v]) => `${escapeHtml(k)} ${v} 件`).join('，') || '无';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>印台政务通报 ${escapeHtml(data.from)} 至 ${escapeHtml(data.to)}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; max-width: 960px; margin: 2em auto; color: #222; }
h1 { text-align: center; color: #b00; letter-spacing: .3em; }
.meta { text-align: center; border-bottom: 2px solid #b00; padding-bottom: .5em; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #bbb; padding: 4px 6px; text-align: center; }
td:first-child { text-align: left; }
th { background: #f3f3f3; }
/* Thirteen columns in the unit table: a unit's name (区住房和城乡建设局) and 承办单位 stay on one line; the headings wrap. */
.units { font-size: 14px; }
.units th, .units td { padding: 4px 3px; }
.units td:first-child, .units th:first-child { white-space: nowrap; }
figure { margin: 1em 0; }
.overdue { font-size: 14px; }
.overdue td { white-space: nowrap; }
.overdue td.title { white-space: normal; text-align: left; }
</style>
</head>
<body>
<h1>印台政务通报</h1>
<p class="meta">${options.issue ? `${escapeHtml(options.issue)}\u3000` : ''}区政府督查室\u3000统计期间：${escapeHtml(data.from)} 至 ${escapeHtml(data.to)}（超期统计截至 ${escapeHtml(data.asOf)}）</p>
<h2>一、总体情况</h2>
<p>本期共收到网民留言 ${t.cases} 件（${categories}），其中${t.awaitingReview > 0 ? `待审核分类 ${t.awaitingReview} 件（尚未登记，类别为系统建议），` : ''}不予受理 ${t.notAccepted} 件；交办承办单位 ${t.received} 件次${t.carriedOver > 0 ? `，上期转入未办结 ${t.carriedOver} 件次` : ''}，按时办结 ${t.onTime} 件，超期 ${t.overdue} 件，办理中 ${t.pending} 件，被承办单位退回 ${t.returned} 件次；按时办结率 ${pct(t.onTimeRate)}（按已报送或已到期的 ${t.onTime + t.overdue} 件次计，办理中未到期的不计入）。回访 ${t.satisfied + t.basicallySatisfied + t.dissatisfied + t.unreachable} 件，满意 ${t.satisfied} 件，基本满意 ${t.basicallySatisfied} 件，不满意 ${t.dissatisfied} 件，无法联系 ${t.unreachable} 件，满意率 ${pct(t.satisfactionRate)}（无法联系的不计入）。${t.assistReceived > 0 ? `另交办协办单位 ${t.assistReceived} 件次，按时提交协办意见 ${t.assistOnTime} 件次（协办不计入上述办结和超期）。` : ''}</p>
<h2>二、各单位办理情况</h2>
<table class="units">
<thead><tr>${unitColumns.map((c) => `<th>${c}</th>`).join('')}</tr></thead>
<tbody>
${unitRows || `<tr><td colspan="${unitColumns.length}">本期无交办件</td></tr>`}
</tbody>
</table>
<figure>${handling}</figure>
<figure>${satisfaction}</figure>
<h2>三、通报表扬</h2>
${list(data.praise, '本期无。')}
<h2>四、通报批评</h2>
${list(data.criticism, '本期无。')}
<p>请受到通报批评的单位认真查找原因，切实改进工作，杜绝推诿扯皮、敷衍塞责（第五条㈡㈥）。</p>
${overdueRows ? `<h2>附：超期办理网民留言清单</h2>
<table class="overdue">
<thead><tr><th>承办单位</th><th>台账编号</th><th>留言标题</th><th>办理时限</th><th>办理情况</th></tr></thead>
<tbody>
${overdueRows}
</tbody>
</table>
` : ''}${criticisedRows ? `<h2>附：群众不满意和退回重办的网民留言清单</h2>
<table class="overdue">
<thead><tr><th>承办单位</th><th>台账编号</th><th>留言标题</th><th>事由</th><th>日期</th><th>说明</th></tr></thead>
<tbody>
${criticisedRows}
</tbody>
</table>
` : ''}</body>
</html>
`;
}
