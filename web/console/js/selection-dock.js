// A bar of a list's batch action that follows the window while the batch has something in it: the
// ledger's 已选 N 件 (pages/ledger-selection.js) and 批量回访's 已填写 N 行 (pages/visits.js). Placed
// after the list, it sticks to the bottom of the window while shown (console.css .selection-dock),
// so the count and the buttons stay in sight of a row far down a long list or on a phone; at the
// end of the page it rests below the last row instead of covering it. With nothing in the batch it
// is hidden and takes no space. The count is also said in a polite live region that is always
// present (a region shown at the moment it changes may be missed by a screen reader).
import { h, setText } from './dom.js';

/**
 * Options: `id` names the bar and its parts (`<id>`, `<id>-live`, `<id>-count`, `<id>-clear`,
 * `<id>-note`); `label` is the region's aria-label; `text(n)` the count shown and said for n > 0;
 * `none` what is said when the count falls to 0; `onClear()`, when given, adds a 取消勾选 button
 * (`clearText`) that empties the batch. Returns `live` (the live region, to place anywhere on the
 * page), `dock` (to place after the list), `add(...elements)` (the batch's buttons), `count(n)`
 * (shows or hides the bar), `say(...nodes)` (a message beside the buttons while the bar is shown,
 * e.g. why a batch cannot start) and `focus()` (moves the keyboard to the bar's first usable button:
 * from a row far up the list, Tab would walk every row below it first).
 */
export function selectionDock({ id, label, text, none, onClear, clearText = '取消勾选' }) {
  const live = h('span', { class: 'sr-only', id: `${id}-live`, role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const shown = h('strong', { class: 'selection-count', id: `${id}-count` });
  const actions = h('div', { class: 'selection-actions' });
  const clearButton = onClear ? h('button', { type: 'button', id: `${id}-clear` }, clearText) : null;
  const note = h('div', { id: `${id}-note` });
  const dock = h('div', { class: 'card selection-dock', id, role: 'region', 'aria-label': label, hidden: true }, shown, actions, clearButton, note);
  clearButton?.addEventListener('click', onClear);
  keepRoomFor(dock);
  let last = 0;
  return {
    live,
    dock,
    add: (...elements) => actions.append(...elements),
    count(n) {
      dock.hidden = n === 0;
      setText(shown, n ? text(n) : '');
      if (n !== last) setText(live, n ? text(n) : none);
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

/**
 * While the dock is shown, what the browser scrolls into view (a row reached by Tab, a focused
 * field) stops above it: the page's scroll-padding-bottom is the dock's height, kept as it changes
 * (a message beside the buttons, a narrower window) and given back once the dock is hidden or gone
 * (its size then falls to 0). Without it a row focused below the window is scrolled up only to the
 * window's bottom edge, behind the dock, with no sign of where the keyboard is.
 */
function keepRoomFor(dock) {
  const room = new window.ResizeObserver(() => {
    const shown = dock.isConnected && !dock.hidden;
    document.documentElement.style.scrollPaddingBottom = shown ? `${Math.ceil(dock.getBoundingClientRect().height)}px` : '';
    if (!dock.isConnected) room.disconnect();
  });
  room.observe(dock);
}
