// The forms of the steps a role may take on a case (from the case's allowedActions), posted to
// /api/workflow/cases/<id>/<path>. Field lists mirror web/api/workflow-routes.ts, and so do the
// checks made here before sending (required text, ranges), shown beside the field. Free text is
// kept as a draft (drafts.js) until the step succeeds.
import { api } from '../api.js';
import { chinaDay, field, h, select, toast, setText } from '../dom.js';
import { clearDraft, loadDraft, saveDraft } from '../drafts.js';
import { clearFieldErrors, integerProblem, reportProblems } from '../form-checks.js';
import { liveReplyCheck } from '../reply-check.js';
import { mergeForm } from './case-dedup.js';
import { complexityNames, optionsOf, visitMethodNames } from '../names.js';

const yes = [{ id: 'true', name: '是' }, { id: 'false', name: '否' }];
const freeText = new Set(['text', 'textarea']);
const sentBack = new Set(['rejected', 'sent_back', 'returned_for_revision']);
const dangerous = new Set(['reject_proposal', 'withdraw_approval', 'decide_not_accepted', 'return_case', 'reject_report', 'send_back_reply', 'return_for_revision']);

/** One field of a form: kind is select (options), text, textarea, number, check or multi (options). */
const fieldSpec = (name, label, kind, opts = {}) => ({ name, label, kind, ...opts });
const sel = (name, label, options, value, opts) => fieldSpec(name, label, 'select', { options, value, ...opts });
const text = (name, label, opts) => fieldSpec(name, label, 'textarea', { max: 2000, ...opts });
const line = (name, label, opts) => fieldSpec(name, label, 'text', { max: 2000, ...opts });
const required = { required: true };

