// The pre-publication checks (POST /api/workflow/review/check) run while a reply is being written:
// a short pause after typing, the findings are listed under the text box, so a unit sees a phone
// number or a shirking phrase before it sends the report, not after.
import { api } from './api.js';
import { clear, h } from './dom.js';

const severityNames = { high: ['高风险', 'danger'], medium: ['注意', 'warn'], low: ['提示', ''] };

/** Wires a live check to `textarea`; returns the panel to place under it and a `run` to check now. */
export function liveReplyCheck(textarea, caseId, { delayMs = 600 } = {}) {
  const panel = h('div', { class: 'reply-check', 'aria-live': 'polite' });
  let timer = null;
  let asked = 0;
  const run = async () => {
    const text = textarea.value.trim();
    const mine = ++asked;
    if (!text) {
      clear(panel);
      return;
    }
    try {
      const { findings } = await api('/api/workflow/review/check', { method: 'POST', body: { text, caseId } });
      if (mine !== asked) return; // a newer check is on its way
      clear(panel);
      if (findings.length === 0) {
        panel.append(h('p', { class: 'muted check-ok' }, '✓ 发布前检查：未发现需要注意的措辞'));
        return;
      }
      panel.append(
        h('p', { class: 'check-head' }, `发布前检查：${findings.length} 处需要注意（请在报送前修改）`),
        h(
          'ul',
          { class: 'findings' },
          findings.map((f) => {
            const [name, kind] = severityNames[f.severity] ?? ['提示', ''];
            return h('li', { dataset: { rule: f.rule } }, h('span', { class: ['badge', kind] }, name), ' ', f.message, f.excerpt ? `（“${f.excerpt}”）` : '');
          }),
        ),
      );
    } catch {
      if (mine === asked) clear(panel); // the check is advice; the report can still be sent
    }
  };
  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  });
  return { panel, run };
}
