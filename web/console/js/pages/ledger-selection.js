// The ledger's selection bar (已选 N 件 and the batch's buttons: 批量同意, 批量拟办, 批量归档). It
// sits after the ledger and, while a case is ticked, sticks to the bottom of the window
// (console.css .selection-dock), so a case ticked far down a long ledger or on a phone still shows
// the count and the buttons; at the end of the page it rests below the last row instead of
// covering it. With nothing ticked it is hidden and takes no space. The count is also said in a
// polite live region that is always present (a region shown at the moment it changes may be missed
// by a screen reader).
import { h } from '../dom.js';

/** Said by each batch bar at the top of the ledger: where the count and the buttons are once a case is ticked. */
export const selectionHint = () => h('span', { class: 'muted' }, '勾选后，已选件数和按钮固定在屏幕底部（用键盘时，在勾选框上按 Enter 转到这些按钮）。');

/**
 * `onClear()` unticks every box (取消勾选). Returns `live` (the live region, to place anywhere on the
 * page), `dock` (to place after the ledger), `add(...elements)` (the batch's buttons), `count(n)`
 * (shows or hides the bar), `say(...nodes)` (a message beside the buttons while cases are ticked,
 * e.g. why a batch cannot start) and `focus()` (moves the keyboard to the bar's first usable button:
 * from a tick box far up the ledger, Tab would walk every row below it first).
 */
export function selectionDock({ onClear }) {
  const live = h('span', { class: 'sr-only', id: 'ledger-selection-live', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const shown = h('strong', { class: 'selection-count', id: 'ledger-selection-count' });
  const actions = h('div', { class: 'selection-actions' });
  const clearButton = h('button', { type: 'button', id: 'ledger-selection-clear' }, '取消勾选');
  const note = h('div', { id: 'ledger-selection-note' });
  const dock = h('div', { class: 'card selection-dock', id: 'ledger-selection', role: 'region', 'aria-label': '所选案件的批量操作', hidden: true }, shown, actions, clearButton, note);
  clearButton.addEventListener('click', onClear);
  let last = 0;
  return {
    live,
    dock,
    add: (...elements) => actions.append(...elements),
    count(n) {
      dock.hidden = n === 0;
      shown.textContent = n ? `已选 ${n} 件` : '';
      if (n !== last) live.textContent = n ? `已选 ${n} 件` : '已取消全部勾选';
      if (n === 0) note.replaceChildren();
      last = n;
    },
    say: (...nodes) => note.replaceChildren(...nodes),
    focus() {
      if (dock.hidden) return false;
      const target = [...dock.querySelectorAll('button, select, input')].find((el) => !el.disabled && !el.hidden);
      target?.focus();
      return Boolean(target);
    },
  };
}
