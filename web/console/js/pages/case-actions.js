// The forms of the steps a role may take on a case (from the case's allowedActions), posted to
// /api/workflow/cases/<id>/<path>. Field lists mirror web/api/workflow-routes.ts.
import { api } from '../api.js';
import { field, h, select, toast } from '../dom.js';
import { mergeForm } from './case-dedup.js';
import { complexityNames, optionsOf, visitMethodNames } from '../names.js';

const yes = [{ id: 'true', name: '是' }, { id: 'false', name: '否' }];

function specs(meta, wf, c) {
  const cats = meta.categories.map((x) => ({ id: x, name: x }));
  const cx = optionsOf(complexityNames);
  return {
    register: { path: 'register', fields: [['category', '类别', cats, c.category], ['complexity', '复杂程度', cx, c.complexity], ['note', '说明', 'text']] },
    decide_not_accepted: { path: 'not-accepted', fields: [['reasons', '理由', 'multi', meta.outOfScopeReasons], ['note', '说明', 'textarea']] },
    reopen: { path: 'reopen', fields: [['note', '重新受理的理由', 'textarea']] },
    propose: { path: 'proposal', fields: [['unitId', '承办单位', meta.units, c.unitId], ['opinion', '拟办意见', 'textarea'], ['complexity', '复杂程度', cx, c.complexity]] },
    approve_proposal: { path: 'proposal/decision', fixed: { approve: true }, fields: [['note', '批示', 'text']] },
    reject_proposal: { path: 'proposal/decision', fixed: { approve: false }, fields: [['note', '退回理由', 'textarea']] },
    assign: { path: 'assign', fields: [] },
    return_case: { path: 'return', fields: [['reason', '退回理由', 'textarea']] },
    request_extension: { path: 'extension', fields: [['progress', '办理进展', 'textarea'], ['reason', '延期理由', 'textarea'], ['days', '申请延期（工作日）', 'number']] },
    decide_extension: { path: 'extension/decision', fields: [['approve', '同意延期', yes, 'true'], ['days', '批准天数', 'number'], ['answer', '答复', 'textarea']] },
    submit_report: { path: 'report', fields: [['text', '办理情况（答复意见）', 'textarea']] },
    accept_report: { path: 'report/review', fixed: { accept: true }, fields: [['reviewText', '督查报告（可选）', 'textarea'], ['note', '审核意见', 'text']] },
    reject_report: { path: 'report/review', fixed: { accept: false }, fields: [['note', '退回理由', 'textarea']] },
    approve_reply: { path: 'reply/decision', fixed: { approve: true }, fields: [['note', '审批意见', 'text']] },
    send_back_reply: { path: 'reply/decision', fixed: { approve: false }, fields: [['note', '退回理由', 'textarea']] },
    publish_reply: { path: 'publish', fields: [['acknowledgeFindings', '已知悉审查提示，仍然发布', 'check']] },
    report_upward: { path: 'publish', fields: [['acknowledgeFindings', '已知悉审查提示，仍然上报', 'check']] },
    record_supervision: { path: 'supervision', fields: [['kind', '督办方式', wf.supervisionKinds], ['note', '督办记录', 'textarea']] },
    escalate: { path: 'special-supervision', fields: [['note', '专项督查事由', 'textarea']] },
    mark_key: { path: 'mark', fields: [['leaderMarked', '领导重点批示', 'check'], ['highImpact', '影响较大', 'check'], ['note', '说明', 'textarea']] },
    visit_satisfied: { path: 'visit', fields: [['satisfaction', '满意度', wf.satisfactions.filter((x) => x.id !== 'dissatisfied')], ['method', '回访方式', wf.visitMethods.map((m) => ({ id: m, name: visitMethodNames[m] ?? m }))], ['note', '回访记录', 'textarea']] },
    visit_dissatisfied: { path: 'visit', fixed: { satisfaction: 'dissatisfied' }, fields: [['method', '回访方式', wf.visitMethods.map((m) => ({ id: m, name: visitMethodNames[m] ?? m }))], ['note', '回访记录', 'textarea']] },
    archive: { path: 'archive', fields: [] },
  };
}

function control([name, , kind, extra]) {
  if (kind === 'textarea') return h('textarea', { name, rows: '3' });
  if (kind === 'text') return h('input', { name });
  if (kind === 'number') return h('input', { name, type: 'number', min: '1', max: '30', value: '2' });
  if (kind === 'check') return h('input', { name, type: 'checkbox', value: 'true' });
  if (kind === 'multi') return h('div', { class: 'checks' }, extra.map((o) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value: o.id }), o.name)));
  return select(name, kind, extra);
}

function read(form, spec) {
  const body = { ...(spec.fixed ?? {}) };
  for (const [name, , kind] of spec.fields) {
    if (kind === 'multi') body[name] = [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
    else if (kind === 'check') body[name] = form.querySelector(`input[name="${name}"]`).checked;
    else {
      const v = form.querySelector(`[name="${name}"]`).value;
      if (v === '') continue;
      body[name] = kind === 'number' ? Number(v) : v === 'true' ? true : v === 'false' ? false : v;
    }
  }
  return body;
}

/** The action forms for a case; `done` reloads the page after a step succeeds. */
export function actionForms(c, meta, wf, actionNames, done) {
  const all = specs(meta, wf, c);
  // A case already under special supervision is not escalated twice (the server refuses it too).
  const offered = c.allowedActions.filter((a) => all[a] && !(a === 'escalate' && c.escalated));
  const forms = offered.map((action) => {
    const spec = all[action];
    const submit = h('button', { type: 'submit', class: action.startsWith('reject') || action.includes('not_accepted') || action.includes('send_back') || action === 'return_case' ? 'danger' : 'primary' }, actionNames[action] ?? action);
    const form = h(
      'form',
      {
        class: 'action-form',
        dataset: { action },
        onsubmit: async (e) => {
          e.preventDefault();
          submit.disabled = true;
          try {
            await api(`/api/workflow/cases/${c.id}/${spec.path}`, { method: 'POST', body: read(form, spec) });
            toast(`${actionNames[action] ?? action}：已完成`);
            done();
          } catch (error) {
            toast(error.message, 'error');
          } finally {
            submit.disabled = false;
          }
        },
      },
      spec.fields.map((f) => field(f[1], control(f))),
      submit,
    );
    return h('details', { class: 'action' }, h('summary', null, actionNames[action] ?? action), form);
  });
  // Split is offered beside each copy on the page; merge picks its target here.
  if (c.allowedActions.includes('merge_into')) {
    forms.push(h('details', { class: 'action', dataset: { action: 'merge_into' } }, h('summary', null, '并入其他案件'), mergeForm(c, { ctxMeta: meta, done })));
  }
  return forms.length ? forms : [h('p', { class: 'muted' }, c.archivedAt ? '已归档，不能再更改' : '当前没有您可以办理的步骤')];
}
