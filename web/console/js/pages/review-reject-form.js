// 不予受理 (第三条㈡) in the review queue: the measures' reasons (those the classifier flagged ticked),
// a required note seeded with the flagged words, checked before anything is sent. `act` runs the
// step the queue's way (progress, toast, next item); `cancel` closes the form.
// What the clerk ticked and typed is kept as the case's 不予受理 draft in this tab (drafts.js, the
// case page's form keeps its note under the same key), so moving to another letter to compare, Esc,
// or a reload does not lose a 说明 half written; deciding the case clears it.
import { api } from '../api.js';
import { h } from '../dom.js';
import { clearDraft, loadDraft, saveDraft } from '../drafts.js';
import { reportProblems } from '../form-checks.js';

/** The draft's form name: the case page's 决定不予受理 (case-actions.js), so both read one note. */
const draftForm = 'decide_not_accepted';

export function rejectForm(it, outOfScopeReasons, { act, cancel, user = '' }) {
  const draft = loadDraft(user, it.caseId, draftForm);
  const flagged = new Set(typeof draft.reasons === 'string' ? draft.reasons.split(',') : (it.suggestion?.outOfScope.reasons.map((r) => r.code) ?? []));
  const boxes = outOfScopeReasons.map((r) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'reason', value: r.id, checked: flagged.has(r.id) }), r.name));
  const evidence = it.suggestion?.outOfScope.reasons.flatMap((r) => r.evidence) ?? [];
  const note = h('textarea', { id: 'reject-note', rows: '3', maxlength: '2000', placeholder: '说明不予受理的理由（必填）' });
  const restored = typeof draft.note === 'string' || typeof draft.reasons === 'string';
  note.value = typeof draft.note === 'string' ? draft.note : evidence.length ? `留言含有：${evidence.join('、')}` : '';
  const checks = h('div', { class: 'checks' }, boxes);
  const ticked = () => boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
  // Kept only once the clerk changed something: the form as it opens (flagged reasons, evidence) is no draft.
  const keepDraft = () => saveDraft(user, it.caseId, draftForm, { note: note.value, reasons: ticked().join(',') });
  const submit = () => {
    const problems = [];
    if (!boxes.some((b) => b.querySelector('input').checked)) problems.push([checks, '请至少勾选一项不予受理的理由']);
    if (!note.value.trim()) problems.push([note, '请填写不予受理的说明']);
    if (!reportProblems(form, problems)) return;
    act(async () => {
      const reasons = ticked();
      // The queue shows only cases awaiting review, with their suggestion: one someone registered,
      // or whose suggestion a new model replaced, meanwhile is refused (409).
      await api(`/api/workflow/cases/${it.caseId}/not-accepted`, { method: 'POST', body: { reasons, note: note.value, expectedState: 'awaiting_review', suggestionKey: it.suggestionKey } });
      clearDraft(user, it.caseId, draftForm);
      return `${it.ledgerNo} 已决定不予受理`;
    });
  };
  setTimeout(() => note.focus(), 0);
  const form = h(
    'form',
    { class: 'actions reject', id: 'reject-form', novalidate: true, onsubmit: (e) => (e.preventDefault(), submit()), oninput: (e) => (e.target.closest('.field')?.querySelector('.field-error')?.remove(), keepDraft()) },
    h('h4', null, '不予受理（第三条㈡）'),
    restored ? h('p', { class: 'hint draft-note' }, '已恢复未提交的内容（草稿只保存在本浏览器窗口）') : null,
    h('div', { class: 'field' }, checks),
    h('div', { class: 'field' }, note),
    h('div', { class: 'cat-row' }, h('button', { type: 'submit', class: 'danger' }, h('kbd', null, 'Ctrl+Enter'), '确认不予受理'), h('button', { type: 'button', onclick: cancel }, h('kbd', null, 'Esc'), '取消')),
  );
  return form;
}
