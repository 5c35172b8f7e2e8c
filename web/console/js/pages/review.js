// 分类审核: the review queue. Keys: j/k or ↓/↑ move, 1–5 choose the category, c complexity,
// u urgency, Enter accept (on the page or the list: Enter on a focused button or link does that
// control's own action), x not accepted, b batch accept, m merge into another case (a missed
// duplicate; a likely original is suggested when there is one).
import { api } from '../api.js';
import { clearDraft, loadDraft, saveDraft } from '../drafts.js';
import { badge, clear, fmtTime, h, highlight, originalLink, pct, toast, setText } from '../dom.js';
import { mergeForm } from './case-dedup.js';
import { rejectForm } from './review-reject-form.js';
import { complexityNames, urgencyNames } from '../names.js';
import { copiesPanel, likelyCopyNotice, outOfScopeWords, repeatsAnsweredNotice, suggestionPanel } from './review-suggestion.js';
import { acceptBatch, batchPanel, thresholdRange } from './review-batch.js';
import { clearFieldErrors, reportProblems } from '../form-checks.js';
import { unclearExcludedLink } from '../unclear-excluded.js';

/** Elements that act on Enter themselves; Enter on the page or the list is 确认登记. */
const focusedControls = 'a[href], button, input, select, textarea, summary, [contenteditable]:not([contenteditable="false"]), [role="button"], [role="link"], [role="checkbox"], [role="radio"]';


/** Cases the page lists, oldest first (the API's ceiling is 200). */
const queueLimit = 100;

/** True when two lists of queue items hold the same cases in the same order. */
const sameCases = (a, b) => a.length === b.length && a.every((x, i) => x.caseId === b[i].caseId);

