// 属地不明 letters awaiting a look: city-mailbox messages the gazetteer left out because they name
// no place at all (not another district), which may well be this district's. Shown as a link to
// the 非本区留言 list filtered to them, on the pages where each office's other counts are.
import { api } from './api.js';
import { h } from './dom.js';

/** Who may read the excluded messages (workflow's excludedViewers). */
const viewers = ['egov_centre', 'supervision', 'gov_office', 'leader', 'admin'];

/** A link "属地不明待查看 N 条", or null (none waiting, or a role that may not see them). The count is the list's own total. */
export async function unclearExcludedLink(role) {
  if (!viewers.includes(role)) return null;
  const data = await api('/api/console/sources/excluded', { query: { exclusionKind: 'no_place', limit: 1 } });
  if (!data.total) return null;
  return h('a', { href: '#/sources/excluded?exclusionKind=no_place', id: 'unclear-excluded', class: 'badge warn', title: '市长信箱中未提及任何地名、按地名表排除的留言：可能属于本区，请查看' }, `属地不明待查看 ${data.total} 条`);
}
