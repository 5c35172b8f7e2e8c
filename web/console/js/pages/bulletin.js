// 通报统计: categories over time, units' on-time rates, satisfaction, praise and criticism, with
// links to the full bulletin (HTML and XLSX) of the period.
import { api } from '../api.js';
import { barChart, followWindowWidth, stackedColumns } from '../charts.js';
import { h, pct as percent } from '../dom.js';
import { periodForm } from '../period-form.js';

/** A rate as 《印台政务通报》 and its workbook write it, to a tenth of a percent (66.7%), so the page and the bulletin read the same. */
const pct = (v) => percent(v, 1);

export async function renderBulletin(view, ctx) {
  if (ctx.user.role === 'unit') return renderUnitBulletin(view, ctx);
  const q = ctx.query;
  // A period that cannot be counted is said next to its fields; the form stays to correct it.
  const period = periodForm(ctx, { page: 'bulletin' });
  const periodFields = period.form;
  let data;
  try {
    data = await api('/api/console/charts', { query: { from: q.get('from'), to: q.get('to') } });
  } catch (error) {
    if (error?.code !== 'BAD_INPUT') throw error;
    view.append(h('div', { class: 'page-head' }, h('h2', null, '通报统计'), periodFields));
    period.showError(error);
    return;
  }
  const b = data.bulletin;
  period.show(data);
  const canBulletin = ['supervision', 'leader', 'admin'].includes(ctx.user.role);
  const periodQuery = `from=${data.from}&to=${data.to}`;
  view.append(
    h(
      'div',
      { class: 'page-head' },
      h('h2', null, '通报统计'),
      periodFields,
      h('div', { class: 'spacer' }),
      canBulletin ? h('a', { class: 'button', href: `/api/workflow/bulletin.html?${periodQuery}`, target: '_blank', rel: 'noopener' }, '《印台政务通报》') : null,
      canBulletin ? h('a', { class: 'button', href: `/api/workflow/bulletin.xlsx?${periodQuery}` }, '下载 XLSX') : null,
    ),
    h(
      'div',
      { class: 'stats' },
      [['留言', b.totals.cases], ['交办', b.totals.received], ['上期转入', b.totals.carriedOver], ['按时办结', b.totals.onTime], ['逾期', b.totals.overdue], ['办理中', b.totals.pending], ['退回', b.totals.returned], ['不予受理', b.totals.notAccepted], ['按时率', pct(b.totals.onTimeRate)], ['满意率', pct(b.totals.satisfactionRate)], ['协办件数', b.totals.assistReceived], ['按时提交协办意见', b.totals.assistOnTime]].map(([k, v]) =>
        h('div', { class: 'stat card' }, h('span', { class: 'stat-value' }, String(v ?? '—')), h('span', { class: 'stat-label' }, k)),
      ),
    ),
    // How the tiles add up (QA: without 办理中, 交办 matched no sum of the tiles): every case handed
    // over in the period or carried into it is on time, overdue, in hand or returned (compute-bulletin.ts).
    h('p', { class: 'muted', id: 'bulletin-sum' }, `交办 ${b.totals.received} 件${b.totals.carriedOver ? ` + 上期转入 ${b.totals.carriedOver} 件` : ''} = 按时办结 ${b.totals.onTime} + 逾期 ${b.totals.overdue} + 办理中 ${b.totals.pending} + 退回 ${b.totals.returned}`),
  );
  const units = [...b.units].sort((x, y) => (y.onTimeRate ?? -1) - (x.onTimeRate ?? -1));
  const sat = b.totals;
  view.append(
    h(
      'div',
      { class: 'charts' },
      h('section', { class: 'card wide', id: 'chart-categories' }, stackedColumns(data.trend.weeks, data.trend.series, { title: '各类别留言数（按周）' })),
      h('section', { class: 'card', id: 'chart-ontime' }, barChart(units.map((u) => ({ label: u.unit, value: u.onTimeRate, text: u.onTimeRate === null ? '—' : `${pct(u.onTimeRate)}（${u.onTime}/${u.onTime + u.overdue}）`, color: u.onTimeRate !== null && u.onTimeRate < 0.8 ? '#c62828' : '#2e7d32' })), { title: '承办单位按时办结率' })),
      h(
        'section',
        { class: 'card', id: 'chart-satisfaction' },
        barChart(
          [
            { label: '满意', value: sat.satisfied, color: '#2e7d32' },
            { label: '基本满意', value: sat.basicallySatisfied, color: '#7cb342' },
            { label: '不满意', value: sat.dissatisfied, color: '#c62828' },
            { label: '无法联系', value: sat.unreachable, color: '#9e9e9e' },
          ],
          { max: Math.max(1, sat.satisfied, sat.basicallySatisfied, sat.dissatisfied, sat.unreachable), title: `回访满意度（满意率 ${pct(sat.satisfactionRate)}）` },
        ),
        barChart(units.filter((u) => u.satisfactionRate !== null).map((u) => ({ label: u.unit, value: u.satisfactionRate, text: pct(u.satisfactionRate) })), { title: '各单位满意率' }),
      ),
      h('section', { class: 'card' }, h('h4', null, '通报表扬'), b.praise.length ? h('ul', null, b.praise.map((p) => h('li', null, h('strong', null, p.unit), '：', p.reasons.join('；')))) : h('p', { class: 'muted' }, '本期无')),
      h('section', { class: 'card' }, h('h4', null, '通报批评'), b.criticism.length ? h('ul', null, b.criticism.map((p) => h('li', null, h('strong', null, p.unit), '：', p.reasons.join('；')))) : h('p', { class: 'muted' }, '本期无')),
    ),
    overdueList(b.overdueCases, b.asOf, { showUnit: true }),
    criticisedList(b.criticisedCases, { showUnit: true }),
  );
  // A phone turned or a window resized draws the charts again to its width; undone when the page is left.
  return followWindowWidth(view);
}

