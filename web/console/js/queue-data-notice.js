// The line above every page telling the staff who run the system (系统管理员, the centre) that Redis
// lost the queue's data: when, and whether the lost work was sent again (the server words it:
// /api/console/queue-data-loss). Shown while the re-sending is not done, and for three days after
// the loss once it is; other roles are not asked (the server refuses them too).
import { api } from './api.js';
import { clear, h } from './dom.js';

const runners = ['admin', 'egov_centre'];
const shownForMs = 3 * 86_400_000;

/** Fills `el` with the notice for `user` (empties it for another role, or when signed out); a failed read leaves it empty. */
export async function showQueueDataNotice(el, user) {
  if (!user || !runners.includes(user.role)) {
    clear(el);
    return;
  }
  let loss = null;
  try {
    ({ loss } = await api('/api/console/queue-data-loss'));
  } catch {
    // The page itself says what failed; this line is extra.
  }
  const recent = loss && (loss.resend !== 'done' || Date.now() - Date.parse(loss.lostAt) < shownForMs);
  if (!recent) {
    clear(el);
    return;
  }
  el.replaceChildren(h('div', { class: ['queue-data-notice', loss.resend === 'done' ? 'notice' : 'error-box'], role: 'status', dataset: { resend: loss.resend } }, loss.text));
}