function specs(meta, wf, c, user) {
  const role = user.role;
  const cats = meta.categories.map((x) => ({ id: x, name: x }));
  const cx = optionsOf(complexityNames);
  const methods = wf.visitMethods.map((m) => ({ id: m, name: visitMethodNames[m] ?? m }));
  const pending = c.extensions.find((x) => x.decision === 'pending');
  // The unit list starts empty unless the case already has one: a unit is a choice, not a default.
  // Proposing again after a unit's 退回交办, it starts empty too (the case's unit is the one that
  // returned it), and the form says why the earlier proposal or assignment came back.
  const returnedBy = c.state === 'returned' ? c.assignments.filter((a) => a.returnReason).at(-1) : undefined;
  const rejected = c.state === 'registered' ? c.proposals.filter((p) => p.decision === 'rejected').at(-1) : undefined;
  const units = c.unitId && !returnedBy ? meta.units : [{ id: '', name: '（请选择承办单位）' }, ...meta.units];
  const proposeHint = returnedBy ? `承办单位退回理由：${returnedBy.returnReason}` : rejected ? `领导退回了拟办意见（拟交办 ${rejected.unitName}），理由：${rejected.decisionNote ?? ''}` : undefined;
  // Sent back to be redone (审核退回, 审批退回, 退回修改答复): the report form starts from the reply
  // that was sent back, as the office or the leader read it, so the unit revises it instead of
  // typing or pasting it again. A dissatisfied visit asks for new work and starts empty.
  const last = c.reports.at(-1);
  // The decisions name the proposal and the reply shown on this page, so a page left open while
  // another leader decided and the office proposed (or the unit replied) again is refused, not
  // applied to what the leader never read (workflow/cases/decide-proposal.ts, decide-reply.ts).
  const shownProposal = c.proposals.filter((p) => p.decision === 'pending').at(-1)?.id;
  const shownReply = c.reports.filter((r) => r.status === 'accepted').at(-1)?.id;
  const agreed = c.proposals.filter((p) => p.decision === 'approved').at(-1);
  const redo = last && sentBack.has(last.status) ? (last.reviewText ?? last.text) : undefined;
  // Why it was sent back, beside the form (the report list may be a long scroll away).
  const redoReason =
    last?.status === 'rejected'
      ? `督查室退回理由：${last.reviewNote ?? ''}`
      : last?.status === 'sent_back'
        ? `领导退回理由：${last.approvalNote ?? ''}`
        : last?.status === 'returned_for_revision'
          ? `退回修改的理由：${c.events.filter((e) => e.type === 'return_for_revision' && e.data?.reportId === last.id).at(-1)?.data?.note ?? ''}`
          : '';
  // Every other step names what this page shows too (workflow/cases/stale-page.ts): the report
  // under review, the approved reply and its text as shown (published verbatim), the published
  // reply a visit asks about, the unit's assignment and its due date, the pending extension request
  // and the suggestion. Changed meanwhile, the step is refused (409) and the form offers a reload.
  const latest = (status) => c.reports.filter((r) => r.status === status).at(-1);
  const submitted = latest('submitted')?.id;
  const approved = latest('approved');
  const publishing = approved ? { reportId: approved.id, replyText: approved.reviewText ?? approved.text } : {};
  const published = latest('published')?.id;
  const assignment = c.assignments.filter((a) => a.status === 'active' && (!user.unitId || a.unitId === user.unitId)).at(-1);
  // The lead's report ends the 协办 of the assisting units whose 协办意见 has not come (submit-report.ts):
  // the form names them before it is sent, as their opinions could not be given afterwards.
  const owedOpinions = (c.handlingUnits?.assists ?? []).filter((a) => a.status === 'active' && !a.submittedAt).map((a) => a.unit);
  const shownSuggestion = { suggestionKey: c.suggestionKey };
  return {
    // Registering a case flagged 疑似不予受理 overrides the flag: the note is then required (register-case.ts).
    register: {
      path: 'register',
      fixed: shownSuggestion,
      fields: [
        sel('category', '类别', cats, c.category),
        sel('complexity', '复杂程度', cx, c.complexity),
        c.outOfScope ? line('note', '说明（分类器提示疑似不予受理，须写明受理理由）', required) : line('note', '说明'),
      ],
    },
    decide_not_accepted: { path: 'not-accepted', fixed: { ...shownSuggestion, expectedState: c.state }, fields: [fieldSpec('reasons', '理由', 'multi', { options: meta.outOfScopeReasons, required: true }), text('note', '说明', required)] },
    reopen: { path: 'reopen', fields: [text('note', '重新受理的理由', required)] },
    // 协办单位 (0-5, not the lead): boxes, checked again here as the server does (propose-handling.ts).
    propose: {
      path: 'proposal',
      intro: proposeHint,
      // The unit and state this page shows: a colleague's proposal meanwhile, or a changed suggestion, is refused (409).
      fixed: { shownUnitId: c.unitId ?? null, expectedState: c.state },
      fields: [
        // A unit that returned this case before is warned about (its date and reason), not refused:
        // the office may insist after talking to it (workflow/cases/return-warning.ts).
        sel('unitId', '承办单位（主办）', units, returnedBy ? '' : (c.unitId ?? ''), { ...required, warnings: c.returnWarnings ?? {} }),
        fieldSpec('assistUnitIds', '协办单位（可选，最多 5 个）', 'multi', { options: meta.units, maxChecked: 5, notSameAs: 'unitId', hint: '需要其他单位配合办理时勾选；协办单位在同一时限内向主办单位提交协办意见' }),
        text('opinion', '拟办意见', { max: 5000, required: true }),
        sel('complexity', '复杂程度', cx, c.complexity),
      ],
    },
    approve_proposal: { path: 'proposal/decision', fixed: { approve: true, proposalId: shownProposal }, fields: [line('note', '批示')] },
    reject_proposal: { path: 'proposal/decision', fixed: { approve: false, proposalId: shownProposal }, fields: [text('note', '退回理由', required)] },
    withdraw_approval: { path: 'proposal/withdraw', fixed: { proposalId: agreed?.id }, fields: [text('note', '撤回理由', { required: true, hint: '交办前可撤回；撤回后拟办意见回到待审批，可重新同意或退回' })] },
    // 交办 names the agreed proposal the page shows, and says which unit it goes to.
    // The assisting units the page shows go with it: another set agreed meanwhile is refused (409).
    assign: {
      path: 'assign',
      fixed: { proposalId: agreed?.id, ...(agreed ? { assistUnitIds: agreed.assistUnitIds ?? [] } : {}) },
      fields: [],
      intro: agreed ? `交办给 ${agreed.unitName}${agreed.assistUnits?.length ? `（主办），协办：${agreed.assistUnits.map((u) => u.unit).join('、')}` : ''}（经领导同意的拟办意见）` : undefined,
    },
    return_case: {
      path: 'return',
      fixed: { assignmentId: assignment?.id },
      fields: [text('reason', '退回理由', required)],
      doneMessage: '退回交办：已完成。案件已退回区政府办，不再由本单位办理，也不再列在本单位台账中',
    },
    request_extension: {
      path: 'extension',
      fixed: { assignmentId: assignment?.id, dueDate: assignment?.dueDate },
      // 第五条㈣: the unit contacts 督查室 before its due date; asked after it, the lateness stands.
      intro: assignment?.dueDate && chinaDay() > assignment.dueDate ? `已超过办理时限（${assignment.dueDate}）：现在申请延期，同意的天数从原时限起顺延，逾期不因延期而消除。请尽快办结并报送办理情况。` : undefined,
      fields: [text('progress', '办理进展', { max: 5000, required: true }), text('reason', '延期理由', required), fieldSpec('days', '申请延期（工作日）', 'number', { min: 1, max: 30, value: 2 })],
    },
    decide_extension: {
      path: 'extension/decision',
      fixed: { extensionId: pending?.id },
      // A request made after the due date is not 及时 (第五条㈣): granted, it counts on from that date (decide-extension.ts).
      intro: pending && c.dueDate && chinaDay(pending.requestedAt) > c.dueDate ? `本申请提出时已超过办理时限（${c.dueDate}）：同意的天数从原时限起顺延，逾期不因延期而消除。` : undefined,
      // The days granted start at the days asked.
      fields: [sel('approve', '同意延期', yes, 'true'), fieldSpec('days', '批准天数', 'number', { min: 1, max: 30, value: pending?.requestedDays ?? 2 }), text('answer', '答复', required)],
    },
    // A report with a high-risk finding (a citizen's phone or ID number…) or too short is refused
    // unless this box is ticked (workflow/cases/submit-report.ts).
    submit_report: {
      path: 'report',
      fixed: { assignmentId: assignment?.id },
      intro: owedOpinions.length ? `协办单位 ${owedOpinions.join('、')} 尚未提交协办意见：报送后协办即结束，其意见不能再提交。需要其意见的，请等其提交后再报送。` : undefined,
      fields: [
        text('text', '办理情况（答复意见）', { max: 20_000, required: true, liveCheck: true, rows: 6, value: redo, hint: redo ? `已填入被退回的答复，请按退回理由修改后重新报送。${redoReason}` : undefined }),
        fieldSpec('acknowledgeFindings', '已知悉检查提示，仍然报送', 'check', { hint: '含手机号、身份证号等高风险内容或过于简略的办理情况，须修改，或勾选此项后才能报送' }),
      ],
    },
    // reviewText is the reply that goes online as it stands once approved (for an item forwarded
    // from above: the 办理情况 of 《印台政务督查专报》); the office's own report and remarks to the
    // leader go in the note, which only staff see.
    accept_report: {
      path: 'report/review',
      fixed: { accept: true, reportId: submitted },
      fields:
        c.channel === 'forwarded'
          ? [
              text('reviewText', '专报办理情况（可选，修改后的办理情况）', { max: 20_000, liveCheck: true, hint: '经领导审批后写入《印台政务督查专报》上报省、市；不填则用承办单位报送的办理情况' }),
              text('note', '审核意见', { max: 2000 }),
            ]
          : [
              text('reviewText', '对外答复（可选，修改后的答复）', { max: 20_000, liveCheck: true, hint: '经领导审批后原文公开回复网民；不填则公开承办单位报送的答复。督查报告等内部意见请写在下面的「审核意见」中' }),
              text('note', '审核意见（督查报告）', { max: 2000, hint: '不公开回复网民；区政府领导审批时和承办单位在案件页可见' }),
            ],
    },
    reject_report: { path: 'report/review', fixed: { accept: false, reportId: submitted }, fields: [text('note', '退回理由', required)] },
    approve_reply: { path: 'reply/decision', fixed: { approve: true, reportId: shownReply }, fields: [line('note', '审批意见')] },
    send_back_reply: { path: 'reply/decision', fixed: { approve: false, reportId: shownReply }, fields: [text('note', '退回理由', required)] },
    publish_reply: { path: 'publish', fixed: publishing, intro: approved ? '发布的是上面「办理情况与回复」中经领导审批的答复原文；如已被他人更改或退回，将不予发布并提示刷新' : undefined, fields: [fieldSpec('acknowledgeFindings', '已知悉审查提示，仍然发布', 'check')] },
    return_for_revision: { path: 'reply/return', fixed: { reportId: approved?.id }, fields: [text('note', '退回修改的理由', { required: true, hint: '承办单位将看到此理由，修改后重新报送' })] },
    report_upward: { path: 'publish', fixed: publishing, fields: [fieldSpec('acknowledgeFindings', '已知悉审查提示，仍然上报', 'check')] },
    record_supervision: { path: 'supervision', fields: [sel('kind', '督办方式', wf.supervisionKinds), text('note', '督办记录', { max: 5000, required: true })] },
    escalate: { path: 'special-supervision', fields: [text('note', '专项督查事由', required)] },
    mark_key: {
      path: 'mark',
      // 督查室 marks 影响较大 only: its step is not named after the leader's 重点批示 it cannot give.
      label: role === 'leader' ? undefined : '标记影响较大',
      // The boxes show the marks as the page read them, and only a box the user changed is sent
      // (onlyChanged): a mark someone else set meanwhile (督查室 marking 影响较大 while a leader's
      // page was open) is not cleared by an untouched box. Only a leader gives 领导重点批示.
      fields: [
        role === 'leader' ? fieldSpec('leaderMarked', '领导重点批示', 'check', { value: c.leaderMarked, onlyChanged: true }) : null,
        fieldSpec('highImpact', '影响较大', 'check', { value: c.highImpact, onlyChanged: true }),
        text('note', '说明', required),
      ].filter(Boolean),
    },
    visit_satisfied: { path: 'visit', fixed: { reportId: published }, fields: [sel('satisfaction', '满意度', wf.satisfactions.filter((x) => x.id !== 'dissatisfied')), sel('method', '回访方式', methods), text('note', '回访记录')] },
    visit_dissatisfied: { path: 'visit', fixed: { satisfaction: 'dissatisfied', reportId: published }, fields: [sel('method', '回访方式', methods), text('note', '群众意见（回访记录）', required)] },
    // 归档 cannot be undone (已归档，不能再更改): the form says where the case goes and asks for a tick first.
    archive: {
      path: 'archive',
      intro: `${c.archiveVolumeDue ? `将归入「${c.archiveVolumeDue}」卷。` : ''}归档后案件不能再更改：不能再回访、更正类别、拆分或并入。`,
      fields: [fieldSpec('confirmArchive', '确认归档，归档后不能再更改', 'check', { required: true, notSent: true })],
    },
    // 更正类别: the other categories only (the current one would change nothing), the reason required.
    correct_category: { path: 'category', fixed: { shownCategory: c.category }, fields: [sel('category', '更正为', cats.filter((x) => x.id !== c.category)), text('note', '更正理由', required)] },
    // An assisting unit's one step (not in the state machine: the case stays with the lead).
    submit_assist_opinion: { path: 'assist-opinion', fields: [text('text', '协办意见', { max: 5000, required: true, rows: 5, hint: '提交给主办单位和区政府督查室，不对外公开；请在办理时限内提交，提交后不能修改' })] },
  };
}

