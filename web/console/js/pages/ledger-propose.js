// 批量拟办 (区政府办, 第四条㈣) on the ledger: the ticked cases awaiting 拟办 are proposed at once,
// each to the unit its row shows as suggested (按建议单位拟办所选) or all to one unit chosen
// (统一交由…拟办), with an optional common opinion. Each names the unit its row showed, so a case
// changed meanwhile (proposed by a colleague, its suggestion changed) is refused with its reason
// while the others stand; the refused ones are listed after the ledger is read again.
import { api } from '../api.js';
import { h, select, toast, setText } from '../dom.js';
import { complexityNames } from '../names.js';
import { selectionHint, tickBox } from './ledger-selection.js';

/** A case waiting for the office's 拟办 (已登记, or 承办单位已退回). */
export const awaitingProposal = (c) => c.state === 'registered' || c.state === 'returned';

/**
 * The unit 按建议单位 proposes for a row: the classifier's suggestion of an 已登记 case. None after a
 * 退回: the case's unit is then the unit that returned it, not a suggestion. None either when the
 * leader sent back a 拟办 to that very unit (退回拟办意见): proposing it again unread would put the
 * proposal the leader refused back before the leader.
 */
export const suggestedUnitOf = (c) => (c.state === 'registered' && c.unitId && c.proposalSentBack?.unitId !== c.unitId ? { id: c.unitId, name: c.unit ?? c.unitId } : null);

/** Why a row has no unit for 按建议单位 (see suggestedUnitOf). */
const noSuggestionReason = (c) => (c.state === 'returned' ? '已被承办单位退回' : c.proposalSentBack && c.unitId ? `领导已退回拟交办${c.proposalSentBack.unit}的拟办意见` : '无建议单位');

/**
 * The 承办单位 cell of a row awaiting 拟办 for the office: the suggestion and the complexity, and
 * for a case whose 拟办 the leader sent back, to which unit it was proposed and the leader's reason.
 */
export function suggestionCell(c) {
  const unit = c.state === 'returned' ? `已退回：${c.unit ?? '—'}` : c.unitId ? `建议：${c.unit ?? c.unitId}` : '无建议单位';
  const sentBack = c.proposalSentBack ? h('div', { class: 'warning proposal-sent-back' }, `领导退回拟办（拟交办 ${c.proposalSentBack.unit}）：${c.proposalSentBack.note}`) : null;
  return [unit, h('small', { class: 'muted suggested-complexity' }, ` · ${complexityNames[c.complexity] ?? c.complexity}`), sentBack];
}

/** Shows the refused cases of the last batch in a freshly drawn ledger. */
export function showRefusedProposals(view, refused, warned = []) {
  view.querySelector('#ledger-propose-result')?.replaceChildren(
    ...(refused.length ? [h('ul', null, refused.map((o) => h('li', null, o.message)))] : []),
    // Proposed all the same to a unit that returned the case before (workflow/cases/return-warning.ts): the office may insist, but should know.
    ...(warned.length ? [h('ul', { id: 'ledger-propose-warnings', class: 'warning' }, warned.map((o) => h('li', null, `${o.ledgerNo} 已拟办。${o.warning}`)))] : []),
  );
}

/**
 * The bar and the rows' checkboxes; the buttons go to `selection` (ledger-selection.js), which is told
 * the count. `onDone(refused, warned)` runs after a batch was answered (the
 * ledger is read again there); `warned` are the cases proposed to a unit that had returned them. Returns the bar, `pick(row)` (a checkbox, or null for a row not awaiting
 * 拟办) and `show(rows)` (hides the bar on a page without such rows).
 */
