// 批量审核 (#/reply-approvals, 区政府领导, 第四条㈦): the replies the supervision office passed
// (督查室已审核待领导审批), each with its text as it would go out (and, where 督查室 changed it at 审核,
// the unit's own report under it, with 督查室意见) and its pre-publication findings, a
// tick box to approve it and, on a reply with high-risk findings, a box 「已知悉检查提示」 without
// which the server refuses it (workflow/cases/approve-replies.ts). 「审批同意所选答复」 approves the
// ticked replies case by case, each naming the reply its row showed: a reply changed or decided
// meanwhile, or one whose findings were not acknowledged, keeps its row with the reason; the others
// leave the list. Sending a reply back needs a reason of its own: the case page (审批退回答复).
// The replies are untrusted text (units' and citizens' words): text nodes only, as everywhere.
import { api } from '../api.js';
import { h, setText, toast } from '../dom.js';
import { unitOriginalReport } from '../report-original.js';

const severityNames = { high: ['高风险', 'danger'], medium: ['注意', 'warn'], low: ['提示', ''] };

function findingsList(findings) {
  if (!findings.length) return h('p', { class: 'muted check-ok' }, '✓ 发布前检查：未发现需要注意的措辞');
  return h(
    'ul',
    { class: 'findings' },
    findings.map((f) => {
      const [name, kind] = severityNames[f.severity] ?? ['提示', ''];
      return h('li', { dataset: { rule: f.rule } }, h('span', { class: ['badge', kind] }, name), ' ', f.message, f.excerpt ? `（“${f.excerpt}”）` : '');
    }),
  );
}

export async function renderReplyApprovals(view) {
  const data = await api('/api/workflow/replies/awaiting-approval');
  let remaining = data.total;
  const countText = () => `待审批答复 ${remaining} 件`;
  const summary = h('span', { class: 'muted', id: 'reply-approvals-count' }, countText());
  const approveButton = h('button', { type: 'button', class: 'primary', id: 'reply-approvals-approve', disabled: true }, '审批同意所选答复');
  const result = h('div', { id: 'reply-approvals-result', 'aria-live': 'polite' });
  const list = h('div', { id: 'reply-approvals' });
  const rows = [];
  const ticked = () => rows.filter((row) => !row.done && row.pick.checked);
  const refresh = () => {
    const n = ticked().length;
    approveButton.disabled = n === 0;
    setText(approveButton, n ? `审批同意所选答复（${n} 件）` : '审批同意所选答复');
  };

  for (const r of data.items) {
    const pick = h('input', { type: 'checkbox', class: 'reply-pick', 'aria-label': `选中 ${r.ledgerNo} 的答复以批量审批`, onchange: refresh });
    const acknowledge = r.blocking ? h('input', { type: 'checkbox', class: 'reply-acknowledge' }) : null;
    const outcome = h('p', { class: 'row-outcome', role: 'status' });
    const card = h(
      'section',
      { class: 'card reply-approval', dataset: { caseId: r.caseId } },
      h('label', { class: 'check' }, pick, h('strong', null, r.ledgerNo), ' ', h('a', { href: `#/case/${encodeURIComponent(r.caseId)}` }, r.title), r.unitName ? h('span', { class: 'muted' }, ` · ${r.unitName}`) : null),
      h('div', { class: 'message-text reply-text' }, r.text),
      // The text the leader approves is 督查室's when it changed the unit's at 审核: said, with the unit's own beside it.
      r.submittedText != null ? unitOriginalReport(r.submittedText) : null,
      r.reviewNote ? h('div', { class: 'muted review-note' }, `督查室意见：${r.reviewNote}`) : null,
      h('div', { class: 'reply-check' }, findingsList(r.findings)),
      acknowledge ? h('label', { class: 'check warning' }, acknowledge, `已知悉检查提示（${r.blocking} 处高风险），仍然审批同意`) : null,
      outcome,
    );
    rows.push({ r, pick, acknowledge, outcome, card, done: false });
    list.append(card);
  }

  approveButton.addEventListener('click', async () => {
    const picked = ticked();
    if (!picked.length) return;
    approveButton.disabled = true;
    setText(result, '');
    try {
      const items = picked.map((row) => ({ caseId: row.r.caseId, reportId: row.r.reportId, ...(row.acknowledge?.checked ? { acknowledgeFindings: true } : {}) }));
      const out = await api('/api/workflow/replies/approve', { method: 'POST', body: { items } });
      const byCase = new Map(out.outcomes.map((o) => [o.caseId, o]));
      for (const row of picked) {
        const o = byCase.get(row.r.caseId);
        if (o?.ok) {
          row.done = true;
          row.pick.checked = false;
          row.pick.disabled = true;
          row.card.classList.add('done');
          setText(row.outcome, '已审批同意，待回复');
          remaining = Math.max(0, remaining - 1);
        } else {
          row.outcome.classList.add('error');
          setText(row.outcome, `未审批：${o?.message ?? '未知原因'}`);
        }
      }
      setText(summary, countText());
      const refused = out.outcomes.filter((o) => !o.ok).length;
      toast(refused ? `已审批同意 ${out.approved} 件，${refused} 件未审批` : `已审批同意 ${out.approved} 件`, refused ? 'error' : 'ok');
    } catch (error) {
      result.replaceChildren(h('p', { class: 'error-box', role: 'alert' }, `批量审核失败：${error.message}`));
    }
    refresh();
  });

  view.append(
    h('div', { class: 'page-head' }, h('h2', null, '批量审核'), summary),
    h(
      'p',
      { class: 'muted', id: 'reply-approvals-note' },
      '督查室已审核、待领导审批的答复。逐件阅读答复原文和发布前检查，勾选同意的答复后点「审批同意所选答复」。有高风险提示的答复须勾选该行「已知悉检查提示」才能审批；未审批的，原因显示在该行，其他答复照常审批。需退回的请进入案件页「审批退回答复」并填写理由。',
    ),
    h('div', { class: 'card batch-bar' }, approveButton, result),
    data.items.length ? list : h('p', { class: 'muted', id: 'reply-approvals-empty' }, '没有待审批的答复'),
  );
}