function control(f) {
  // No maxlength: the browser would cut a pasted text short without a word (a reply's end lost);
  // problems() refuses a text over f.max instead, saying so beside the field.
  if (f.kind === 'textarea') return h('textarea', { name: f.name, rows: String(f.rows ?? 3), value: f.value });
  if (f.kind === 'text') return h('input', { name: f.name });
  if (f.kind === 'number') return h('input', { name: f.name, type: 'number', min: String(f.min), max: String(f.max), step: '1', value: String(f.value) });
  if (f.kind === 'check') return h('input', { name: f.name, type: 'checkbox', value: 'true', checked: Boolean(f.value) });
  if (f.kind === 'multi') return h('div', { class: 'checks', dataset: { name: f.name } }, f.options.map((o) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: f.name, value: o.id }), o.name)));
  return select(f.name, f.options, f.value);
}

const controlOf = (form, f) => (f.kind === 'multi' ? form.querySelector(`.checks[data-name="${f.name}"]`) : form.querySelector(`[name="${f.name}"]`));

/** What is wrong with the form as filled in, as [control, message] pairs (none: it may be sent). */
function problems(form, spec) {
  const found = [];
  for (const f of spec.fields) {
    const el = controlOf(form, f);
    if (f.kind === 'multi') {
      const checked = [...el.querySelectorAll('input:checked')].map((i) => i.value);
      if (f.required && checked.length === 0) found.push([el, `请至少勾选一项${f.label}`]);
      else if (f.maxChecked && checked.length > f.maxChecked) found.push([el, `${f.label.replace(/（.*$/, '')}最多 ${f.maxChecked} 个`]);
      else if (f.notSameAs && checked.includes(form.querySelector(`[name="${f.notSameAs}"]`)?.value)) found.push([el, '主办单位不能同时是协办单位']);
    } else if (f.kind === 'check') {
      if (f.required && !el.checked) found.push([el, `请勾选「${f.label}」`]);
    } else if (f.kind === 'number') {
      const problem = integerProblem(el.value, f.label, f.min, f.max);
      if (problem) found.push([el, problem]);
    } else if (f.required && el.value.trim() === '') {
      found.push([el, f.kind === 'select' ? `请选择${f.label}` : `请填写${f.label}`]);
    } else if (f.max && el.value.length > f.max) {
      // The server's limit (web/api/workflow-routes.ts), counted as it counts.
      found.push([el, `${f.label}过长：最多 ${f.max} 字，现有 ${el.value.length} 字`]);
    }
  }
  const marks = spec.fields.filter((f) => f.onlyChanged);
  if (marks.length && marks.every((f) => controlOf(form, f).checked === Boolean(f.value))) found.push([controlOf(form, marks[0]), '标记没有改变：请勾选或取消要更改的标记']);
  return found;
}

