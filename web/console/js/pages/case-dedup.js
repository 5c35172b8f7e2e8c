// De-duplication corrections on a case (issue 5): split a wrongly linked copy off into a case of its
// own, merge a missed copy into the case it duplicates (picked by 台账编号 through the ledger's
// search). Both post to /api/workflow/cases/<id>/split|merge; the server checks state and role.
// What is typed into either form is the case's draft in this tab (drafts.js), as in the step forms:
// a reason typed and not sent survives a look at another case and a reload.
import { api } from '../api.js';
import { clear, field, h, toast } from '../dom.js';
import { clearDraft, loadDraft, saveDraft } from '../drafts.js';

const restoredNote = () => h('p', { class: 'hint draft-note' }, '已恢复未提交的内容（草稿只保存在本浏览器窗口）');

/** A "拆分" control for one copy listed on the case page: a reason, then the split. */
export function splitControl(c, message, done, username = '') {
  const draftForm = `split.${message.id}`;
  const note = h('textarea', { name: 'note', rows: '2', class: 'split-note', placeholder: '拆分理由（必填），例如：反映的是不同路段的问题' });
  const draft = loadDraft(username, c.id, draftForm);
  if (typeof draft.note === 'string') note.value = draft.note;
  note.addEventListener('input', () => saveDraft(username, c.id, draftForm, { note: note.value }));
  const submit = h('button', { type: 'submit', class: 'danger split-submit' }, '确认拆分为新案件');
  const form = h(
    'form',
    {
      class: 'split-form',
      dataset: { messageId: message.id },
      onsubmit: async (e) => {
        e.preventDefault();
        submit.disabled = true;
        try {
          const { result } = await api(`/api/workflow/cases/${encodeURIComponent(c.id)}/split`, { method: 'POST', body: { messageId: message.id, note: note.value } });
          clearDraft(username, c.id, draftForm);
          // The first letter of a case merged in goes back to that case (the merge undone), not to a new one.
          toast(result.restored ? `已拆分：撤销合并，留言回到原案件 ${result.ledgerNo}（待审核分类），本案件反映人数 ${result.reporterCount}` : `已拆分为新案件 ${result.ledgerNo}，本案件反映人数 ${result.reporterCount}`);
          done(result);
        } catch (error) {
          toast(error.message, 'error');
        } finally {
          submit.disabled = false;
        }
      },
    },
    note.value ? restoredNote() : null,
    field('拆分理由', note),
    submit,
  );
  return h('details', { class: 'split', open: note.value !== '' }, h('summary', { class: 'split-open' }, '拆分'), form);
}

/**
 * States of a case that cannot take a merge (the server refuses them too: workflow/cases/merge-cases.ts):
 * answered ones too (已回复, 已回访办结), since a letter after the reply is the citizen asking again.
 */
const unfitTargets = new Set(['merged', 'archived', 'not_accepted', 'replied', 'closed']);

/**
 * The "并入其他案件" form: look the target up by 台账编号 (or title words), pick it, give a reason.
 * `suggested` ({ caseId, ledgerNo, title }) is preselected (the review queue's likely original).
 * `c.state` is the state the page shows: a case that has moved on since is refused by the server.
 */
