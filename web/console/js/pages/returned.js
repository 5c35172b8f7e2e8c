// 本单位退回的案件 (#/returned, handling units only): the cases the unit returned (退回交办), newest
// first, paged by 50, with the period and 仅待重新交办 kept in the address. Each row says when, why and
// by whom, and where the return went (待重新交办, 已改交 <unit>, 已重新交办本单位, 不予受理 …); the
// server gives nothing of the case after the return, and a link only to a case the unit may open.
import { api } from '../api.js';
import { badge, chinaDay, clear, field, fmtTime, h, setText } from '../dom.js';
import { dateProblem, reversedPeriod } from '../form-checks.js';

const pageSize = 50;
const outcomeKinds = { awaiting: 'warn', given_back: 'info', reassigned: 'state' };

/** Today's China date, and the first of its month (本月). */
function thisMonth() {
  const today = chinaDay();
  return { from: `${today.slice(0, 8)}01`, to: today };
}

function outcomeCell(r) {
  return h(
    'td',
    { class: 'outcome-cell' },
    badge(r.outcomeName, outcomeKinds[r.outcome] ?? ''),
    r.outcomeAt ? h('div', { class: 'muted' }, fmtTime(r.outcomeAt)) : null,
    r.caseId ? h('div', null, h('a', { href: `#/case/${encodeURIComponent(r.caseId)}`, class: 'open-case' }, '打开案件')) : null,
  );
}

export async function renderReturned(view, ctx) {
  const q = ctx.query;
  const form = h(
    'form',
    { class: 'filters card', id: 'returned-filters', onsubmit: (e) => (e.preventDefault(), apply(0)) },
    field('退回日期自', h('input', { type: 'date', name: 'from', value: q.get('from') ?? '' })),
    field('至', h('input', { type: 'date', name: 'to', value: q.get('to') ?? '' })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'awaiting', value: 'true', checked: q.get('awaiting') === 'true' }), '仅待重新交办'),
    h(
      'div',
      { class: 'filter-buttons' },
      h('button', { type: 'submit', class: 'primary' }, '筛选'),
      h('button', { type: 'button', id: 'returned-this-month', onclick: () => ctx.navigate(`#/returned?${new window.URLSearchParams(thisMonth())}`) }, '本月'),
      h('button', { type: 'button', onclick: () => ctx.navigate('#/returned') }, '清除'),
    ),
  );
  const summary = h('span', { class: 'muted', id: 'returned-count' });
  const tbody = h('tbody');
  const pager = h('div', { class: 'pager' });
  view.append(
    h('div', { class: 'page-head' }, h('a', { href: '#/ledger', class: 'back' }, '← 本单位台账'), h('h2', null, `本单位退回的案件（${ctx.user.unit ?? ''}）`), summary),
    h(
      'p',
      { class: 'muted', id: 'returned-note' },
      '本单位「退回交办」的案件。退回后案件由区政府办重新拟办，不再由本单位办理，此处只记录退回的时间、理由和经办人，以及案件的去向：待重新交办、已改交其他单位、已重新交办本单位（可点「打开案件」）、不予受理或归档；不显示其后的拟办意见和其他单位的办理情况。',
    ),
    form,
    h('table', { class: 'grid', id: 'returned-cases' }, h('thead', null, h('tr', null, ['台账编号', '标题', '退回时间', '退回理由', '退回人', '去向'].map((t) => h('th', null, t)))), tbody),
    pager,
  );

  function apply(offset) {
    const params = new window.URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (v) params.set(k, String(v));
    if (offset) params.set('offset', String(offset));
    ctx.navigate(`#/returned?${params}`);
  }

  // A date in the address that is no date, or a reversed period, is said so, not queried as 0 cases.
  const problems = [['from', '退回日期自'], ['to', '至']].map(([k, label]) => (q.get(k) ? dateProblem(q.get(k), label) : null)).filter(Boolean);
  if (problems.length === 0 && q.get('from') && q.get('to') && q.get('from') > q.get('to')) problems.push(reversedPeriod(q.get('from'), q.get('to')));
  if (problems.length) {
    view.insertBefore(h('div', { class: 'error-box', id: 'returned-error', role: 'alert' }, `筛选条件有误：${problems.join('；')}。请修改日期后重新筛选。`), form);
    tbody.append(h('tr', null, h('td', { colspan: '6', class: 'empty' }, '筛选条件有误，未查询')));
    return;
  }
  const offset = Number(q.get('offset') ?? 0) || 0;
  const data = await api('/api/console/returned-cases', { query: { from: q.get('from'), to: q.get('to'), awaiting: q.get('awaiting'), limit: pageSize, offset } });
  setText(summary, `共 ${data.total} 件 · 待重新交办 ${data.awaiting} 件`);
  clear(tbody);
  for (const r of data.items) {
    tbody.append(
      h(
        'tr',
        { dataset: { assignmentId: r.assignmentId, outcome: r.outcome } },
        h('td', null, r.caseId ? h('a', { href: `#/case/${encodeURIComponent(r.caseId)}` }, r.ledgerNo) : r.ledgerNo),
        h('td', { class: 'title-cell' }, r.title),
        h('td', null, fmtTime(r.returnedAt)),
        h('td', { class: 'reason' }, r.reason),
        h('td', null, r.returnedByName),
        outcomeCell(r),
      ),
    );
  }
  if (data.items.length === 0) tbody.append(h('tr', null, h('td', { colspan: '6', class: 'empty' }, q.get('awaiting') === 'true' ? '没有待重新交办的退回案件' : '没有本单位退回的案件')));
  clear(pager);
  if (offset > 0) pager.append(h('button', { type: 'button', onclick: () => apply(Math.max(0, offset - pageSize)) }, '上一页'));
  pager.append(h('span', { class: 'muted' }, `${data.total ? offset + 1 : 0}–${offset + data.items.length} / ${data.total}`));
  if (offset + pageSize < data.total) pager.append(h('button', { type: 'button', onclick: () => apply(offset + pageSize) }, '下一页'));
}