function read(form, spec) {
  const body = { ...(spec.fixed ?? {}) };
  for (const f of spec.fields) {
    // A confirmation the step asks of the user, not a field of the request.
    if (f.notSent) continue;
    if (f.kind === 'multi') body[f.name] = [...form.querySelectorAll(`input[name="${f.name}"]:checked`)].map((i) => i.value);
    else if (f.kind === 'check') {
      const checked = form.querySelector(`input[name="${f.name}"]`).checked;
      if (!f.onlyChanged || checked !== Boolean(f.value)) body[f.name] = checked;
    }
    else {
      const v = form.querySelector(`[name="${f.name}"]`).value;
      if (v === '') continue;
      body[f.name] = f.kind === 'number' ? Number(v) : v === 'true' ? true : v === 'false' ? false : v;
    }
  }
  return body;
}

/**
 * A step refused because the case changed since the page was read (409: a colleague acted, the
 * report or request shown was replaced): the reason stays in the form, not only in a passing
 * toast, with a button that reloads the case. What was typed is kept as a draft across the reload.
 */
function staleNotice(form, message, reload) {
  form.querySelector('.stale-notice')?.remove();
  form.prepend(
    h(
      'div',
      { class: 'stale-notice', role: 'alert' },
      h('p', null, message),
      h('button', { type: 'button', class: 'primary stale-reload', onclick: () => reload() }, '刷新案件（已填写的内容会保留）'),
    ),
  );
}

