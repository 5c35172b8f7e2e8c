// Batch confirmation in the review queue: the suggestions confident enough (≥ the threshold, no
// 不予受理 hint) that are not likely copies (疑似重复, left to be looked at and merged; the server
// refuses them too), the panel listing them, and the request. review.js owns the queue's state.
import { api } from '../api.js';
import { badge, h, pct, toast } from '../dom.js';

/** The batch threshold the API accepts (web/api/console-routes.ts, batch-accept). */
export const thresholdRange = { min: 0.5, max: 1 };

/** Flagged 疑似不予受理 (the flag standing on the case, or the suggestion's hint): registered one by one, each with its note. */
const flagged = (it) => it.outOfScope || it.suggestion?.outOfScope.flagged || it.suggestion?.outOfScope.reasons.length > 0;

/** Confident enough, with no 不予受理 hint. */
function confident(items, t) {
  return items.filter((it) => (it.suggestion?.confidence ?? 0) >= t && !flagged(it));
}

/** What the batch registers: confident items that are not likely copies. */
export function batchCandidates(items, t) {
  return confident(items, t).filter((it) => !it.likelyCopyOf);
}

/** The panel: what will be registered, what is left out and why; `t` null when the threshold box is wrong. */
export function batchPanel(items, t, { confirm, cancel }) {
  const cancelButton = h('button', { type: 'button', onclick: cancel }, h('kbd', null, 'Esc'), '取消');
  if (t === null) {
    return h('div', { class: 'actions batch', id: 'batch-panel' }, h('p', { class: 'field-error' }, `请先把置信度改为 ${thresholdRange.min} 到 ${thresholdRange.max} 之间的数`), h('div', { class: 'cat-row' }, cancelButton));
  }
  const picked = batchCandidates(items, t);
  const copies = confident(items, t).filter((it) => it.likelyCopyOf);
  // Confident but flagged: left out, saying why (overriding the flag needs a note for each case).
  const outOfScope = items.filter((it) => (it.suggestion?.confidence ?? 0) >= t && flagged(it));
  const confirmButton = h('button', { type: 'button', class: 'primary', id: 'batch-confirm', disabled: picked.length === 0, onclick: confirm }, `确认登记 ${picked.length} 条`);
  setTimeout(() => confirmButton.focus(), 0);
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
    outOfScope.length
      ? h(
          'div',
          { class: 'batch-skipped', id: 'batch-skipped-out-of-scope' },
          h('p', { class: 'muted' }, `未列入 ${outOfScope.length} 条（分类器提示疑似不予受理：请逐条审核，决定不予受理，或登记并填写说明）：`),
          h('ul', null, outOfScope.map((it) => h('li', null, it.ledgerNo, ' ', it.message.title))),
        )
      : null,
    h('div', { class: 'cat-row' }, confirmButton, cancelButton),
  );
}

/** Registers the batch and says what happened; every case asked for and not registered comes back with its reason (e.g. someone else decided it). */
export async function acceptBatch(items, t) {
  const picked = batchCandidates(items, t);
  // Each with the suggestion listed: one a new model changed meanwhile comes back skipped, with why.
  const suggestionKeys = Object.fromEntries(picked.map((it) => [it.caseId, it.suggestionKey]));
  const res = await api('/api/console/review/batch-accept', { method: 'POST', body: { threshold: t, caseIds: picked.map((it) => it.caseId), suggestionKeys } });
  const skipped = res.skipped.slice(0, 3).map((x) => `${x.ledgerNo ?? '（已不存在的案件）'}：${x.reason}`);
  const more = res.skipped.length > skipped.length ? '等' : '';
  toast(`已批量登记 ${res.accepted.length} 条${res.skipped.length ? `，${res.skipped.length} 条未登记（${skipped.join('；')}${more}）` : ''}`, res.skipped.length ? 'error' : undefined);
}
