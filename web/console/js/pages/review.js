// 分类审核: the review queue. Keys: j/k or ↓/↑ move, 1–5 choose the category, c complexity,
// u urgency, Enter accept (on the page or the list: Enter on a focused button or link does that
// control's own action), x not accepted, b batch accept, m merge into another case (a missed
// duplicate; a likely original is suggested when there is one).
import { api } from '../api.js';
import { badge, clear, fmtTime, h, highlight, pct, toast } from '../dom.js';
import { mergeForm } from './case-dedup.js';
import { rejectForm } from './review-reject-form.js';
import { complexityNames, urgencyNames } from '../names.js';
import { clearFieldErrors, reportProblems } from '../form-checks.js';

const likelyReasonNames = { same_title: '标题相同', similar_text: '同一热点且内容相近' };
/** The batch threshold the API accepts (web/api/console-routes.ts, batch-accept). */
const thresholdRange = { min: 0.5, max: 1 };
/** Elements that act on Enter themselves; Enter on the page or the list is 确认登记. */
const focusedControls = 'a[href], button, input, select, textarea, summary, [contenteditable]:not([contenteditable="false"]), [role="button"], [role="link"], [role="checkbox"], [role="radio"]';


export async function renderReview(view, ctx) {
  const { categories, outOfScopeReasons } = ctx.meta;
  const canAct = ['egov_centre', 'supervision'].includes(ctx.user.role);
  let items = [];
  let total = 0;
  let index = 0;
  let choice = null; // { category, complexity, urgency } for the selected item
  let busy = false;
  let dialog = null; // 'reject' | 'batch' | 'merge'

  const list = h('ol', { class: 'queue', id: 'queue', 'aria-label': '待审核留言' });
  const detail = h('section', { class: 'review-detail card', id: 'review-detail' });
  const counter = h('span', { class: 'muted', id: 'queue-count' });
  const threshold = h('input', { type: 'number', id: 'batch-threshold', min: String(thresholdRange.min), max: String(thresholdRange.max), step: '0.05', value: '0.9', class: 'narrow', oninput: () => (clearFieldErrors(thresholdBox), dialog === 'batch' && drawDetail()) });
  const thresholdBox = h('label', { class: 'inline threshold' }, '置信度 ≥ ', threshold);
  /** The threshold as a number, or null (with the reason shown beside the box) when out of range. */
  const thresholdValue = () => {
    const t = Number(threshold.value);
    const ok = threshold.value.trim() !== '' && Number.isFinite(t) && t >= thresholdRange.min && t <= thresholdRange.max;
    reportProblems(thresholdBox, ok ? [] : [[threshold, `置信度应在 ${thresholdRange.min} 到 ${thresholdRange.max} 之间，例如 0.9`]]);
    return ok ? t : null;
  };
  const batchButton = h('button', { type: 'button', id: 'batch-open', disabled: !canAct, onclick: () => openBatch() }, '批量确认高置信度建议 (b)');
  view.append(
    h('div', { class: 'page-head' }, h('h2', null, '分类审核'), counter, h('div', { class: 'spacer' }), thresholdBox, batchButton),
    h('p', { class: 'keys muted' }, '快捷键：', ...[['j/k', '上下移动'], ['1–5', '选择类别'], ['c', '复杂程度'], ['u', '紧急程度'], ['Enter', '确认登记'], ['x', '不予受理'], ['m', '并入其他案件'], ['b', '批量确认']].map(([k, t]) => h('span', null, h('kbd', null, k), t))),
    h('div', { class: 'review-layout' }, list, detail),
  );

  async function load() {
    const data = await api('/api/console/review', { query: { limit: 100 } });
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
    dialog = null;
    drawList();
    drawDetail();
  }

  function drawList() {
    counter.textContent = `待审核 ${total} 条`;
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
  }

  function suggestionRow(label, value, conf, evidence) {
    return h('div', { class: 'sg-row' }, h('span', { class: 'sg-label' }, label), h('strong', null, value ?? '—'), conf !== null && conf !== undefined ? h('span', { class: 'conf' }, pct(conf)) : null, evidence?.length ? h('span', { class: 'evidence' }, '依据：', evidence.join('、')) : null);
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
    const words = [...(s?.explanation ?? []), ...(s?.outOfScope.reasons.flatMap((r) => r.evidence) ?? [])];
    detail.append(
      h('div', { class: 'detail-head' }, h('span', { class: 'muted' }, it.ledgerNo), h('h3', { id: 'review-title' }, m.title)),
      h('div', { class: 'meta' }, m.channelName, ' · ', m.source, ' · ', m.author ?? '匿名', ' · ', fmtTime(m.postedAt), m.url ? h('a', { href: m.url, target: '_blank', rel: 'noopener noreferrer' }, '原文') : null),
      h('div', { class: 'message-text', id: 'review-content' }, highlight(m.content, words)),
    );
    const probs = Object.entries(s?.probabilities ?? {}).sort((a, b) => b[1] - a[1]);
    detail.append(
      h(
        'div',
        { class: 'suggestion' },
        h('h4', null, '分类建议', s?.modelVersion ? h('small', { class: 'muted' }, ` 模型 ${s.modelVersion}`) : null),
        suggestionRow('类别', s?.category, s?.confidence),
        probs.length ? h('div', { class: 'probs' }, probs.map(([c, p]) => h('span', { class: 'prob' }, `${c} ${pct(p)}`))) : null,
        s?.explanation?.length ? h('div', { class: 'sg-row' }, h('span', { class: 'sg-label' }, '关键词'), h('span', { class: 'chips' }, s.explanation.map((w) => h('span', { class: 'chip' }, w)))) : null,
        suggestionRow('复杂程度', complexityNames[s?.complexity.value] ?? s?.complexity.value, s?.complexity.confidence, s?.complexity.evidence),
        suggestionRow('紧急程度', urgencyNames[s?.urgency.value] ?? s?.urgency.value, s?.urgency.confidence, s?.urgency.evidence),
        suggestionRow('承办单位', s?.unit.value ?? it.unit ?? '未能判断', s?.unit.confidence, s?.unit.evidence),
        s?.outOfScope.flagged || s?.outOfScope.reasons.length
          ? h('div', { class: 'oos' }, h('strong', null, s.outOfScope.flagged ? '⚠ 疑似不予受理' : '不予受理提示'), h('ul', null, s.outOfScope.reasons.map((r) => h('li', null, r.name, r.confidence !== null ? `（${pct(r.confidence)}）` : '', r.evidence.length ? `：${r.evidence.join('、')}` : ''))))
          : null,
      ),
    );
    if (it.copies.length || it.related.length) {
      detail.append(
        h(
          'div',
          { class: 'copies' },
          it.copies.length ? h('h4', null, `重复留言 ${it.copies.length} 条`) : null,
          it.copies.length ? h('ul', null, it.copies.map((c) => h('li', null, c.title, h('span', { class: 'muted' }, ` ${c.source} · 相似度 ${pct(c.similarity)}`)))) : null,
          it.related.length ? h('div', null, h('h4', null, '同一热点的其他案件'), h('ul', null, it.related.map((r) => h('li', null, h('a', { href: `#/case/${r.caseId}` }, r.ledgerNo), ' ', r.title)))) : null,
        ),
      );
    }
    if (it.likelyCopyOf) {
      const o = it.likelyCopyOf;
      detail.append(
        h(
          'div',
          { class: 'likely-copy', id: 'likely-copy' },
          h('strong', null, '⚠ 疑似重复留言'),
          h('span', null, '：可能与 ', h('a', { href: `#/case/${encodeURIComponent(o.caseId)}` }, o.ledgerNo), ` “${o.title}” 反映同一问题（${likelyReasonNames[o.reason] ?? o.reason}${o.similarity !== null ? `，相似度 ${pct(o.similarity)}` : ''}）`),
          canAct && dialog !== 'merge' ? h('button', { type: 'button', id: 'merge-open', onclick: () => openMerge() }, h('kbd', null, 'm'), '并入该案件…') : null,
        ),
      );
    }
    if (!canAct) {
      detail.append(h('p', { class: 'muted' }, '您的角色只能查看，分类登记由区电子政务管理中心或督查室办理。'));
      return;
    }
    detail.append(dialog === 'reject' ? rejectForm(it, outOfScopeReasons, { act, cancel: () => ((dialog = null), drawDetail()) }) : dialog === 'batch' ? batchPanel() : dialog === 'merge' ? mergePanel(it) : actionBar(it));
  }

  function actionBar(it) {
    const catButtons = categories.map((c, i) =>
      h('button', { type: 'button', class: ['cat-choice', choice.category === c && 'chosen', it.suggestion?.category === c && 'suggested'], 'aria-pressed': String(choice.category === c), onclick: () => choose({ category: c }) }, h('kbd', null, String(i + 1)), c),
    );
    const changed = ['category', 'complexity', 'urgency'].filter((k) => choice[k] !== it[k]);
    return h(
      'div',
      { class: 'actions', id: 'review-actions' },
      h('div', { class: 'cat-row' }, catButtons),
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
      h('div', { class: 'cat-row' }, h('button', { type: 'button', onclick: () => ((dialog = null), drawDetail()) }, '取消 (Esc)')),
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
    } finally {
      busy = false;
    }
  }

  function accept() {
    const it = current();
    if (!it) return;
    act(async () => {
      const { result } = await api(`/api/workflow/cases/${it.caseId}/register`, { method: 'POST', body: { category: choice.category, complexity: choice.complexity, urgency: choice.urgency } });
      return `已登记 ${it.ledgerNo}（${choice.category}）${result.corrected.length ? `，已记录更正 ${result.corrected.length} 项` : ''}`;
    });
  }

  /** Confident enough, with no 不予受理 hint: what a batch could register. */
  function confident(t) {
    return items.filter((it) => (it.suggestion?.confidence ?? 0) >= t && !it.suggestion?.outOfScope.flagged && !it.suggestion?.outOfScope.reasons.length);
  }

  /** What the batch registers: a likely copy (疑似重复) is left out, to be looked at and merged (the server refuses it too). */
  function batchCandidates(t) {
    return confident(t).filter((it) => !it.likelyCopyOf);
  }

  function openBatch() {
    if (!canAct || thresholdValue() === null) return;
    dialog = 'batch';
    drawDetail();
  }

  function batchPanel() {
    const t = thresholdValue();
    if (t === null) {
      return h('div', { class: 'actions batch', id: 'batch-panel' }, h('p', { class: 'field-error' }, '请先把置信度改为 0.5 到 1 之间的数'), h('div', { class: 'cat-row' }, h('button', { type: 'button', onclick: () => ((dialog = null), drawDetail()) }, '取消 (Esc)')));
    }
    const picked = batchCandidates(t);
    const copies = confident(t).filter((it) => it.likelyCopyOf);
    const confirm = h('button', { type: 'button', class: 'primary', id: 'batch-confirm', disabled: picked.length === 0, onclick: runBatch }, `确认登记 ${picked.length} 条`);
    setTimeout(() => confirm.focus(), 0);
    return h(
      'div',
      { class: 'actions batch', id: 'batch-panel' },
      h('h4', null, `批量确认：置信度 ≥ ${pct(t)} 且无不予受理提示、非疑似重复的建议`),
      h('ul', { class: 'batch-list' }, picked.map((it) => h('li', null, badge(it.category, 'cat'), ' ', pct(it.suggestion?.confidence), ' ', it.message.title))),
      copies.length
        ? h(
            'div',
            { class: 'batch-skipped', id: 'batch-skipped' },
            h('p', { class: 'muted' }, `未列入 ${copies.length} 条（疑似重复，请先核对：可按 m 并入原案件，或逐条登记）：`),
            h('ul', null, copies.map((it) => h('li', null, it.ledgerNo, ' ', it.message.title, h('span', { class: 'muted' }, `（可能与 ${it.likelyCopyOf.ledgerNo} 是同一问题）`)))),
          )
        : null,
      h('div', { class: 'cat-row' }, confirm, h('button', { type: 'button', onclick: () => ((dialog = null), drawDetail()) }, '取消 (Esc)')),
    );
  }

  async function runBatch() {
    const t = thresholdValue();
    if (busy || t === null) return;
    busy = true;
    try {
      const ids = batchCandidates(t).map((it) => it.caseId);
      const res = await api('/api/console/review/batch-accept', { method: 'POST', body: { threshold: t, caseIds: ids } });
      // Every case asked for and not registered comes back with its reason (e.g. someone else decided it).
      const skipped = res.skipped.slice(0, 3).map((x) => `${x.ledgerNo ?? '（已不存在的案件）'}：${x.reason}`);
      const more = res.skipped.length > skipped.length ? '等' : '';
      toast(`已批量登记 ${res.accepted.length} 条${res.skipped.length ? `，${res.skipped.length} 条未登记（${skipped.join('；')}${more}）` : ''}`, res.skipped.length ? 'error' : undefined);
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
      const data = await api('/api/console/review', { query: { limit: 100 } });
      if (data.total === total && data.items.length === items.length) return;
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
