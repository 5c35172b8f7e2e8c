// 督查看板: due soon, overdue, special supervision (escalated or marked), hot issues.
import { api } from '../api.js';
import { badge, h } from '../dom.js';

function column(id, title, kind, rows, detail) {
  return h(
    'section',
    { class: ['card', 'board-col', kind], id },
    h('h3', null, title, h('span', { class: 'count' }, String(rows.length))),
    rows.length
      ? h('ul', { class: 'board-list' }, rows.map((r) => h('li', null, h('a', { href: `#/case/${r.caseId}` }, r.ledgerNo), ' ', r.title, h('div', { class: 'muted' }, detail(r)))))
      : h('p', { class: 'muted' }, '无'),
  );
}

export async function renderBoard(view, ctx) {
  const kindNames = Object.fromEntries(ctx.meta.supervisionKinds.map((k) => [k.id, k.name]));
  const data = await api('/api/console/board');
  const due = (r) => `${r.unit ?? '未交办'} · 时限 ${r.dueDate ?? '—'}${r.daysLeft !== null ? (r.daysLeft < 0 ? ` · 逾期 ${-r.daysLeft} 天` : ` · 剩 ${r.daysLeft} 个工作日`) : ''}${r.pendingExtension ? ' · 延期待答复' : ''}`;
  view.append(
    h('div', { class: 'page-head' }, h('h2', null, '督查看板'), h('span', { class: 'muted' }, `在办 ${data.inHand} 件`)),
    h(
      'div',
      { class: 'board' },
      column('board-due-soon', '即将到期', 'due', data.dueSoon, due),
      column('board-overdue', '已逾期', 'over', data.overdue, due),
      column('board-escalated', '专项督查', 'esc', data.escalated, (r) => [r.leaderMarked ? '领导重点批示' : '', r.highImpact ? '影响较大' : '', r.reporterCount > 1 ? `${r.reporterCount} 人反映` : '', r.unit ?? ''].filter(Boolean).join(' · ')),
      column('board-hot', '热点问题', 'hot', data.hot, (r) => `${r.reporterCount} 人反映 · ${r.category} · ${r.unit ?? '未交办'}`),
    ),
  );
  if (data.escalated.some((r) => r.lastSupervision)) {
    view.append(h('section', { class: 'card' }, h('h3', null, '最近督办'), h('ul', null, data.escalated.filter((r) => r.lastSupervision).map((r) => h('li', null, r.ledgerNo, ' ', badge(kindNames[r.lastSupervision.kind] ?? r.lastSupervision.kind), ' ', r.lastSupervision.note)))));
  }
}