export function mergeForm(c, { suggested = null, ctxMeta, done, username = '' }) {
  const stateNames = Object.fromEntries((ctxMeta?.states ?? []).map((s) => [s.id, s.name]));
  const lookup = h('input', { type: 'search', name: 'ledgerNo', class: 'merge-ledger-no', placeholder: '台账编号，例如 YT-2026-000056', value: suggested?.ledgerNo ?? '' });
  const results = h('div', { class: 'merge-results', role: 'radiogroup', 'aria-label': '并入的案件' });
  const note = h('textarea', { name: 'note', rows: '2', class: 'merge-note', placeholder: '合并理由（必填）' });
  if (suggested) note.value = `与 ${suggested.ledgerNo} 反映同一问题，属重复留言`;
  // A draft (typed here before) wins over the suggestion: the clerk's own target and reason.
  const draft = loadDraft(username, c.id, 'merge');
  const restored = typeof draft.ledgerNo === 'string' || typeof draft.note === 'string';
  if (restored) {
    lookup.value = draft.ledgerNo ?? '';
    note.value = draft.note ?? '';
  }
  const keepDraft = () => saveDraft(username, c.id, 'merge', { ledgerNo: lookup.value, note: note.value });
  lookup.addEventListener('input', keepDraft);
  note.addEventListener('input', keepDraft);
  const submit = h('button', { type: 'submit', class: 'danger merge-submit' }, '确认并入');

  const option = (t, checked) =>
    h(
      'label',
      { class: 'check merge-option' },
      h('input', { type: 'radio', name: 'intoCaseId', value: t.id, checked }),
      h('strong', null, t.ledgerNo),
      ' ',
      t.title,
      t.stateName ? h('span', { class: 'muted' }, ` · ${t.stateName}`) : null,
      typeof t.reporterCount === 'number' ? h('span', { class: 'muted' }, ` · ${t.reporterCount} 人反映`) : null,
    );

  async function find() {
    const q = lookup.value.trim();
    clear(results);
    if (!q) {
      results.append(h('p', { class: 'muted' }, '请输入台账编号'));
      return;
    }
    try {
      const data = await api('/api/console/ledger', { query: { q, limit: 10 } });
      const others = data.items.filter((t) => t.id !== c.id);
      const found = others.filter((t) => !unfitTargets.has(t.state));
      if (found.length === 0) {
        // Say why a case that was found cannot be the target, rather than that nothing was found.
        const unfit = others.map((t) => `${t.ledgerNo}（${t.stateName ?? stateNames[t.state] ?? t.state}）`);
        results.append(h('p', { class: 'muted merge-none' }, unfit.length ? `${unfit.join('、')}不能作为并入的案件（已并入其他案件、已答复、已归档或不予受理的案件不能再并入留言；答复后再次反映的应作为新案件办理）` : `没有找到可并入的案件：${q}`));
        return;
      }
      const exact = found.find((t) => t.ledgerNo === q);
      for (const t of found) results.append(option({ ...t, stateName: t.stateName ?? stateNames[t.state] }, exact ? t === exact : found.length === 1));
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  // The suggested original is offered unless the draft names another case (looked up again below).
  const draftTarget = restored && lookup.value.trim() !== '' && lookup.value.trim() !== suggested?.ledgerNo;
  if (suggested && !draftTarget) results.append(option({ id: suggested.caseId, ledgerNo: suggested.ledgerNo, title: suggested.title, stateName: stateNames[suggested.state] }, true));
  const form = h(
    'form',
    {
      class: 'merge-form',
      onsubmit: async (e) => {
        e.preventDefault();
        // A ledger number typed but not looked up: look it up now (an exact match is picked).
        if (!results.querySelector('input[name="intoCaseId"]:checked') && lookup.value.trim()) await find();
        const picked = results.querySelector('input[name="intoCaseId"]:checked');
        if (!picked) {
          toast('请先查找并选择要并入的案件', 'error');
          return;
        }
        submit.disabled = true;
        try {
          const { result } = await api(`/api/workflow/cases/${encodeURIComponent(c.id)}/merge`, { method: 'POST', body: { intoCaseId: picked.value, note: note.value, expectedState: c.state } });
          clearDraft(username, c.id, 'merge');
          toast(`${c.ledgerNo} 已并入其他案件，该案件现有 ${result.reporterCount} 人反映`);
          done(result);
        } catch (error) {
          toast(error.message, 'error');
        } finally {
          submit.disabled = false;
        }
      },
    },
    restored ? restoredNote() : null,
    h(
      'div',
      { class: 'merge-lookup-row' },
      field('并入的案件（台账编号）', lookup),
      h('button', { type: 'button', class: 'merge-lookup', onclick: find }, '查找'),
    ),
    results,
    field('合并理由', note),
    submit,
  );
  if (draftTarget) find();
  lookup.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      find();
    }
  });
  return form;
}
