// 批量回访 (#/visits, the roles that record 回访: 第五条㈥): the 已回复 cases awaiting their
// follow-up visit, oldest reply first, each row with its writers as the case page shows them (every
// person of a case several raised, to reach each), the reply date and the days since, and a compact
// form (满意度, 回访方式, 回访记录). Each row is saved on its own through the case's visit step
// (POST /api/workflow/cases/<id>/visit, record-visit.ts: the same rules as the case page's form),
// one visit per case whoever wrote, naming the published reply the row shows; a refusal
// stays on its row with what was typed, and the other rows are unaffected. 「保存已填写的行」 saves
// the filled rows one after another the same way. A row saved 无法联系 stays open for another try
// (record-visit.ts allows it until 归档); 「仅无法联系」 lists the closed cases still unreached.
// On a phone (console-screens.css) each row is a card with its form across the screen, so 保存 is never
// out of sight in a table scrolled sideways; the cells' classes and data-label place each part.
// While a row is filled (a 满意度 chosen) and not yet saved, a bar after the list (the console's
// selection dock, ../selection-dock.js) follows the window with 已填写 N 行 and 「保存已填写的行」, the
// same action as the button at the top, so rows filled far down need no scrolling back up.
import { api } from '../api.js';
import { badge, clear, fmtTime, h, originalLink, select, setText, toast } from '../dom.js';
import { clearDraft, loadDraft, saveDraft } from '../drafts.js';
import { originLevelNames } from '../event-details.js';
import { visitMethodNames } from '../names.js';
import { selectionDock } from '../selection-dock.js';

const pageSize = 100;
const draftForm = 'visit-batch';
const byId = (list) => Object.fromEntries((list ?? []).map((x) => [x.id, x.name]));

/**
 * 留言人 as the case page shows them: each writer of the case (the first message's first, then the
 * others of a case several people raised, each once as 反映人数 counts them) with the name (or 匿名),
 * source, channel, 转办 number and the original, and 「共 N 人反映」 above them when more than one,
 * so each can be reached. All text, never markup (the names come from the internet).
 */
function writerCell(r, names) {
  const writers = r.writers?.length ? r.writers : [r];
  const entry = (w) => {
    const forwarding = w.forwardNo ? ` · ${originLevelNames[w.originLevel] ?? w.originLevel ?? ''} ${w.forwardNo}`.replace(/ {2,}/g, ' ') : '';
    const channel = w.channel ?? r.channel;
    return h(
      'div',
      { class: 'visit-writer-entry' },
      h('div', { class: 'visit-writer' }, w.author ?? '匿名'),
      h('div', { class: 'muted' }, [w.sourceName ?? '', names.channels[channel] ?? channel].filter(Boolean).join(' · ') + forwarding, ' ', originalLink(w.url)),
    );
  };
  return h(
    'td',
    { class: 'writer-cell' },
    writers.length > 1 ? h('div', { class: 'visit-writers-count' }, `共 ${writers.length} 人反映`) : null,
    ...writers.map(entry),
  );
}

/** 「2026-11-03（12 天前）」 and 「今天」. */
const daysText = (n) => (n === null || n === undefined ? '—' : n === 0 ? '今天' : `${n} 天`);

