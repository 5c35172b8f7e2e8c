// 批量交办 (区政府办, 第四条㈣) on the ledger: the ticked cases the leader agreed to (领导已同意待交办)
// are handed over at once, each to the units of its agreed proposal as its row shows them
// (拟：主办；协办：…). Each names the proposal its row showed, so one changed meanwhile (the
// agreement withdrawn, handed over by a colleague) is refused with its reason while the others
// stand; the refused ones are listed after the ledger is read again.
import { api } from '../api.js';
import { h, toast, setText } from '../dom.js';
import { selectionHint, tickBox } from './ledger-selection.js';

/** A case the office may hand over now: agreed by the leader, its agreed proposal known. */
export const awaitingAssignment = (c) => c.state === 'approved' && Boolean(c.approvedProposalId);

/** Shows the outcome of the last batch in a freshly drawn ledger: the refused, and the due dates given. */
export function showAssignResult(view, out) {
  const refused = out.outcomes.filter((o) => !o.ok);
  const warned = out.outcomes.filter((o) => o.ok && o.warning);
  view.querySelector('#ledger-assign-result')?.replaceChildren(
    ...(refused.length ? [h('ul', { id: 'ledger-assign-refused' }, refused.map((o) => h('li', null, o.message)))] : []),
    ...(warned.length ? [h('ul', { class: 'warning', id: 'ledger-assign-warnings' }, warned.map((o) => h('li', null, `${o.ledgerNo} 已交办。${o.warning}`)))] : []),
  );
}

/**
 * The bar and the rows' checkboxes; the button goes to `selection` (ledger-selection.js).
 * `onDone(out)` runs after a batch was answered (the ledger is read again there). Returns the bar,
 * `pick(row)` (a checkbox, or null for a row not awaiting 交办) and `show(rows)`.
 */
export function assignBatch({ selection, onDone }) {
  const ticked = new Map();
  const button = h('button', { type: 'button', class: 'primary', id: 'ledger-assign', disabled: true }, '交办所选');
  const result = h('div', { id: 'ledger-assign-result', class: 'muted', 'aria-live': 'polite' });
  const bar = h(
    'div',
    { class: 'card batch-bar', id: 'ledger-assign-batch', hidden: true },
    '勾选「领导已同意待交办」的案件，核对每行「拟：承办单位」（主办、协办）后批量交办，办理时限按工作日自动计算；需改派的请进入案件重新拟办。',
    selectionHint(),
    result,
  );
  selection.add(button);
  const refresh = () => {
    button.disabled = ticked.size === 0;
    setText(button, ticked.size ? `交办所选（${ticked.size} 件）` : '交办所选');
    selection.count(ticked.size);
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren();
    selection.say();
    try {
      const items = [...ticked.values()].map((c) => ({ caseId: c.id, proposalId: c.approvedProposalId }));
      const out = await api('/api/workflow/assignments', { method: 'POST', body: { items } });
      const refused = out.outcomes.filter((o) => !o.ok).length;
      toast(refused ? `已交办 ${out.assigned} 件，${refused} 件未交办` : `已交办 ${out.assigned} 件`, refused ? 'error' : 'ok');
      await onDone(out);
    } catch (error) {
      selection.say(h('p', { class: 'error-box', role: 'alert' }, `批量交办失败：${error.message}`));
      refresh();
    }
  });
  const pick = (c) => (awaitingAssignment(c) ? tickBox(c, { kind: 'assign', title: '选中以批量交办', action: '批量交办', ticked, changed: refresh }) : null);
  const show = (rows) => {
    bar.hidden = !rows.some(awaitingAssignment);
  };
  return { bar, pick, show };
}
