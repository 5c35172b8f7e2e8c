// The line above every page telling the staff who run the system (系统管理员, the centre) that Redis
// lost the queue's data: when, and whether the lost work was sent again (the server words it:
// /api/console/queue-data-loss). Shown while the re-sending is not done, and for three days after
// the loss once it is, unless someone said 知道了: offered once the re-sending is done, it hides that
// loss's line for everyone (the server records who and when; a later loss shows again). Other roles
// are not asked (the server refuses them too).
import { api } from './api.js';
import { clear, h, toast } from './dom.js';

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
  const recent = loss && !loss.dismissed && (loss.resend !== 'done' || Date.now() - Date.parse(loss.lostAt) < shownForMs);
  if (!recent) {
    clear(el);
    return;
  }
  const dismiss = async (event) => {
    event.currentTarget.disabled = true;
    try {
      await api('/api/console/queue-data-loss/dismiss', { method: 'POST', body: { lostAt: loss.lostAt } });
      clear(el);
      toast('已标记为知道了：此次任务队列数据丢失的提示不再向任何人显示');
    } catch (error) {
      toast(error.message, 'error');
      await showQueueDataNotice(el, user);
    }
  };
  el.replaceChildren(
    h(
      'div',
      { class: ['queue-data-notice', loss.resend === 'done' ? 'notice' : 'error-box'], role: 'status', dataset: { resend: loss.resend } },
      h('span', { class: 'queue-data-text' }, loss.text),
      loss.dismissible ? h('button', { type: 'button', class: 'queue-data-dismiss', title: '此次数据丢失的提示不再向任何人显示', onclick: dismiss }, '知道了') : null,
    ),
  );
}