export async function renderVisits(view, ctx) {
  const q = ctx.query;
  const unreached = q.get('unreached') === 'true';
  const [wf, data] = await Promise.all([api('/api/workflow/meta'), api('/api/workflow/visits/awaiting', { query: { unreached: unreached ? 'true' : undefined, limit: pageSize, offset: Number(q.get('offset') ?? 0) || 0 } })]);
  const names = { channels: byId(ctx.meta?.channels), satisfactions: byId(wf.satisfactions) };
  const satisfactionOptions = [{ id: '', name: '（请选择）' }, ...wf.satisfactions];
  const methodOptions = wf.visitMethods.map((m) => ({ id: m, name: visitMethodNames[m] ?? m }));
  // The count follows the saves: a case visited leaves this list (无法联系 leaves 待回访 for 已回访办结,
  // but stays among those to visit again), though its row stays on the page with what was saved.
  let remaining = data.total;
  const countText = () => (unreached ? `无法联系待再次回访 ${remaining} 件` : `待回访 ${remaining} 件`);
  const summary = h('span', { class: 'muted', id: 'visits-count' }, countText());
  const leaves = (row, value) => {
    if (row.left || (unreached && value === 'unreachable')) return;
    row.left = true;
    remaining = Math.max(0, remaining - 1);
    setText(summary, countText());
  };
  const tbody = h('tbody');
  const rows = [];
  const saveAll = h('button', { type: 'button', class: 'primary', id: 'visits-save-all' }, '保存已填写的行');
  const result = h('div', { id: 'visits-result', 'aria-live': 'polite' });
  // 已填写 N 行 and 保存已填写的行, following the window while a filled row is not yet saved.
  const pending = selectionDock({ id: 'visits-pending', label: '已填写、尚未保存的回访', text: (n) => `已填写 ${n} 行`, none: '没有已填写、尚未保存的行' });
  const dockSave = h('button', { type: 'button', class: 'primary', id: 'visits-pending-save' }, '保存已填写的行');
  pending.add(dockSave);
  const filledRows = () => rows.filter((row) => !row.done && row.satisfaction.value);
  let batching = false;
  const refreshPending = () => {
    if (!batching) pending.count(filledRows().length);
  };
  const toggle = h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'visits-unreached', checked: unreached, onchange: (e) => ctx.navigate(e.target.checked ? '#/visits?unreached=true' : '#/visits') }), '仅无法联系（已回访办结、归档前可再次回访）');

  view.append(
    h('div', { class: 'page-head' }, h('h2', null, '批量回访'), summary),
    h(
      'p',
      { class: 'muted', id: 'visits-note' },
      '「已回复」待回访的案件，按回复时间从早到晚排列。逐件联系群众后，在该行选满意度和回访方式、填写回访记录（不满意的须填写群众意见，案件重新交办原承办单位），点该行的「保存」；也可填好几行后点「保存已填写的行」，逐行保存。某行未能保存的，原因显示在该行，已填写的内容保留，其他行照常保存。选「无法联系」的案件为「已回访办结」，归档前可再次回访。',
    ),
    h('div', { class: 'card batch-bar' }, toggle, ' ', saveAll, result),
    h('table', { class: 'grid', id: 'visit-rows' }, h('thead', null, h('tr', null, ['台账编号', '标题', '留言人', '回复日期', '已过天数', '回访结果', ''].map((t) => h('th', null, t)))), tbody),
  );

  for (const r of data.items) {
    const draft = loadDraft(ctx.user.username, r.caseId, draftForm);
    // The whole row is the draft (满意度 and 回访方式 with the note): a row filled from a call and not
    // yet saved comes back filled, and counted in 已填写 N 行, after a look at the case page or a reload.
    const satisfaction = select('satisfaction', satisfactionOptions, draft.satisfaction ?? '', { 'aria-label': `${r.ledgerNo} 的满意度` });
    const method = select('method', methodOptions, draft.method || (r.lastVisit?.method ?? 'phone'), { 'aria-label': `${r.ledgerNo} 的回访方式` });
    const note = h('input', { type: 'text', name: 'note', maxlength: '2000', value: draft.note ?? '', placeholder: '回访记录（不满意的须填写群众意见）', 'aria-label': `${r.ledgerNo} 的回访记录` });
    // The method alone (preset) is no draft: only a row with a 满意度 or a note is kept.
    const keepDraft = () => saveDraft(ctx.user.username, r.caseId, draftForm, { satisfaction: satisfaction.value, note: note.value, method: satisfaction.value || note.value.trim() ? method.value : '' });
    for (const control of [satisfaction, method, note]) control.addEventListener(control === note ? 'input' : 'change', keepDraft);
    const save = h('button', { type: 'button', class: 'visit-save' }, '保存');
    const status = h('div', { class: 'visit-status', 'aria-live': 'polite' }, r.lastVisit ? h('span', { class: 'muted' }, `上次回访 ${fmtTime(r.lastVisit.visitedAt)} ${r.lastVisit.visitedByName}：${names.satisfactions[r.lastVisit.satisfaction] ?? r.lastVisit.satisfaction}${r.lastVisit.note ? `，${r.lastVisit.note}` : ''}`) : null);
    const tr = h(
      'tr',
      { dataset: { caseId: r.caseId, ledgerNo: r.ledgerNo } },
      h('td', { class: 'no-cell' }, h('a', { href: `#/case/${encodeURIComponent(r.caseId)}` }, r.ledgerNo), r.state === 'closed' ? badge('无法联系', 'warn') : null),
      h('td', { class: 'title-cell' }, r.title),
      writerCell(r, names),
      h('td', { class: 'replied-cell', 'data-label': '回复日期' }, r.repliedOn ?? '—'),
      h('td', { class: 'visit-days', 'data-label': '已过' }, daysText(r.daysSinceReply)),
      h('td', { class: 'visit-form' }, h('div', { class: 'inline' }, satisfaction, method), note),
      h('td', { class: 'visit-actions' }, save, status),
    );
    const row = { r, tr, satisfaction, method, note, save, status, done: false, left: false };
    save.addEventListener('click', () => saveRow(row));
    satisfaction.addEventListener('change', refreshPending);
    rows.push(row);
    tbody.append(tr);
  }
  if (data.items.length === 0) tbody.append(h('tr', null, h('td', { colspan: '7', class: 'empty' }, unreached ? '没有无法联系待再次回访的案件' : '没有待回访的案件')));
  // More than a page: the later replies on the next one (a saved row leaves the list when it is read again).
  const offset = Number(q.get('offset') ?? 0) || 0;
  if (data.total > pageSize || offset > 0) {
    const go = (at) => ctx.navigate(`#/visits?${new window.URLSearchParams({ ...(unreached ? { unreached: 'true' } : {}), ...(at ? { offset: String(at) } : {}) })}`);
    view.append(
      h(
        'div',
        { class: 'pager' },
        offset > 0 ? h('button', { type: 'button', onclick: () => go(Math.max(0, offset - pageSize)) }, '上一页') : null,
        h('span', { class: 'muted' }, `${data.total ? offset + 1 : 0}–${offset + data.items.length} / ${data.total}`),
        offset + pageSize < data.total ? h('button', { type: 'button', onclick: () => go(offset + pageSize) }, '下一页') : null,
      ),
    );
  }

  view.append(pending.live, pending.dock);
  // Rows come back filled from their drafts: the bar counts them as it counts rows filled now.
  if (filledRows().length) refreshPending();

  /** Saves one row; true when recorded. A refusal is shown on the row, its fields kept. */
  async function saveRow(row) {
    if (row.done) return true;
    const value = row.satisfaction.value;
    const text = row.note.value.trim();
    const problem = !value ? '请选择满意度' : value === 'dissatisfied' && !text ? '不满意的回访请填写群众意见' : null;
    row.tr.classList.remove('visit-failed');
    if (problem) return fail(row, problem);
    row.save.disabled = true;
    clear(row.status).append(h('span', { class: 'muted' }, '正在保存…'));
    try {
      const out = await api(`/api/workflow/cases/${encodeURIComponent(row.r.caseId)}/visit`, {
        method: 'POST',
        body: { satisfaction: value, method: row.method.value, note: text || undefined, reportId: row.r.reportId ?? undefined },
      });
      clearDraft(ctx.user.username, row.r.caseId, draftForm);
      const said = `已保存：${names.satisfactions[value] ?? value}（${visitMethodNames[row.method.value] ?? row.method.value}）`;
      const reopened = out.result?.reopened;
      leaves(row, value);
      if (value === 'unreachable') {
        // Closed on 无法联系: the citizen may still be reached before 归档, so the row stays open.
        clear(row.status).append(h('span', { class: 'visit-saved' }, `${said}，已回访办结；归档前可再次回访`));
        row.satisfaction.value = '';
        row.note.value = '';
        row.save.disabled = false;
      } else {
        row.done = true;
        for (const c of [row.satisfaction, row.method, row.note]) c.disabled = true;
        row.tr.classList.add('visit-done');
        clear(row.status).append(h('span', { class: 'visit-saved' }, reopened ? `${said}，已重新交办原承办单位，办理时限 ${reopened.dueDate}` : `${said}，已回访办结`));
      }
      refreshPending();
      return true;
    } catch (error) {
      row.save.disabled = false;
      return fail(row, error.message);
    }
  }

  function fail(row, message) {
    row.tr.classList.add('visit-failed');
    clear(row.status).append(h('span', { class: 'field-error visit-error', role: 'alert' }, `未保存：${message}`));
    return false;
  }

  // The filled rows (a 满意度 chosen), one after another: each answered on its own row. The bar's
  // count is said once, when the batch is done (not once a row); a refused row stays in it, with
  // the summary beside its button.
  async function saveFilled() {
    const filled = filledRows();
    if (filled.length === 0) {
      result.replaceChildren(h('span', { class: 'muted' }, '没有已选满意度、尚未保存的行'));
      return;
    }
    saveAll.disabled = dockSave.disabled = true;
    pending.say();
    batching = true;
    let saved = 0;
    try {
      for (const row of filled) if (await saveRow(row)) saved += 1;
    } finally {
      batching = false;
      saveAll.disabled = dockSave.disabled = false;
      refreshPending();
    }
    const failed = filled.length - saved;
    const summary = `已保存 ${saved} 件${failed ? `，${failed} 件未保存（原因见各行）` : ''}`;
    result.replaceChildren(h('span', { id: 'visits-summary' }, summary));
    if (failed) pending.say(h('span', { class: 'field-error' }, summary));
    toast(failed ? `已保存 ${saved} 件，${failed} 件未保存` : `已保存 ${saved} 件`, failed ? 'error' : 'ok');
  }
  saveAll.addEventListener('click', saveFilled);
  dockSave.addEventListener('click', saveFilled);
}