/**
 * A card listing cases the bulletin counts, each row linked to its case: `columns` are [heading,
 * cell(c)] after 承办单位 (when `showUnit`), 台账编号 and 标题; `empty` is said when there are none.
 */
function caseListCard({ id, title, cases, showUnit, columns, empty }) {
  return h(
    'section',
    { class: 'card', id },
    h('h4', null, `${title}（${cases.length} 件次）`),
    cases.length
      ? h(
          'table',
          { class: 'grid', id: id.replace(/-cases$/, '-table') },
          h('thead', null, h('tr', null, showUnit ? h('th', null, '承办单位') : null, h('th', null, '台账编号'), h('th', null, '标题'), columns.map(([heading]) => h('th', null, heading)))),
          h(
            'tbody',
            null,
            cases.map((c) =>
              h(
                'tr',
                { dataset: { caseId: c.caseId } },
                showUnit ? h('td', null, c.unit) : null,
                h('td', null, h('a', { href: `#/case/${encodeURIComponent(c.caseId)}` }, c.ledgerNo)),
                h('td', null, c.title),
                columns.map(([, cell]) => h('td', null, cell(c))),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, empty),
  );
}

/**
 * 超期件清单: which 交办 the 逾期 figures count, each linked to its case, so the office can cite and
 * chase them (and a unit see which of its own were late); as the bulletin's 附 list.
 */
function overdueList(cases, asOf, { showUnit }) {
  const status = (c) => (c.reportedOn ? `${c.reportedOn} 报送，超期 ${c.workingDaysLate} 个工作日` : `截至 ${asOf} 未报送，超期 ${c.workingDaysLate} 个工作日`);
  return caseListCard({
    id: 'overdue-cases',
    title: '超期件清单',
    cases,
    showUnit,
    columns: [
      ['办理时限', (c) => c.dueDate],
      ['办理情况', (c) => [status(c), c.carriedOver ? h('span', { class: 'muted' }, '（上期转入）') : null]],
    ],
    empty: '本期无超期件',
  });
}

/** 群众不满意 and 退回重办, the other grounds of the 通报批评, case by case, as the bulletin's second 附 list. */
function criticisedList(cases, { showUnit }) {
  return caseListCard({
    id: 'criticised-cases',
    title: '群众不满意和退回重办',
    cases,
    showUnit,
    columns: [
      ['事由', (c) => c.reason],
      ['日期', (c) => c.on],
      ['说明', (c) => c.note ?? '—'],
    ],
    empty: '本期无',
  });
}

/** 本单位通报情况: a handling unit's own figures of the period and whether it is praised or criticised. */
async function renderUnitBulletin(view, ctx) {
  const q = ctx.query;
  const period = periodForm(ctx, { page: 'bulletin' });
  const head = h('div', { class: 'page-head' }, h('h2', null, `本单位通报情况（${ctx.user.unit ?? ''}）`), period.form);
  let data;
  try {
    data = await api('/api/console/unit-bulletin', { query: { from: q.get('from'), to: q.get('to') } });
  } catch (error) {
    if (error?.code !== 'BAD_INPUT') throw error;
    view.append(head);
    period.showError(error);
    return;
  }
  period.show(data);
  const r = data.row;
  const listed = (title, reasons, id) =>
    h('section', { class: 'card', id }, h('h4', null, title), reasons ? h('ul', null, reasons.map((x) => h('li', null, x))) : h('p', { class: 'muted' }, '本期本单位未列入'));
  view.append(
    head,
    h('p', { class: 'muted' }, `按《印台政务通报》的口径统计本单位 ${data.from} 至 ${data.to} 的交办件，逾期按 ${data.asOf} 的情况计；只含本单位，不含其他单位的数据。`),
    h(
      'div',
      { class: 'stats', id: 'unit-bulletin-stats' },
      [['收到交办', r.received], ['上期转入', r.carriedOver], ['按时办结', r.onTime], ['逾期', r.overdue], ['办理中', r.pending], ['退回', r.returned], ['退回重办', r.sentBack], ['按时率', pct(r.onTimeRate)], ['满意率', pct(r.satisfactionRate)], ['协办件数', r.assistReceived], ['按时提交协办意见', r.assistOnTime]].map(([k, v]) =>
        h('div', { class: 'stat card' }, h('span', { class: 'stat-value' }, String(v ?? '—')), h('span', { class: 'stat-label' }, k)),
      ),
    ),
    h('div', { class: 'charts' }, listed('通报表扬', data.praise, 'unit-praise'), listed('通报批评', data.criticism, 'unit-criticism')),
    overdueList(data.overdueCases ?? [], data.asOf, { showUnit: false }),
    criticisedList(data.criticisedCases ?? [], { showUnit: false }),
  );
}