/** A select whose choices may carry a warning (f.warnings: id → text), shown under it while chosen. */
function selectWithWarning(f, el) {
  const warning = h('p', { class: 'warning choice-warning', role: 'status' });
  const show = () => {
    const text = f.warnings[el.value];
    setText(warning, text ?? '');
    warning.hidden = !text;
  };
  el.addEventListener('change', show);
  show();
  return h('div', { class: 'field-with-warning' }, field(f.label, el, f.hint), warning);
}

/** Which actions to offer: the allowed ones that can succeed now. */
function offeredActions(c, all) {
  const pending = c.extensions.some((x) => x.decision === 'pending');
  return c.allowedActions.filter(
    (a) =>
      all[a] &&
      // Already under special supervision: not escalated twice (the server refuses it too).
      !(a === 'escalate' && c.escalated) &&
      // An extension is answered only while one is pending, and asked for only while none is.
      !(a === 'decide_extension' && !pending) &&
      !(a === 'request_extension' && pending),
  );
}

/**
 * Puts a choice saved in a draft back into the form (a select's option, a number, a group's boxes),
 * unless the form no longer offers it. A select is told of the change, so its warning shows.
 */
function restoreChoice(form, f, saved) {
  if (f.kind === 'multi') {
    const ids = new Set(saved.split(',').filter(Boolean));
    const boxes = [...form.querySelectorAll(`input[name="${f.name}"]`)];
    if (![...ids].every((id) => boxes.some((b) => b.value === id))) return;
    for (const b of boxes) b.checked = ids.has(b.value);
    return;
  }
  const el = form.querySelector(`[name="${f.name}"]`);
  if (f.kind === 'select' && ![...el.options].some((o) => o.value === saved)) return;
  el.value = saved;
  el.dispatchEvent(new Event('change'));
}