export function proposeBatch(ctx, { selection, onDone }) {
  const ticked = new Map();
  const suggestedButton = h('button', { type: 'button', class: 'primary', id: 'ledger-propose-suggested', disabled: true }, '按建议单位拟办所选');
  const unitSelect = select('unitId', [{ id: '', name: '（选择承办单位）' }, ...ctx.meta.units], '', { id: 'ledger-propose-unit', 'aria-label': '统一交由的承办单位' });
  // Shown once a unit is chosen (the bar stays short on a phone).
  const unitButton = h('button', { type: 'button', id: 'ledger-propose-one-unit', disabled: true, hidden: true }, '统一交由所选单位拟办');
  const opinion = h('input', { type: 'text', id: 'ledger-propose-opinion', maxlength: '5000', 'aria-label': '统一拟办意见', placeholder: '统一拟办意见（可不填：拟请某单位办理（简单，2个工作日））' });
  const result = h('div', { id: 'ledger-propose-result', class: 'muted', 'aria-live': 'polite' });
  const bar = h(
    'div',
    { class: 'card batch-bar', id: 'ledger-propose-batch', hidden: true },
    '勾选待拟办的案件，核对每行的建议单位和复杂程度；要统一交由一个单位拟办时，先选单位：',
    unitSelect,
    opinion,
    selectionHint(),
    result,
  );
  selection.add(suggestedButton, unitButton);

  const refresh = () => {
    const n = ticked.size;
    suggestedButton.disabled = n === 0;
    setText(suggestedButton, n ? `按建议单位拟办所选（${n} 件）` : '按建议单位拟办所选');
    const chosen = ctx.meta.units.find((u) => u.id === unitSelect.value);
    unitButton.disabled = n === 0 || !chosen;
    unitButton.hidden = !chosen;
    setText(unitButton, chosen ? `统一交由${chosen.name}拟办${n ? `（${n} 件）` : ''}` : '统一交由所选单位拟办');
    selection.count(n);
  };
  unitSelect.addEventListener('change', refresh);

  const send = async (items) => {
    suggestedButton.disabled = true;
    unitButton.disabled = true;
    result.replaceChildren();
    selection.say();
    try {
      const text = opinion.value.trim();
      const out = await api('/api/workflow/proposals', { method: 'POST', body: { items, ...(text ? { opinion: text } : {}) } });
      const refused = out.outcomes.filter((o) => !o.ok);
      toast(refused.length ? `已拟办 ${out.proposed} 件，${refused.length} 件未拟办` : `已拟办 ${out.proposed} 件，待领导审批`, refused.length ? 'error' : 'ok');
      await onDone(refused, out.outcomes.filter((o) => o.ok && o.warning));
    } catch (error) {
      selection.say(h('p', { class: 'error-box', role: 'alert' }, `批量拟办失败：${error.message}`));
      refresh();
    }
  };
  // Each names the case's unit, state and complexity as the row showed them.
  const item = (c, unitId) => ({ caseId: c.id, unitId, complexity: c.complexity, shownUnitId: c.unitId ?? null, expectedState: c.state });

  suggestedButton.addEventListener('click', () => {
    const rows = [...ticked.values()];
    const without = rows.filter((c) => !suggestedUnitOf(c));
    if (without.length) {
      const named = without.map((c) => `${c.ledgerNo}（${noSuggestionReason(c)}）`).join('、');
      selection.say(h('p', { class: 'error-box', role: 'alert' }, `以下案件没有可用的建议承办单位，不能按建议单位拟办：${named}。请取消勾选，或用「统一交由」指定单位，或进入案件页拟办。`));
      return;
    }
    void send(rows.map((c) => item(c, suggestedUnitOf(c).id)));
  });
  unitButton.addEventListener('click', () => {
    if (!unitSelect.value) return;
    void send([...ticked.values()].map((c) => item(c, unitSelect.value)));
  });

  const pick = (c) => (awaitingProposal(c) ? tickBox(c, { kind: 'propose', title: '选中以批量拟办', action: '批量拟办', ticked, changed: refresh }) : null);
  const show = (rows) => {
    bar.hidden = !rows.some(awaitingProposal);
  };
  return { bar, pick, show };
}
