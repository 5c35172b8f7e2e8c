// 台账: the ledger with filters kept in the address (#/ledger?state=...), paged by 50.
import { api } from '../api.js';
import { badge, clear, field, h, select, toast, setText } from '../dom.js';
import { dateProblem } from '../form-checks.js';
import { dueNote } from '../due-note.js';
import { archiveBatch, showArchiveResult } from './ledger-archive.js';
import { assignBatch, showAssignResult } from './ledger-assign.js';
import { awaitingProposal, proposeBatch, showRefusedProposals, suggestionCell } from './ledger-propose.js';
import { selectionDock, selectionHint, tickBox } from './ledger-selection.js';

const pageSize = 50;

/** The 承办单位 column: 建议 before 拟办, 拟 before 交办 (with the proposed 协办), then 主办 and 协办 when there are assisting units. */
function unitCell(c) {
  const assists = (names) => (names?.length ? `；协办：${names.join('、')}` : '');
  if (c.proposedUnit) return `拟：${c.proposedUnit}${assists(c.proposedAssistUnits)}`;
  // Never handed to a unit: the classifier's suggestion, said so; a 不予受理 or merged case goes to none.
  if (c.state === 'not_accepted' || c.state === 'merged') return '—';
  if (c.state === 'awaiting_review' || c.state === 'registered') return c.unit ? `建议：${c.unit}` : '—';
  if (!c.assistUnits?.length) return c.unit ?? '—';
  return [`主办：${c.unit ?? '—'}${assists(c.assistUnits)}`, c.myRole === 'assist' ? h('span', { class: 'muted' }, '（本单位协办）') : null];
}

/**
 * A row's tick box (批量同意, 批量拟办, 批量归档: ledger-selection.js tickBox) inside a label: on a
 * phone (console-screens.css) the label is the finger-sized tick area around it. A tap on it ticks the box
 * and does not open the case.
 */
const pickArea = (box) => (box ? h('label', { class: 'pick-area', onclick: (e) => e.stopPropagation() }, box) : null);

/**
 * A click (or Enter) on a row opens its case, unless it was in the row's tick area: a click there
 * ticks, and Enter there goes to the selection bar's buttons.
 */
const opensCase = (e) => !(e.target instanceof window.Element && e.target.closest('.pick-area'));

/**
 * A finger's tap that touched a row's tick area ticks that box, wherever its click lands. Chromium
 * moves a touch with a contact area onto a nearby tap target ("tap adjustment": the card above, the
 * 台账编号 link, a field of the filters), the touch events and the click both, so a tap on the tick
 * area's edge could open the case above. The touch's own point is not moved: a click that follows a
 * touch whose point was in a tick area is turned into a tick of that box. The listeners are on the
 * document (the moved target may be outside the table) and leave once the table is gone.
 */
function keepTapsInTickAreas(table) {
  let touched = null;
  const options = { capture: true, passive: true };
  const stop = () => {
    document.removeEventListener('touchstart', onTouch, options);
    document.removeEventListener('click', onClick, true);
  };
  function onTouch(e) {
    if (!table.isConnected) return stop();
    const point = e.touches.length === 1 ? e.touches[0] : null;
    const area = point ? document.elementFromPoint(point.clientX, point.clientY)?.closest('.pick-area') : null;
    touched = area && table.contains(area) ? { area, at: e.timeStamp } : null;
  }
  function onClick(e) {
    if (!table.isConnected) return stop();
    const t = touched;
    touched = null;
    if (!t || e.timeStamp - t.at > 1500 || (e.target instanceof window.Node && t.area.contains(e.target))) return;
    e.preventDefault();
    e.stopPropagation();
    t.area.control?.click();
  }
  document.addEventListener('touchstart', onTouch, options);
  document.addEventListener('click', onClick, true);
}

