// The ledger's selection: the rows' tick boxes and the selection bar (已选 N 件 and the batch's
// buttons: 批量同意, 批量拟办, 批量归档), the console's selection dock (../selection-dock.js) under the
// ledger's ids, after the ledger and, while a case is ticked, stuck to the bottom of the window, so
// a case ticked far down a long ledger or on a phone still shows the count and the buttons.
import { h } from '../dom.js';
import { selectionDock as dockOf } from '../selection-dock.js';

/** Said by each batch bar at the top of the ledger: where the count and the buttons are once a case is ticked. */
export const selectionHint = () => h('span', { class: 'muted' }, '勾选后，已选件数和按钮固定在屏幕底部（用键盘时，在勾选框上按 Enter 转到这些按钮）。');

/**
 * `onClear()` unticks every box (取消勾选). Returns the dock (selection-dock.js): `live`, `dock`,
 * `add(...elements)`, `count(n)`, `say(...nodes)` and `focus()`.
 */
export function selectionDock({ onClear }) {
  return dockOf({ id: 'ledger-selection', label: '所选案件的批量操作', text: (n) => `已选 ${n} 件`, none: '已取消全部勾选', onClear });
}

/**
 * A row's tick box, the same for each batch: `kind` gives its class (`<kind>-pick`), `title` its
 * tooltip, `action` its accessible name (选中 <台账编号> 以<action>). Ticked, it puts the row `c` in
 * `ticked` (by case id); unticked, it takes it out; then `changed()` (which tells the dock the count,
 * said politely). Its click ticks and goes no further: it does not open the case. ledger.js puts it
 * in the row's finger-sized tick area (a tap there ticks it; Enter there goes to the dock).
 */
export function tickBox(c, { kind, title, action, ticked, changed }) {
  return h('input', {
    type: 'checkbox',
    class: `${kind}-pick`,
    title,
    'aria-label': `选中 ${c.ledgerNo} 以${action}`,
    onclick: (e) => e.stopPropagation(),
    onchange: (e) => {
      if (e.target.checked) ticked.set(c.id, c);
      else ticked.delete(c.id);
      changed();
    },
  });
}
