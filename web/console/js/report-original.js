// The unit's own report under a reply 督查室 rewrote at 审核: the text that goes out (and that the
// leader approves) is 督查室's, the unit's stays on the record, folded under one line that says so.
// The case page's 办理情况与回复 and 批量审批答复 show it alike.
import { h } from './dom.js';

export function unitOriginalReport(text) {
  return h('details', { class: 'report-original' }, h('summary', null, '督查室审核时修改了答复，查看承办单位报送的原文'), h('div', { class: 'message-text' }, text));
}
