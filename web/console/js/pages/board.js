// 督查看板: due soon, overdue, special supervision (escalated or marked), cases with many reporters,
// and hot issues (群众反映较多: messages on the same concern), each linking to its cases in the ledger.
import { api } from '../api.js';
import { badge, fmtTime, h } from '../dom.js';
import { unclearExcludedLink } from '../unclear-excluded.js';

/**
 * The hot issues, each marked 群众反映较多 when its people reach the threshold: its cases then go to
 * 专项督查 when their unit is late (workflow/supervision/scan-deadlines.ts), as a case's own do.
 */
function hotIssues(rows, threshold) {
  return h(
    'section',
    { class: 'card', id: 'board-hot-issues' },
    h('h3', null, '热点问题（同一问题多人反映）', h('span', { class: 'count' }, String(rows.length))),
    rows.length
      ? h(
          'table',
          { class: 'grid hot-issues' },
          h('thead', null, h('tr', null, [['热点'], ['留言', 'num'], ['案件', 'num'], ['反映人数', 'num'], ['首次'], ['最近'], ['']].map(([t, cls]) => h('th', { class: cls }, t)))),
          h(
            'tbody',
            null,
            rows.map((r) =>
              h(
                'tr',
                { dataset: { key: r.key } },
                h('td', null, h('span', { class: 'hot-label' }, r.label), r.reporters >= threshold ? h('span', { class: 'hot-many' }, ' ', badge('群众反映较多', 'warn')) : null),
                h('td', { class: 'num' }, String(r.messageCount)),
                h('td', { class: 'num' }, String(r.cases)),
                h('td', { class: 'num hot-reporters' }, String(r.reporters)),
                h('td', null, fmtTime(r.firstSeenAt)),
                h('td', null, fmtTime(r.lastSeenAt)),
                h('td', null, h('a', { href: `#/ledger?${new window.URLSearchParams({ hotIssue: r.key })}`, class: 'hot-ledger' }, '在台账中查看')),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, '近 30 天没有多人反映的热点问题'),
  );
}

const whenNames = { past: '已过上级办理时限', today: '今天到期', tomorrow: '明天到期' };
const levelNames = { province: '省级转办', city: '市级转办' };

/**
 * A card of forwarded items (转办) on the board: each row the case's link, its title, a badge and a
 * line of facts ending with what to do. Shown only when there is one.
 */
function forwardedCard(id, title, rows, badgeOf, facts) {
  return h(
    'section',
    { class: 'card', id },
    h('h3', null, title, h('span', { class: 'count' }, String(rows.length))),
    h(
      'ul',
      { class: 'board-list' },
      rows.map((r) =>
        h(
          'li',
          { dataset: { caseId: r.caseId } },
          h('a', { href: `#/case/${r.caseId}` }, r.ledgerNo),
          ' ',
          r.title,
          ' ',
          badge(badgeOf(r), 'warn'),
          h('div', { class: 'muted' }, [levelNames[r.originLevel] ?? '', r.forwardNo ? `转办编号 ${r.forwardNo}` : '', ...facts(r)].filter(Boolean).join(' · ')),
        ),
      ),
    ),
  );
}

/**
 * 上级办理时限临近: items from the province or city not yet handed to a unit (登记, 拟办, 领导审批)
 * whose upper deadline is tomorrow, today or past (workflow/supervision/list-upper-deadlines-near.ts).
 * Shown to 督查室 and 区政府办 only when there is one.
 */
const upperDeadlinesNear = (rows) =>
  forwardedCard('board-upper-near', '上级办理时限临近（尚未交办）', rows, (r) => whenNames[r.when] ?? r.when, (r) => [`上级办理时限 ${r.upperDeadline}`, `当前：${r.stateName}`, '请尽快交办']);

/**
 * 上级再次转办: 转办 items the province or city sent again after the district's answer (not satisfied,
 * or pressing), each with the new case that takes it and the answered one
 * (workflow/supervision/list-forwards-reissued.ts). Shown only when there is one.
 */
const forwardsReissued = (rows) =>
  forwardedCard('board-forwards-reissued', '上级再次转办（已答复后）', rows, () => '上级再次转办', (r) => [
    `${r.reissuedOn} 再次转来`,
    `原案件 ${r.answeredLedgerNo} 已答复`,
    `当前：${r.stateName}`,
    '请重新办理并上报专报',
  ]);

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
  // The board is the home page of 督查室 and the leaders: it says how many cases wait for their
  // step (待我办理: reports to review, extension requests, proposals and replies to approve), which
  // the columns below do not show (an extension asked on a case not yet due is in none of them).
  const hasTodo = ctx.user.role !== 'admin';
  const [data, unclear, todo] = await Promise.all([api('/api/console/board'), unclearExcludedLink(ctx.user.role), hasTodo ? api('/api/console/ledger', { query: { todo: 'true', limit: 1 } }) : null]);
  const todoLink = todo ? h('a', { href: '#/ledger?todo=true', id: 'board-todo', class: ['button', todo.total > 0 && 'primary'] }, `待我办理 ${todo.total} 件`) : null;
  const due = (r) => `${r.unit ?? '未交办'} · 时限 ${r.dueDate ?? '—'}${r.daysLeft !== null ? (r.daysLeft < 0 ? ` · 逾期 ${-r.daysLeft} 个工作日` : ` · 剩 ${r.daysLeft} 个工作日`) : ''}${r.pendingExtension ? ' · 延期待答复' : ''}`;
  view.append(
    h('div', { class: 'page-head' }, h('h2', null, '督查看板'), h('span', { class: 'muted' }, `在办 ${data.inHand} 件`), ...(unclear ? [unclear] : []), ...(todoLink ? [h('div', { class: 'spacer' }), todoLink] : [])),
    // (append() would print a null as the text "null")
    // A holiday schedule not loaded (this year, or next year from November): due dates may be wrong.
    ...(data.calendarNotice ? [h('div', { class: 'card notice', id: 'calendar-notice', role: 'status' }, data.calendarNotice)] : []),
    ...(data.upperDeadlinesNear?.length ? [upperDeadlinesNear(data.upperDeadlinesNear)] : []),
    ...(data.forwardsReissued?.length ? [forwardsReissued(data.forwardsReissued)] : []),
    h(
      'div',
      { class: 'board' },
      column('board-due-soon', '即将到期', 'due', data.dueSoon, due),
      column('board-overdue', '已逾期', 'over', data.overdue, due),
      // Cases under special supervision and the key cases (marked 领导重点批示 or 影响较大) that go
      // to it when their unit is late or keeps returning them: each says which it is, since a marked
      // case is not yet under special supervision (the ledger's 仅专项督查 lists only those that are).
      column('board-escalated', '专项督查与重点件', 'esc', data.escalated, (r) => [r.escalated ? '专项督查中' : '重点件，未转专项督查', r.leaderMarked ? '领导重点批示' : '', r.highImpact ? '影响较大' : '', r.reporterCount > 1 ? `${r.reporterCount} 人反映` : '', r.unit ?? ''].filter(Boolean).join(' · ')),
      column('board-hot', '多人反映', 'hot', data.hot, (r) => [r.reporterCount >= data.reporterThreshold ? '群众反映较多' : '', `${r.reporterCount} 人反映`, r.category, r.unit ?? '未交办'].filter(Boolean).join(' · ')),
    ),
    // (append() would print a null as the text "null")
    ...(ctx.user.role === 'unit' ? [] : [hotIssues(data.hotIssues ?? [], data.reporterThreshold)]),
  );
  // 最近督办: every case's last 督办 record, newest first (a phone call on an ordinary case too, not
  // only those of the special supervision column), each linking to its case.
  if (data.recentSupervisions?.length) {
    view.append(
      h(
        'section',
        { class: 'card', id: 'board-recent-supervisions' },
        h('h3', null, '最近督办'),
        h(
          'ul',
          { class: 'board-list' },
          data.recentSupervisions.map((r) =>
            h('li', { dataset: { caseId: r.caseId } }, h('a', { href: `#/case/${r.caseId}` }, r.ledgerNo), ' ', r.title, ' ', badge(kindNames[r.lastSupervision.kind] ?? r.lastSupervision.kind), h('div', { class: 'muted' }, `${fmtTime(r.lastSupervision.at)} ${r.lastSupervision.note}`)),
          ),
        ),
      ),
    );
  }
}
