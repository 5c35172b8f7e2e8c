// 使用说明: what each role does in the console at each step of the measures' procedure. The text
// is static (help-content.js); the signed-in user's own role comes first, marked, and the user's
// name and unit (untrusted: set by an admin) are only ever text nodes. Reachable before sign-in
// too (from the sign-in page), then with every role's section.
import { h } from '../dom.js';
import { common, faq, procedure, roles, topics } from './help-content.js';

/** Role sections in the order of the procedure. */
const roleOrder = ['egov_centre', 'gov_office', 'leader', 'supervision', 'unit', 'admin'];

function section(id, title, body, { mine = false } = {}) {
  return h('section', { class: ['card', 'help-section', mine && 'mine'], id }, h('h3', null, title, mine ? h('span', { class: 'badge info' }, '您的角色') : null), body);
}

const list = (items) => h('ul', { class: 'help-list' }, items.map((parts) => h('li', null, ...parts)));

export function renderHelp(view, ctx) {
  const user = ctx.user;
  const mine = user && roles[user.role] ? user.role : null;
  const order = mine ? [mine, ...roleOrder.filter((r) => r !== mine)] : roleOrder;
  const roleSections = order.map((r) => section(`help-role-${r}`, roles[r].title, list(roles[r].items), { mine: r === mine }));
  const topicSections = topics.map((t) => section(`help-${t.id}`, t.title, list(t.items)));
  const faqSection = section('help-faq', '常见问题', h('dl', { class: 'help-faq' }, faq.map(([q, a]) => [h('dt', null, q), h('dd', null, a)])));
  const overview = section(
    'help-procedure',
    '办理流程',
    h('ol', { class: 'help-steps' }, procedure.map(([step, text]) => h('li', null, h('b', null, step), '：', text))),
  );
  overview.append(...common.map((parts) => h('p', null, ...parts)));
  // In-page jumps are buttons: a "#…" link would be taken by the hash router for a page.
  const jumps = [...roleSections, ...topicSections, faqSection].map((s) =>
    h('button', { type: 'button', class: 'help-jump', onclick: () => s.scrollIntoView({ block: 'start' }) }, s.querySelector('h3').firstChild.textContent),
  );
  const head = h(
    'div',
    { class: 'page-head' },
    h('h2', null, '使用说明'),
    h('span', { class: 'muted' }, '依据《网民留言处理和市长信箱、区长信箱管理暂行办法》（铜印政办发〔2012〕56号）'),
    user ? null : h('a', { href: '#/login', class: 'button', id: 'help-login' }, '返回登录'),
  );
  // The name and unit after the role, without repeating a name that is the role's (the default accounts: 区政府办).
  const detail = user ? [user.displayName === user.roleName ? null : user.displayName, user.unit].filter(Boolean).join(' · ') : '';
  const who = user ? h('p', { id: 'help-who' }, '您的角色：', h('b', null, user.roleName ?? ''), detail ? `（${detail}）` : null) : null;
  // Inside h(): a null child is skipped (view.append would print it as "null").
  view.append(h('div', { class: 'help' }, head, who, h('nav', { class: 'help-jumps', 'aria-label': '使用说明目录' }, jumps), overview, ...roleSections, ...topicSections, faqSection));
}