/** The form of one action; free text and the choices made are restored from and saved to its draft. */
function actionForm(c, action, spec, { user, label, done }) {
  const submit = h('button', { type: 'submit', class: dangerous.has(action) ? 'danger' : 'primary' }, label);
  const texts = spec.fields.filter((f) => freeText.has(f.kind));
  // The choices made beside the text are kept with it: a 拟办意见 restored after a reload without
  // the 主办 and 协办单位 it was written for would be sent to the suggested unit (QA, office's day).
  // A form is a draft once text is typed (choices alone are none); a choice is kept only when
  // changed from what the form starts with; tick boxes that confirm a step are not kept.
  const choices = spec.fields.filter((f) => f.kind === 'select' || f.kind === 'number' || f.kind === 'multi');
  const valueOf = (f) => (f.kind === 'multi' ? [...form.querySelectorAll(`input[name="${f.name}"]:checked`)].map((i) => i.value).join(',') : form.querySelector(`[name="${f.name}"]`).value);
  let initial = {};
  const draftValues = () => {
    const typed = Object.fromEntries(texts.map((f) => [f.name, valueOf(f)]));
    if (!Object.values(typed).some((v) => v.trim() !== '')) return {};
    return { ...typed, ...Object.fromEntries(choices.filter((f) => valueOf(f) !== initial[f.name]).map((f) => [f.name, valueOf(f)])) };
  };
  const checks = [];
  // The step's last refusal: taken away once the step goes through, so a red 未报送 does not stay
  // on screen beside 已完成 (QA: a 报送 refused for its findings, then sent acknowledged).
  let refusal = null;
  const form = h(
    'form',
    {
      class: 'action-form',
      dataset: { action },
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        if (!reportProblems(form, problems(form, spec))) return;
        submit.disabled = true;
        try {
          await api(`/api/workflow/cases/${c.id}/${spec.path}`, { method: 'POST', body: read(form, spec) });
          clearDraft(user, c.id, action);
          refusal?.remove();
          refusal = null;
          toast(spec.doneMessage ?? `${label}：已完成`);
          done(action);
        } catch (error) {
          refusal?.remove();
          refusal = toast(error.message, 'error');
          // The server's refusals of a page left open end 请刷新后再…; other 409s (findings to acknowledge) do not.
          if (error.status === 409 && error.message.includes('请刷新')) staleNotice(form, error.message, done);
        } finally {
          submit.disabled = false;
        }
      },
      oninput: (e) => {
        const holder = e.target.closest?.('.field');
        if (holder) for (const el of holder.querySelectorAll('.field-error')) el.remove();
        if (texts.length) saveDraft(user, c.id, action, draftValues());
      },
    },
    spec.intro ? h('p', { class: 'hint action-intro' }, spec.intro) : null,
    spec.fields.map((f) => {
      const el = control(f);
      // A group of boxes is not put inside a <label> (nested labels would tick the wrong box).
      if (f.kind === 'multi') return h('div', { class: 'field' }, h('span', { class: 'field-label' }, f.label), el, f.hint ? h('span', { class: 'hint' }, f.hint) : null);
      // A tick box before its words on one line, as the other forms' (.check), not alone under them.
      if (f.kind === 'check') return h('div', { class: 'field' }, h('label', { class: 'check' }, el, f.label), f.hint ? h('span', { class: 'hint' }, f.hint) : null);
      if (f.warnings) return selectWithWarning(f, el);
      if (!f.liveCheck) return field(f.label, el, f.hint);
      const check = liveReplyCheck(el, c.id);
      checks.push(check);
      return h('div', { class: 'field-with-check' }, field(f.label, el, f.hint), check.panel);
    }),
    submit,
  );
  initial = Object.fromEntries(choices.map((f) => [f.name, valueOf(f)]));
  const draft = loadDraft(user, c.id, action);
  const restored = texts.filter((f) => typeof draft[f.name] === 'string' && draft[f.name] !== '');
  for (const f of restored) form.querySelector(`[name="${f.name}"]`).value = draft[f.name];
  // With the text, the choices made with it; one no longer offered (a unit since disabled) is left as the form starts.
  if (restored.length) for (const f of choices) if (typeof draft[f.name] === 'string') restoreChoice(form, f, draft[f.name]);
  if (restored.length) form.prepend(h('p', { class: 'hint draft-note' }, '已恢复未提交的内容（草稿只保存在本浏览器窗口）'));
  // A form that starts with text (a draft, or the reply sent back) is open with its checks shown.
  const prefilled = restored.length > 0 || texts.some((f) => typeof f.value === 'string' && f.value !== '');
  if (prefilled) for (const check of checks) check.run();
  clearFieldErrors(form);
  return h('details', { class: 'action', open: prefilled }, h('summary', null, label), form);
}

