// 建议准确率: how the classifier's and de-duplication's suggestions fared against what this
// district's staff decided (category, 不予受理, complexity, urgency, unit, copies), for a period of
// decision dates, as figures, tables and charts with a plain explanation of each. Offices only.
import { api } from '../api.js';
import { barChart, followWindowWidth, stackedColumns } from '../charts.js';
import { h } from '../dom.js';
import { periodForm } from '../period-form.js';

const categories = ['咨询', '建议', '投诉', '求助', '其他'];
const pct1 = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
/** `83.3%（5/6）`, or `—` when nothing was counted. */
const ratio = (p) => (p.n ? `${pct1(p.share)}（${p.k}/${p.n}）` : '—');
/** The Wilson interval, read as "the true rate is likely between". */
const interval = (p) => (p.n ? `${pct1(p.low)}–${pct1(p.high)}` : '—');

/** A table of figures; each figure's cell names its column (data-label), for the phone's layout of a row as a card (console-screens.css). */
function table(id, head, rows) {
  return h('table', { class: 'grid', id }, h('thead', null, h('tr', null, head.map((t) => h('th', null, t)))), h('tbody', null, rows.map((r) => h('tr', null, r.map((c, i) => h('td', { class: i > 0 ? 'num' : '', 'data-label': i > 0 ? head[i] : null }, c))))));
}

function section(id, title, explanation, ...content) {
  return h('section', { class: 'card', id }, h('h3', null, title), h('p', { class: 'hint' }, explanation), ...content);
}

function summary(r) {
  const d = r.duplicates;
  const share = (name, p) => [p.n ? pct1(p.share) : '—', p.n ? `${name}（${p.k}/${p.n}）` : name];
  const items = [
    [String(r.reviewed), '审核过的案件'],
    share('分类一致', r.category.agreement),
    share('不予受理精确率', r.outOfScope.precision),
    share('不予受理召回率', r.outOfScope.recall),
    share('复杂程度一致', r.complexity),
    share('紧急程度一致', r.urgency),
    share('承办单位一致', r.unit.agreement),
    share('重复关联精确率', { k: d.links - d.split, n: d.links, share: d.precision }),
  ];
  return h('div', { class: 'stats', id: 'accuracy-summary' }, items.map(([v, k]) => h('div', { class: 'stat card' }, h('span', { class: 'stat-value' }, v), h('span', { class: 'stat-label' }, k))));
}

function categorySection(c) {
  return section(
    'accuracy-category',
    '分类',
    `工作人员登记案件时确认或更正的类别，与留言当时得到的建议比较。一致率 ${ratio(c.agreement)}，95% 可信区间 ${interval(c.agreement)}：件数越少，区间越宽。精确率：建议为某类的留言中，工作人员也定为该类的比例；召回率：工作人员定为某类的留言中，事先建议正确的比例。`,
    table('accuracy-classes', ['类别', '精确率', '召回率', 'F1', '建议为此类', '确定为此类'], c.perClass.map((x) => [x.category, pct1(x.precision), pct1(x.recall), x.f1 === null ? '—' : x.f1.toFixed(3), String(x.suggested), String(x.decided)])),
    h('h4', null, '混淆矩阵（行：建议的类别；列：工作人员确定的类别）'),
    table('accuracy-confusion', ['建议＼确定', ...categories], categories.map((s) => [s, ...categories.map((d) => String(c.confusion[s][d]))])),
  );
}

function calibrationSection(c) {
  const bands = c.calibration;
  return section(
    'accuracy-calibration',
    '置信度是否可信',
    '每条建议都带一个置信度。置信度约 0.9 的建议，应约有九成正确；下表按置信度分段，列出实际正确的比例，两者相近说明置信度可以照着用。',
    table('accuracy-bands', ['置信度', '件数', '平均置信度', '实际正确'], bands.map((b) => [b.label, String(b.right.n), b.meanConfidence === null ? '—' : b.meanConfidence.toFixed(2), ratio(b.right)])),
    barChart(
      bands.map((b) => ({ label: `置信度 ${b.label}`, value: b.right.share, text: pct1(b.right.share) })),
      { title: '各置信度段实际正确的比例' },
    ),
  );
}

function outOfScopeSection(o) {
  const { flaggedOut, flaggedIn, missed, neither } = o.counts;
  return section(
    'accuracy-oos',
    '不予受理',
    `精确率：建议不予受理的留言中，工作人员也决定不予受理的比例（${ratio(o.precision)}，区间 ${interval(o.precision)}）。召回率：工作人员决定不予受理的留言中，事先已有建议的比例（${ratio(o.recall)}，区间 ${interval(o.recall)}）。重新受理的案件按最后一次决定计。`,
    table('accuracy-oos-counts', ['', '决定不予受理', '决定受理'], [['建议不予受理', String(flaggedOut), String(flaggedIn)], ['未建议', String(missed), String(neither)]]),
    o.reasons.length
      ? table('accuracy-reasons', ['决定的理由', '件数', '建议中提到'], o.reasons.map((x) => [x.name, String(x.decided), ratio(x.named)]))
      : h('p', { class: 'muted' }, '本期没有决定不予受理的案件。'),
  );
}