export async function renderReview(view, ctx) {
  const { categories, outOfScopeReasons } = ctx.meta;
  const canAct = ['egov_centre', 'supervision'].includes(ctx.user.role);
  let items = [];
  let total = 0;
  let index = 0;
  let choice = null; // { category, complexity, urgency } for the selected item
  let note = ''; // 说明 typed for the selected item (required when its 疑似不予受理 flag is overridden)
  // The 说明 is the case's draft in this tab (drafts.js, under the case page's 登记 form, whose field
  // it is): a look at another letter, or a reload, does not lose a reason half written.
  const noteDraft = (it) => loadDraft(ctx.user.username, it.caseId, 'register').note ?? '';
  const keepNote = (it, text) => saveDraft(ctx.user.username, it.caseId, 'register', { note: text });
  let busy = false;
  let dialog = null; // 'reject' | 'batch' | 'merge'

  const list = h('ol', { class: 'queue', id: 'queue', 'aria-label': '待审核留言' });
  const detail = h('section', { class: 'review-detail card', id: 'review-detail' });
  const counter = h('span', { class: 'muted', id: 'queue-count' });
  // 属地不明 letters the centre should look at, beside its queue's count (filled without holding the queue up).
  const unclearSlot = h('span', { class: 'unclear-slot' });
  unclearExcludedLink(ctx.user.role).then((link) => link && unclearSlot.append(link), () => undefined);
  const threshold = h('input', { type: 'number', id: 'batch-threshold', min: String(thresholdRange.min), max: String(thresholdRange.max), step: '0.05', value: '0.9', class: 'narrow', oninput: () => (clearFieldErrors(thresholdBox), dialog === 'batch' && drawDetail()) });
  const thresholdBox = h('label', { class: 'inline threshold' }, '置信度 ≥ ', threshold);
  /** The threshold as a number, or null (with the reason shown beside the box) when out of range. */
  const thresholdValue = () => {
    const t = Number(threshold.value);
    const ok = threshold.value.trim() !== '' && Number.isFinite(t) && t >= thresholdRange.min && t <= thresholdRange.max;
    reportProblems(thresholdBox, ok ? [] : [[threshold, `置信度应在 ${thresholdRange.min} 到 ${thresholdRange.max} 之间，例如 0.9`]]);
    return ok ? t : null;
  };
  const batchButton = h('button', { type: 'button', id: 'batch-open', onclick: () => openBatch() }, h('kbd', null, 'b'), '批量确认高置信度建议');
  // A role that may only look (区政府办, 领导, 管理员: register, 不予受理, merge and batch accept are the
  // centre's and 督查室's, workflow/cases/state-machine.ts) is shown moving through the queue, nothing more.
  const keys = canAct ? [['j/k', '上下移动'], ['1–5', '选择类别'], ['c', '复杂程度'], ['u', '紧急程度'], ['Enter', '确认登记'], ['x', '不予受理'], ['m', '并入其他案件'], ['b', '批量确认']] : [['j/k', '上下移动']];
  view.append(
    h('div', { class: 'page-head' }, h('h2', null, '分类审核'), counter, unclearSlot, h('div', { class: 'spacer' }), ['egov_centre', 'admin'].includes(ctx.user.role) ? h('a', { href: '#/enter', id: 'entry-link', class: 'button' }, '录入留言') : null, canAct ? [thresholdBox, batchButton] : null),
    h('p', { class: 'keys muted' }, '快捷键：', ...keys.map(([k, t]) => h('span', null, h('kbd', null, k), t))),
    h('div', { class: 'review-layout' }, list, detail),
  );

  async function load() {
    const data = await api('/api/console/review', { query: { limit: queueLimit } });
    items = data.items;
    total = data.total;
    index = Math.min(index, Math.max(items.length - 1, 0));
    select(index);
  }

  const current = () => items[index];

  function select(i) {
    index = Math.max(0, Math.min(i, items.length - 1));
    const it = current();
    choice = it ? { category: it.category, complexity: it.complexity, urgency: it.urgency } : null;
    note = it ? noteDraft(it) : '';
    dialog = null;
    drawList();
    drawDetail();
  }

  function drawList() {
    setText(counter, `待审核 ${total} 条`);
    clear(list);
    items.forEach((it, i) => {
      const s = it.suggestion;
      list.append(
        h(
          'li',
          { class: ['queue-item', i === index && 'selected', s?.outOfScope.flagged && 'flagged'], dataset: { caseId: it.caseId }, onclick: () => select(i) },
          h('div', { class: 'qi-title' }, it.message.title),
          h('div', { class: 'qi-meta' }, badge(it.category, 'cat'), h('span', { class: 'conf' }, pct(s?.confidence)), s?.outOfScope.flagged ? badge('疑似不予受理', 'warn') : null, it.copies.length ? badge(`重复 ${it.copies.length} 条`, 'info') : null, it.reporterCount > 1 ? badge(`${it.reporterCount} 人反映`, 'info') : null, it.likelyCopyOf ? badge('疑似重复', 'warn') : null, h('span', { class: 'muted' }, it.ledgerNo)),
        ),
      );
    });
    list.querySelector('.selected')?.scrollIntoView({ block: 'nearest' });
    if (items.length === 0) list.append(h('li', { class: 'empty' }, '没有待审核的留言'));
    // The page holds the oldest `queueLimit`: say so at the end, or the count above reads as cases gone missing.
    else if (total > items.length) list.append(h('li', { class: 'empty', id: 'queue-more' }, `以上是最早的 ${items.length} 条，另有 ${total - items.length} 条较新的留言，审核后依次列出`));
  }

  function drawDetail() {
    clear(detail);
    const it = current();
    if (!it) {
      detail.append(h('p', { class: 'muted' }, '队列已清空。新留言采集后会出现在这里。'));
      return;
    }
    const s = it.suggestion;
    const m = it.message;
    const words = [...(s?.explanation ?? []), ...outOfScopeWords(s?.outOfScope.reasons.flatMap((r) => r.evidence) ?? [])];
    detail.append(
      h('div', { class: 'detail-head' }, h('span', { class: 'muted' }, it.ledgerNo), h('h3', { id: 'review-title' }, highlight(m.title, words, m.titleSimplified ?? m.title))),
      h('div', { class: 'meta' }, m.channelName, ' · ', m.source, ' · ', m.author ?? '匿名', ' · ', fmtTime(m.postedAt), originalLink(m.url)),
      h('div', { class: 'message-text', id: 'review-content' }, highlight(m.content, words, m.contentSimplified ?? m.content)),
    );
    detail.append(suggestionPanel(it));
    const copies = copiesPanel(it);
    if (copies) detail.append(copies);
    const repeats = repeatsAnsweredNotice(it);
    if (repeats) detail.append(repeats);
    const likely = likelyCopyNotice(it, canAct && dialog !== 'merge' ? () => openMerge() : null);
    if (likely) detail.append(likely);
    if (!canAct) {
      detail.append(h('p', { class: 'muted' }, '您的角色只能查看，分类登记由区电子政务管理中心或督查室办理。'));
      return;
    }
    detail.append(dialog === 'reject' ? rejectForm(it, outOfScopeReasons, { act, cancel: () => ((dialog = null), drawDetail()), user: ctx.user.username }) : dialog === 'batch' ? batchPanelFor() : dialog === 'merge' ? mergePanel(it) : actionBar(it));
  }

  function actionBar(it) {
    const catButtons = categories.map((c, i) =>
      h('button', { type: 'button', class: ['cat-choice', choice.category === c && 'chosen', it.suggestion?.category === c && 'suggested'], 'aria-pressed': String(choice.category === c), onclick: () => choose({ category: c }) }, h('kbd', null, String(i + 1)), c),
    );
    const changed = ['category', 'complexity', 'urgency'].filter((k) => choice[k] !== it[k]);
    // Registering a case flagged 疑似不予受理 overrides the flag: the server asks why (registerCase).
    // Enter in the box registers, as Enter on the page does.
    const noteBox = it.outOfScope
      ? h(
          'label',
          { class: 'field override-note' },
          h('span', null, '说明（分类器提示疑似不予受理，登记须写明受理理由）'),
          h('input', { id: 'register-note', maxlength: '2000', value: note, oninput: (e) => ((note = e.target.value), keepNote(it, note)), onkeydown: (e) => e.key === 'Enter' && (e.preventDefault(), accept()) }),
        )
      : null;
    return h(
      'div',
      { class: 'actions', id: 'review-actions' },
      h('div', { class: 'cat-row' }, catButtons),
      noteBox,
      h(
        'div',
        { class: 'cat-row' },
        h('button', { type: 'button', onclick: () => choose({ complexity: choice.complexity === 'simple' ? 'complex' : 'simple' }) }, h('kbd', null, 'c'), complexityNames[choice.complexity]),
        h('button', { type: 'button', onclick: () => choose({ urgency: choice.urgency === 'normal' ? 'urgent' : 'normal' }) }, h('kbd', null, 'u'), urgencyNames[choice.urgency]),
      ),
      h(
        'div',
        { class: 'cat-row' },
        h('button', { type: 'button', class: 'primary', id: 'accept', onclick: accept }, h('kbd', null, 'Enter'), changed.length ? `更正并登记（${changed.length} 项更正）` : '确认建议并登记'),
        h('button', { type: 'button', class: 'danger', id: 'reject-open', onclick: () => openReject() }, h('kbd', null, 'x'), '不予受理…'),
      ),
    );
  }

  function openMerge() {
    dialog = 'merge';
    drawDetail();
  }

  /** Merge the selected case into the case it copies; on success it leaves the queue. */
  function mergePanel(it) {
    const form = mergeForm(
      { id: it.caseId, ledgerNo: it.ledgerNo, state: 'awaiting_review' },
      {
        suggested: it.likelyCopyOf,
        ctxMeta: ctx.meta,
        username: ctx.user.username,
        done: () => {
          items.splice(index, 1);
          total -= 1;
          select(index);
        },
      },
    );
    setTimeout(() => form.querySelector(it.likelyCopyOf ? '.merge-note' : '.merge-ledger-no')?.focus(), 0);
    return h(
      'div',
      { class: 'actions merge', id: 'merge-panel' },
      h('h4', null, '作为重复留言并入其他案件'),
      form,
      h('div', { class: 'cat-row' }, h('button', { type: 'button', onclick: () => ((dialog = null), drawDetail()) }, h('kbd', null, 'Esc'), '取消')),
    );
  }

  function openReject() {
    dialog = 'reject';
    drawDetail();
  }

  function choose(patch) {
    Object.assign(choice, patch);
    drawDetail();
  }

  async function act(fn, done) {
    if (busy) return;
    busy = true;
    try {
      const message = await fn();
      toast(message);
      items.splice(index, 1);
      total -= 1;
      select(index);
      done?.();
    } catch (error) {
      toast(error.message, 'error');
      // 409: the case moved on (a colleague decided it first): the queue is read again, so the
      // case leaves it instead of staying to be refused at every try.
      if (error.status === 409) await load().catch(() => {});
    } finally {
      busy = false;
    }
  }

  function accept() {
    const it = current();
    if (!it) return;
    const text = note.trim();
    const box = detail.querySelector('#register-note');
    // Refused beside the box the cursor moves to, saying the case was not registered (a clerk
    // working the queue by Enter expects it to move on) and both ways on; role=alert reads it out.
    if (it.outOfScope && box && !reportProblems(box.closest('.field'), text ? [] : [[box, '未登记：该留言疑似不予受理，登记须先在说明中写明受理理由；如确属不予受理，请选「不予受理…」']])) return;
    act(async () => {
      const { result } = await api(`/api/workflow/cases/${it.caseId}/register`, { method: 'POST', body: { category: choice.category, complexity: choice.complexity, urgency: choice.urgency, suggestionKey: it.suggestionKey, ...(text ? { note: text } : {}) } });
      clearDraft(ctx.user.username, it.caseId, 'register');
      return `已登记 ${it.ledgerNo}（${choice.category}）${result.corrected.length ? `，已记录更正 ${result.corrected.length} 项` : ''}`;
    });
  }

  function openBatch() {
    if (!canAct || thresholdValue() === null) return;
    dialog = 'batch';
    drawDetail();
  }

  function batchPanelFor() {
    return batchPanel(items, thresholdValue(), { confirm: runBatch, cancel: () => ((dialog = null), drawDetail()) });
  }

  async function runBatch() {
    const t = thresholdValue();
    if (busy || t === null) return;
    busy = true;
    try {
      await acceptBatch(items, t);
      dialog = null;
      await load();
    } catch (error) {
      toast(error.message, 'error');
    } finally {
      busy = false;
    }
  }

  function onKey(event) {
    if (!view.isConnected) return; // a newer page replaced this one
    const tag = event.target?.tagName;
    const typing = tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
    if (event.key === 'Escape' && dialog) {
      dialog = null;
      drawDetail();
      return;
    }
    if (dialog === 'reject' && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      document.getElementById('reject-form')?.requestSubmit();
      return;
    }
    // Enter on a focused control (button, link, …) is that control's own action, never 确认登记:
    // a keyboard user who tabbed to 「不予受理…」 or a category must not register the case instead.
    if (event.key === 'Enter' && event.target?.closest?.(focusedControls)) return;
    if (typing || event.ctrlKey || event.metaKey || event.altKey || dialog) return;
    const key = event.key;
    if (key === 'j' || key === 'ArrowDown') select(index + 1);
    else if (key === 'k' || key === 'ArrowUp') select(index - 1);
    else if (!canAct || !current()) return;
    else if (/^[1-5]$/.test(key)) choose({ category: categories[Number(key) - 1] });
    else if (key === 'c') choose({ complexity: choice.complexity === 'simple' ? 'complex' : 'simple' });
    else if (key === 'u') choose({ urgency: choice.urgency === 'normal' ? 'urgent' : 'normal' });
    else if (key === 'Enter') accept();
    else if (key === 'x') openReject();
    else if (key === 'm') openMerge();
    else if (key === 'b') openBatch();
    else return;
    event.preventDefault();
  }

  document.addEventListener('keydown', onKey);
  await load();
  const timer = setInterval(async () => {
    if (busy || dialog) return;
    const keep = current()?.caseId;
    try {
      const data = await api('/api/console/review', { query: { limit: queueLimit } });
      // Compared by case, not by count: a case a colleague decided and a new arrival in the same
      // interval leave the count as it was.
      if (data.total === total && sameCases(data.items, items)) return;
      items = data.items;
      total = data.total;
      const i = items.findIndex((x) => x.caseId === keep);
      if (i >= 0) {
        index = i;
        drawList();
      } else select(index);
    } catch {
      // next tick
    }
  }, 10_000);
  return () => {
    document.removeEventListener('keydown', onKey);
    clearInterval(timer);
  };
}