export async function renderLedger(view, ctx) {
  const q = ctx.query;
  const meta = ctx.meta;
  const isUnit = ctx.user.role === 'unit';
  const any = { id: '', name: '全部' };
  const form = h(
    'form',
    { class: 'filters card', id: 'ledger-filters', onsubmit: (e) => (e.preventDefault(), apply(0)) },
    field('状态', select('state', [any, ...meta.filterStates], q.get('state'))),
    field('类别', select('category', [any, ...meta.categories.map((c) => ({ id: c, name: c }))], q.get('category'))),
    isUnit ? null : field('承办单位', select('unitId', [any, ...meta.units, ...(meta.retiredUnits ?? []).map((u) => ({ id: u.id, name: `${u.name}（已停用）` }))], q.get('unitId'))),
    field('渠道', select('channel', [any, ...meta.channels], q.get('channel'))),
    field('时限自', h('input', { type: 'date', name: 'dueFrom', value: q.get('dueFrom') ?? '' })),
    field('时限至', h('input', { type: 'date', name: 'dueTo', value: q.get('dueTo') ?? '' })),
    // 卷内目录: the cases 归档 filed in one volume (2026-投诉, 2026-不予受理).
    isUnit ? null : field('归档卷', h('input', { type: 'text', name: 'archiveVolume', placeholder: '如 2026-投诉', size: 12, value: q.get('archiveVolume') ?? '' })),
    ctx.user.role === 'admin' ? null : h('label', { class: 'check', title: '等待您这一角色办理下一步的案件' }, h('input', { type: 'checkbox', name: 'todo', value: 'true', checked: q.get('todo') === 'true' }), '待我办理'),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'overdue', value: 'true', checked: q.get('overdue') === 'true' }), '仅逾期'),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'escalated', value: 'true', checked: q.get('escalated') === 'true' }), '仅专项督查'),
    // 集中回访复核: the closed cases whose citizen was not reached, to try again before 归档.
    isUnit ? null : h('label', { class: 'check', title: '已回访办结、最后一次回访为「无法联系」的案件，归档前可再次回访' }, h('input', { type: 'checkbox', name: 'unreached', value: 'true', checked: q.get('unreached') === 'true' }), '仅无法联系'),
    field('搜索', h('input', { type: 'search', name: 'q', placeholder: '台账编号、标题、留言内容或留言人', value: q.get('q') ?? '' })),
    q.get('hotIssue') ? h('input', { type: 'hidden', name: 'hotIssue', value: q.get('hotIssue') }) : null,
    h('div', { class: 'filter-buttons' }, h('button', { type: 'submit', class: 'primary' }, '筛选'), h('button', { type: 'button', onclick: () => ctx.navigate('#/ledger') }, '清除')),
  );
  const summary = h('span', { class: 'muted', id: 'ledger-count' });
  const hotCaption = h('div', { id: 'ledger-hot-issue' });
  const tbody = h('tbody');
  const pager = h('div', { class: 'pager' });
  // 批量同意 (leader): agree to the ticked proposals as the list shows them (拟：unit); each is
  // checked as a single decision is, and one changed meanwhile is refused with its reason.
  const ticked = new Map();
  // 已选 N 件 and the batch's buttons, following the window while a case is ticked (ledger-selection.js).
  const selection = selectionDock({
    onClear: () => {
      const boxes = [...tbody.querySelectorAll('.pick-area input:checked')];
      for (const box of boxes) {
        box.checked = false;
        box.dispatchEvent(new window.Event('change', { bubbles: true }));
      }
      boxes.at(-1)?.focus();
    },
  });
  const batchButton = h('button', { type: 'button', class: 'primary', id: 'ledger-approve', disabled: true }, '同意所选拟办意见');
  const batchResult = h('div', { id: 'ledger-approve-result', class: 'muted' });
  const batchBar = h('div', { class: 'card batch-bar', id: 'ledger-batch', hidden: true }, '勾选「已拟办待领导审批」的案件，核对「拟：承办单位」后批量同意；需退回的请进入案件填写理由。', selectionHint(), batchResult);
  const refreshBatch = () => {
    batchButton.disabled = ticked.size === 0;
    setText(batchButton, ticked.size ? `同意所选拟办意见（${ticked.size} 件）` : '同意所选拟办意见');
    selection.count(ticked.size);
  };
  batchButton.addEventListener('click', async () => {
    batchButton.disabled = true;
    try {
      const items = [...ticked.values()].map((c) => ({ caseId: c.id, proposalId: c.pendingProposalId }));
      const out = await api('/api/workflow/proposals/approve', { method: 'POST', body: { items } });
      const refused = out.outcomes.filter((o) => !o.ok);
      toast(refused.length ? `已同意 ${out.approved} 件，${refused.length} 件未同意` : `已同意 ${out.approved} 件`, refused.length ? 'error' : 'ok');
      await renderLedger(clear(view), ctx);
      if (refused.length) {
        const shown = view.querySelector('#ledger-approve-result');
        shown?.replaceChildren(h('ul', null, refused.map((o) => h('li', null, o.message))));
      }
    } catch (error) {
      selection.say(h('p', { class: 'error-box', role: 'alert' }, `批量同意失败：${error.message}`));
      refreshBatch();
    }
  });
  // 批量拟办 and 批量交办 (office): see ledger-propose.js and ledger-assign.js. Both share the
  // selection bar, whose count is every case ticked (a batch's button sends only its own).
  const isOffice = ctx.user.role === 'gov_office';
  const officeSelection = { ...selection, count: () => selection.count(tbody.querySelectorAll('.pick-area input:checked').length) };
  const proposing = isOffice
    ? proposeBatch(ctx, {
        selection: officeSelection,
        onDone: async (refused, warned) => {
          await renderLedger(clear(view), ctx);
          if (refused.length || warned.length) showRefusedProposals(view, refused, warned);
        },
      })
    : null;
  const assigning = isOffice
    ? assignBatch({
        selection: officeSelection,
        onDone: async (out) => {
          await renderLedger(clear(view), ctx);
          showAssignResult(view, out);
        },
      })
    : null;
  // 批量归档 (督查室): see ledger-archive.js.
  const archiving =
    ctx.user.role === 'supervision'
      ? archiveBatch({
          selection,
          onDone: async (out) => {
            await renderLedger(clear(view), ctx);
            showArchiveResult(view, out);
          },
        })
      : null;
  if (ctx.user.role === 'leader') selection.add(batchButton);
  const table = h('table', { class: 'grid', id: 'ledger' }, h('thead', null, h('tr', null, ['台账编号', '标题', '类别', '渠道', '状态', '承办单位', '办理时限', '反映人数'].map((t) => h('th', null, t)))), tbody);
  keepTapsInTickAreas(table);
  view.append(
    h('div', { class: 'page-head' }, h('h2', null, isUnit ? `本单位台账（${ctx.user.unit ?? ''}）` : '台账'), summary),
    form,
    hotCaption,
    batchBar,
    // (the native append() would print a missing bar as the text "undefined" for every other role)
    ...(proposing ? [proposing.bar] : []),
    ...(assigning ? [assigning.bar] : []),
    ...(archiving ? [archiving.bar] : []),
    // On a phone (console-screens.css) each row is shown as a card of its own; the cells' classes and
    // data-label say which part of the card each one is.
    table,
    pager,
    selection.live,
    selection.dock,
  );

  function apply(offset) {
    const data = new FormData(form);
    const params = new window.URLSearchParams();
    for (const [k, v] of data.entries()) if (String(v).trim()) params.set(k, String(v).trim());
    if (offset) params.set('offset', String(offset));
    ctx.navigate(`#/ledger?${params}`);
  }

  // A date in the address that is no date (#/ledger?dueFrom=2026-13-01) is said so, not queried as 0 cases.
  const badDates = [['dueFrom', '时限自'], ['dueTo', '时限至']].map(([k, label]) => (q.get(k) ? dateProblem(q.get(k), label) : null)).filter(Boolean);
  // A reversed range matches nothing: say so instead of "共 0 件".
  if (badDates.length === 0 && q.get('dueFrom') && q.get('dueTo') && q.get('dueFrom') > q.get('dueTo')) badDates.push(`时限至 ${q.get('dueTo')} 早于时限自 ${q.get('dueFrom')}`);
  if (badDates.length) {
    setText(summary, '');
    view.insertBefore(h('div', { class: 'error-box', id: 'ledger-error', role: 'alert' }, `筛选条件有误：${badDates.join('；')}。请修改日期后重新筛选。`), hotCaption);
    tbody.append(h('tr', null, h('td', { colspan: '8', class: 'empty' }, '筛选条件有误，未查询')));
    return;
  }
  const offset = Number(q.get('offset') ?? 0) || 0;
  const query = Object.fromEntries(q.entries());
  const data = await api('/api/console/ledger', { query: { ...query, limit: pageSize, offset } });
  setText(summary, `共 ${data.total} 件 · 今天 ${data.today}`);
  // 卷内目录 (督查室, admin): the catalogue of the volume the ledger is filtered by, to print or keep.
  const volume = (q.get('archiveVolume') ?? '').trim();
  if (['supervision', 'admin'].includes(ctx.user.role) && /^\d{4}-\S+$/u.test(volume) && data.total > 0) {
    const v = encodeURIComponent(volume);
    hotCaption.append(
      h(
        'p',
        { class: 'card notice', id: 'ledger-catalogue' },
        `归档卷 ${volume} 的卷内目录（${data.total} 件）：`,
        h('a', { class: 'button', id: 'ledger-catalogue-html', href: `/api/workflow/archive-catalogue.html?volume=${v}`, target: '_blank', rel: 'noopener' }, '打印卷内目录（HTML）'),
        ' ',
        h('a', { class: 'button', id: 'ledger-catalogue-xlsx', href: `/api/workflow/archive-catalogue.xlsx?volume=${v}` }, '下载卷内目录（XLSX）'),
      ),
    );
  }
  if (data.hotIssue) {
    const rest = new window.URLSearchParams(q);
    rest.delete('hotIssue');
    rest.delete('offset');
    hotCaption.append(h('p', { class: 'card notice' }, '热点问题：', h('strong', null, data.hotIssue.label ?? data.hotIssue.key), ' 的案件 ', h('a', { href: `#/ledger?${rest}` }, '取消此筛选')));
  }
  clear(tbody);
  for (const c of data.items) {
    tbody.append(
      h(
        'tr',
        { class: [c.overdue && 'overdue'], dataset: { caseId: c.id }, tabindex: '0', onclick: (e) => opensCase(e) && ctx.navigate(`#/case/${c.id}`), onkeydown: (e) => e.key === 'Enter' && (opensCase(e) ? ctx.navigate(`#/case/${c.id}`) : (e.preventDefault(), selection.focus())) },
        h(
          'td',
          { class: 'no-cell' },
          pickArea(
            ctx.user.role === 'leader' && c.pendingProposalId
              ? tickBox(c, { kind: 'approve', title: '选中以批量同意拟办意见', action: '批量同意', ticked, changed: refreshBatch })
              : (proposing?.pick(c) ?? assigning?.pick(c) ?? archiving?.pick(c)),
          ),
          h('a', { href: `#/case/${c.id}` }, c.ledgerNo),
        ),
        h('td', { class: 'title-cell' }, c.title, c.escalated ? badge('专项督查', 'warn') : null, c.leaderMarked ? badge('领导批示', 'info') : null),
        h('td', { class: 'cat-cell' }, c.category, c.categoryConfirmed ? null : h('small', { class: 'muted' }, '（待确认）')),
        h('td', { class: 'channel-cell' }, c.channelName),
        // 退回重办: a report sent back to be redone, told apart from work never reported on.
        h('td', { class: 'state-cell' }, c.stateName, c.redo ? badge('退回重办', 'warn') : null, c.unreached ? badge('无法联系', 'muted') : null),
        // Before 交办: the unit proposed (拟), not the classifier's suggestion.
        // Awaiting the office's 拟办: the suggestion 按建议单位拟办 would propose, and the complexity;
        // after 交办 with assisting units: 主办 and 协办 (a unit's own part marked).
        h('td', { class: 'unit-cell', 'data-label': '承办单位' }, isOffice && awaitingProposal(c) ? suggestionCell(c) : unitCell(c)),
        h('td', { class: 'due-cell', 'data-label': '办理时限' }, c.dueDate ?? '—', dueNote(c)),
        h('td', { class: 'num', 'data-label': '反映人数' }, String(c.reporterCount)),
      ),
    );
  }
  batchBar.hidden = !(ctx.user.role === 'leader' && data.items.some((c) => c.pendingProposalId));
  proposing?.show(data.items);
  assigning?.show(data.items);
  archiving?.show(data.items, data.today);
  if (data.items.length === 0) tbody.append(h('tr', null, h('td', { colspan: '8', class: 'empty' }, '没有符合条件的案件')));
  clear(pager);
  if (offset > 0) pager.append(h('button', { type: 'button', onclick: () => apply(Math.max(0, offset - pageSize)) }, '上一页'));
  pager.append(h('span', { class: 'muted' }, `${data.total ? offset + 1 : 0}–${offset + data.items.length} / ${data.total}`));
  if (offset + pageSize < data.total) pager.append(h('button', { type: 'button', onclick: () => apply(offset + pageSize) }, '下一页'));
}