/** The action forms for a case; `done(action)` after a step succeeds (the page reloads, or leaves a case no longer the user's). */
export function actionForms(c, meta, wf, actionNames, done, user = {}) {
  const all = specs(meta, wf, c, user);
  const offered = [...offeredActions(c, all), ...(c.canSubmitAssistOpinion ? ['submit_assist_opinion'] : [])];
  const forms = offered.map((action) => actionForm(c, action, all[action], { user: user.username ?? '', label: all[action].label ?? actionNames[action] ?? (action === 'submit_assist_opinion' ? '提交协办意见' : action), done }));
  // Split is offered beside each copy on the page; merge picks its target here.
  if (c.allowedActions.includes('merge_into')) {
    const merge = mergeForm(c, { ctxMeta: meta, done, username: user.username ?? '' });
    forms.push(h('details', { class: 'action', dataset: { action: 'merge_into' }, open: merge.querySelector('.draft-note') !== null }, h('summary', null, '并入其他案件'), merge));
  }
  // No step of the path for this reader (a mark or correction at most): who takes the case on, so
  // a clerk knows what it is waiting for (get-case.ts nextSteps).
  const next = (c.nextSteps ?? []).map((s) => `由${s.who}${s.steps.join('或')}`).join('；');
  const nextNote = next ? h('p', { class: 'next-step', id: 'next-step' }, `下一步：${next}`) : null;
  if (forms.length) return [...forms, nextNote];
  return [h('p', { class: 'muted' }, c.archivedAt ? '已归档，不能再更改' : '当前没有您可以办理的步骤'), nextNote];
}
