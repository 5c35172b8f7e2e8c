// 批量归档 (区政府督查室, 第四条㈩) on the ledger: the ticked cases awaiting 归档 (已回访办结, 不予受理)
// are archived at once, each filed by the category it has (不予受理 under 不予受理) in the volume of
// the year it was settled (办结), as the case page's 立卷归档 files it. Each names the state its row showed, so a case
// changed meanwhile (re-opened, visited again and found dissatisfied, archived by a colleague) is
// refused with its reason while the others stand; after the ledger is read again the bar says how
// many were archived, where, and why the others were not.
import { api } from '../api.js';
import { h, toast, setText } from '../dom.js';
import { selectionHint, tickBox } from './ledger-selection.js';

/** A case awaiting 归档. */
export const awaitingArchive = (c) => (c.state === 'closed' || c.state === 'not_accepted') && !c.archivedAt;

/**
 * The volume 归档 files a row in, as workflow/cases/archive-case.ts archiveFiling does: the year the
 * case was settled (the row's settledOn), or `today`'s (China date) when its log has no settling step.
 */
export const volumeOf = (c, today) => `${String(c.settledOn ?? today).slice(0, 4)}-${c.state === 'not_accepted' ? '不予受理' : c.category}`;

/** 「2026-投诉 2 件、2026-不予受理 1 件」. */
function countByVolume(volumes) {
  const counts = new Map();
  for (const v of volumes) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${v} ${n} 件`).join('、');
}

/** What the last batch did, shown in a freshly drawn ledger: archived N (by volume), refused M with each reason. */
export function showArchiveResult(view, out) {
  const done = out.outcomes.filter((o) => o.ok);
  const refused = out.outcomes.filter((o) => !o.ok);
  const where = done.length ? `（${countByVolume(done.map((o) => o.archiveVolume))}）` : '';
  // Shown even when the page has no case left to archive.
  const bar = view.querySelector('#ledger-archive-batch');
  if (bar) bar.hidden = false;
  view.querySelector('#ledger-archive-result')?.replaceChildren(
    h('p', { id: 'ledger-archive-summary' }, `已归档 ${done.length} 件${where}，未归档 ${refused.length} 件${refused.length ? '：' : ''}`),
    // replaceChildren takes no null (it would print 「null」 under the summary).
    ...(refused.length ? [h('ul', null, refused.map((o) => h('li', null, o.message)))] : []),
  );
}

/**
 * The bar and the rows' checkboxes; 归档所选 and the volumes go to `selection` (ledger-selection.js),
 * which is told the count. `onDone(out)` runs after a batch was answered (the ledger is
 * read again there). Returns the bar, `pick(row)` (a checkbox, or null for a row not awaiting 归档)
 * and `show(rows, today)` (hides the bar on a page without such rows; `today` names the volumes).
 */
export function archiveBatch({ selection, onDone }) {
  const ticked = new Map();
  const boxes = [];
  let today = '';
  const button = h('button', { type: 'button', class: 'primary', id: 'ledger-archive', disabled: true }, '归档所选');
  const all = h('button', { type: 'button', id: 'ledger-archive-all' }, '勾选本页全部待归档');
  const volumes = h('span', { id: 'ledger-archive-volumes', class: 'muted' });
  const result = h('div', { id: 'ledger-archive-result', 'aria-live': 'polite' });
  const bar = h(
    'div',
    { class: 'card batch-bar', id: 'ledger-archive-batch', hidden: true },
    '勾选「已回访办结」或「不予受理」的案件，按各自的类别立卷归档（不予受理的归入「年份-不予受理」卷）：',
    all,
    selectionHint(),
    result,
  );
  selection.add(button, volumes);

  const refresh = () => {
    const n = ticked.size;
    button.disabled = n === 0;
    setText(button, n ? `归档所选（${n} 件）` : '归档所选');
    setText(volumes, n ? `将归入：${countByVolume([...ticked.values()].map((c) => volumeOf(c, today)))}` : '');
    selection.count(n);
  };

  button.addEventListener('click', async () => {
    button.disabled = true;
    all.disabled = true;
    result.replaceChildren();
    selection.say();
    try {
      const items = [...ticked.values()].map((c) => ({ caseId: c.id, expectedState: c.state }));
      const out = await api('/api/workflow/archives', { method: 'POST', body: { items } });
      const refused = out.outcomes.length - out.archived;
      toast(refused ? `已归档 ${out.archived} 件，${refused} 件未归档` : `已归档 ${out.archived} 件`, refused ? 'error' : 'ok');
      await onDone(out);
    } catch (error) {
      selection.say(h('p', { class: 'error-box', role: 'alert' }, `批量归档失败：${error.message}`));
      all.disabled = false;
      refresh();
    }
  });
  all.addEventListener('click', () => {
    for (const { box, c } of boxes) {
      box.checked = true;
      ticked.set(c.id, c);
    }
    refresh();
  });

  const pick = (c) => {
    if (!awaitingArchive(c)) return null;
    const box = tickBox(c, { kind: 'archive', title: '选中以批量归档', action: '归档', ticked, changed: refresh });
    boxes.push({ box, c });
    return box;
  };
  const show = (rows, day) => {
    today = day;
    bar.hidden = !rows.some(awaitingArchive);
    all.disabled = bar.hidden;
  };
  return { bar, pick, show };
}