function otherSection(r) {
  const d = r.duplicates;
  return section(
    'accuracy-other',
    '复杂程度、紧急程度、承办单位、重复留言',
    '复杂程度和紧急程度：登记时工作人员确定的与建议相同的比例。承办单位：拟办或交办的单位与建议相同的比例（没有建议单位的不计入）。重复留言：系统自动关联为重复的留言中，没有被工作人员拆分为误判的比例；合并次数是系统漏判、由工作人员合并的重复。',
    table('accuracy-values', ['项目', '一致', '95% 区间', '说明'], [
      ['复杂程度', ratio(r.complexity), interval(r.complexity), '登记的案件'],
      ['紧急程度', ratio(r.urgency), interval(r.urgency), '登记的案件'],
      ['承办单位', ratio(r.unit.agreement), interval(r.unit.agreement), r.unit.withoutSuggestion ? `另有 ${r.unit.withoutSuggestion} 件没有建议单位` : '已拟办或交办的案件'],
      ['重复留言', d.links ? `${pct1(d.precision)}（${d.links - d.split}/${d.links}）` : '—', '—', `自动关联 ${d.links} 条，拆分为误判 ${d.split} 条；合并漏判 ${d.merges} 次`],
    ]),
  );
}

function monthSection(months) {
  const labels = months.map((m) => m.month);
  const byMonth = { axisLabel: (month) => month };
  return section(
    'accuracy-months',
    '按月趋势',
    '按工作人员作出决定的月份（北京时间）统计，看建议是变好还是变差。',
    table('accuracy-month-table', ['月份', '分类一致', '不予受理精确率', '不予受理召回率'], months.map((m) => [m.month, ratio(m.category), ratio(m.outOfScopePrecision), ratio(m.outOfScopeRecall)])),
    h(
      'div',
      { class: 'charts' },
      h('div', { id: 'chart-month-category' }, stackedColumns(labels, { 被更正: months.map((m) => m.category.n - m.category.k), 与建议一致: months.map((m) => m.category.k) }, { ...byMonth, title: '各月登记的分类（件）' })),
      h('div', { id: 'chart-month-agreement' }, barChart(months.map((m) => ({ label: m.month, value: m.category.share, text: pct1(m.category.share) })), { title: '各月分类一致率' })),
      h(
        'div',
        { id: 'chart-month-oos' },
        stackedColumns(
          labels,
          {
            建议但决定受理: months.map((m) => m.outOfScopePrecision.n - m.outOfScopePrecision.k),
            建议且决定不予受理: months.map((m) => m.outOfScopePrecision.k),
            未建议但决定不予受理: months.map((m) => m.outOfScopeRecall.n - m.outOfScopeRecall.k),
          },
          { ...byMonth, title: '各月不予受理建议（件）' },
        ),
      ),
      h(
        'div',
        { id: 'chart-month-oos-rates' },
        barChart(
          months.flatMap((m) => [
            { label: `${m.month} 精确率`, value: m.outOfScopePrecision.share, text: pct1(m.outOfScopePrecision.share), color: '#1565c0' },
            { label: `${m.month} 召回率`, value: m.outOfScopeRecall.share, text: pct1(m.outOfScopeRecall.share), color: '#ef6c00' },
          ]),
          { title: '各月不予受理精确率与召回率' },
        ),
      ),
    ),
  );
}

export async function renderAccuracy(view, ctx) {
  const q = ctx.query;
  const period = periodForm(ctx, { page: 'accuracy', fromLabel: '决定日期自', id: 'accuracy-period' });
  const head = h('div', { class: 'page-head' }, h('h2', null, '建议准确率'), period.form);
  const intro = h(
    'p',
    { class: 'card', id: 'accuracy-intro' },
    '系统为每条留言给出类别、是否不予受理、复杂程度、紧急程度、承办单位和是否重复的建议，工作人员审核时确认或更正。本页把留言当时得到的建议与本区工作人员的决定逐件比较：这是在本区自己的留言上、以本区工作人员的决定为准量出的准确率。期间按工作人员作出决定的日期（北京时间）计；待审核的案件和已并入其他案件的案件不计入。',
  );
  let r;
  try {
    r = await api('/api/console/suggestion-agreement', { query: { from: q.get('from'), to: q.get('to') } });
  } catch (error) {
    if (error?.code !== 'BAD_INPUT') throw error;
    view.append(head);
    period.showError(error);
    return;
  }
  view.append(head, intro);
  if (r.reviewed === 0 && r.unit.agreement.n === 0 && r.unit.withoutSuggestion === 0) {
    const d = r.duplicates;
    view.append(
      h(
        'div',
        { class: 'card empty', id: 'accuracy-empty' },
        '该期间没有工作人员审核过的案件，无从比较分类、不予受理等建议。',
        d.links || d.merges ? h('p', null, `重复留言：自动关联 ${d.links} 条，拆分为误判 ${d.split} 条；合并漏判 ${d.merges} 次。`) : null,
      ),
    );
    return;
  }
  view.append(summary(r), categorySection(r.category), calibrationSection(r.category), outOfScopeSection(r.outOfScope), otherSection(r));
  if (r.months.length) view.append(monthSection(r.months));
  // A phone turned or a window resized draws the charts again to its width; undone when the page is left.
  return followWindowWidth(view);
}
