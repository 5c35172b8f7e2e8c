// 安全审计 (admin): sign-ins, refused sign-ins, lockouts, sign-outs, account changes, exports and
// system settings (a source added to the source file, a queue-loss notice dismissed),
// newest first, paged by 50, filtered by account, kind and date (Beijing), the filters kept in the
// address (#/security-log?account=…&recordKind=…). What someone typed at sign-in and a browser's
// User-Agent are untrusted: h() shows them as text nodes, whatever they contain.
import { api } from '../api.js';
import { badge, clear, field, fmtTime, h, select, setText } from '../dom.js';
import { dateProblem, reversedPeriod } from '../form-checks.js';

const pageSize = 50;
/** workflow/audit/list-security-log.ts securityLogKinds and unknownAccountFilter. */
const kinds = [
  { id: 'sign_in', name: '登录成功' },
  { id: 'sign_in_failed', name: '登录失败' },
  { id: 'locked', name: '账号锁定' },
  { id: 'sign_out', name: '退出' },
  { id: 'account', name: '账号变更' },
  { id: 'export', name: '数据导出' },
  { id: 'system', name: '系统设置' },
];
const unknownAccount = '(unknown)';
const kindBadge = { sign_in_failed: 'warn', locked: 'danger', account: 'info', system: 'info' };

function row(r) {
  return h(
    'tr',
    { dataset: { kind: r.kind } },
    h('td', null, fmtTime(r.at)),
    h('td', { class: 'account-cell' }, r.accountName ?? h('span', { class: 'muted' }, '（无此账号）')),
    h('td', null, badge(r.kindName, kindBadge[r.kind] ?? '')),
    h('td', { class: 'address-cell' }, r.address ?? '—'),
    h('td', { class: 'details-cell' }, r.details, r.userAgent ? h('div', { class: 'muted user-agent' }, `浏览器：${r.userAgent}`) : null),
  );
}

export async function renderSecurityLog(view, ctx) {
  const q = ctx.query;
  const { users } = await api('/api/workflow/users');
  const accounts = users.map((u) => ({ id: u.username, name: u.displayName === u.username ? u.username : `${u.displayName}（${u.username}）` }));
  // An account in the address that is no longer listed (local-cli, cli-admin) is still offered.
  const wanted = q.get('account');
  if (wanted && wanted !== unknownAccount && !accounts.some((a) => a.id === wanted)) accounts.push({ id: wanted, name: wanted });
  const form = h(
    'form',
    { class: 'filters card', id: 'security-log-filters', onsubmit: (e) => (e.preventDefault(), apply(0)) },
    field('账号', select('account', [{ id: '', name: '全部' }, { id: unknownAccount, name: '（不存在的用户名）' }, ...accounts], wanted)),
    field('类型', select('recordKind', [{ id: '', name: '全部' }, ...kinds], q.get('recordKind'))),
    field('日期自', h('input', { type: 'date', name: 'from', value: q.get('from') ?? '' })),
    field('至', h('input', { type: 'date', name: 'to', value: q.get('to') ?? '' })),
    h('div', { class: 'filter-buttons' }, h('button', { type: 'submit', class: 'primary' }, '筛选'), h('button', { type: 'button', onclick: () => ctx.navigate('#/security-log') }, '清除')),
  );
  const summary = h('span', { class: 'muted', id: 'security-log-count' });
  const tbody = h('tbody');
  const pager = h('div', { class: 'pager' });
  view.append(
    h('div', { class: 'page-head' }, h('h2', null, '安全审计（登录与账号日志）'), summary),
    h('p', { class: 'muted' }, '登录、登录失败、账号锁定、退出、账号变更和数据导出的记录，时间为北京时间。登录记录保存一年；未对应任何账号的用户名可能是误输入的密码，只显示首尾字符。'),
    form,
    h('table', { class: 'grid', id: 'security-log' }, h('thead', null, h('tr', null, ['时间（北京时间）', '账号', '类型', '地址', '详情'].map((t) => h('th', null, t)))), tbody),
    pager,
  );

  function apply(offset) {
    const params = new window.URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (v) params.set(k, String(v));
    if (offset) params.set('offset', String(offset));
    ctx.navigate(`#/security-log?${params}`);
  }

  // A date in the address that is no date, or a reversed range, is said so, not queried.
  const problems = [['from', '日期自'], ['to', '至']].map(([k, label]) => (q.get(k) ? dateProblem(q.get(k), label) : null)).filter(Boolean);
  if (problems.length === 0 && q.get('from') && q.get('to') && q.get('from') > q.get('to')) problems.push(reversedPeriod(q.get('from'), q.get('to')));
  if (problems.length) {
    view.insertBefore(h('div', { class: 'error-box', id: 'security-log-error', role: 'alert' }, `筛选条件有误：${problems.join('；')}。`), form.nextSibling);
    tbody.append(h('tr', null, h('td', { colspan: '5', class: 'empty' }, '筛选条件有误，未查询')));
    return;
  }
  const offset = Number(q.get('offset') ?? 0) || 0;
  const data = await api('/api/console/security-log', { query: { ...Object.fromEntries(q.entries()), limit: pageSize, offset } });
  setText(summary, `共 ${data.total} 条`);
  clear(tbody).append(...data.items.map(row));
  if (data.items.length === 0) tbody.append(h('tr', null, h('td', { colspan: '5', class: 'empty' }, '没有符合条件的记录')));
  clear(pager);
  if (offset > 0) pager.append(h('button', { type: 'button', onclick: () => apply(Math.max(0, offset - pageSize)) }, '上一页'));
  pager.append(h('span', { class: 'muted' }, `${data.total ? offset + 1 : 0}–${offset + data.items.length} / ${data.total}`));
  if (offset + pageSize < data.total) pager.append(h('button', { type: 'button', onclick: () => apply(offset + pageSize) }, '下一页'));
}
