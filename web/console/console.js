// The console's shell: sign-in, navigation by role, and a hash router (#/review, #/ledger,
// #/case/<id>, #/returned, #/board, #/bulletin, #/accuracy, #/sources, #/export, #/enter, #/help). Pages are ES modules in js/pages/.
import { api, setUnauthorizedHandler } from './js/api.js';
import { clear, h, toast } from './js/dom.js';
import { clearAllDrafts } from './js/drafts.js';
import { showQueueDataNotice } from './js/queue-data-notice.js';
import { renderLogin } from './js/pages/login.js';
import { renderReview } from './js/pages/review.js';
import { renderLedger } from './js/pages/ledger.js';
import { renderReturned } from './js/pages/returned.js';
import { renderCase } from './js/pages/case.js';
import { renderBoard } from './js/pages/board.js';
import { renderBulletin } from './js/pages/bulletin.js';
import { renderAccuracy } from './js/pages/accuracy.js';
import { renderSources } from './js/pages/sources.js';
import { renderExport } from './js/pages/export.js';
import { renderAccounts } from './js/pages/accounts.js';
import { renderCalendar } from './js/pages/calendar.js';
import { renderBackups } from './js/pages/backups.js';
import { renderSecurityLog } from './js/pages/security-log.js';
import { renderHelp } from './js/pages/help.js';
import { renderEntry } from './js/pages/enter.js';
import { renderVisits } from './js/pages/visits.js';
import { renderReplyApprovals } from './js/pages/reply-approvals.js';

const offices = ['egov_centre', 'gov_office', 'leader', 'supervision', 'admin'];
const pages = [
  { path: 'review', name: '分类审核', roles: offices, render: renderReview },
  { path: 'ledger', name: '台账', roles: [...offices, 'unit'], render: renderLedger },
  // A unit's record of the cases it returned (退回交办), which leave its ledger; the offices read
  // returns in the ledger (承办单位已退回) and each case's 办理过程.
  { path: 'returned', name: '本单位退回', roles: ['unit'], render: renderReturned },
  // 批量回访: the roles that record 回访 (workflow/cases/state-machine.ts; the server's visitRoles).
  { path: 'visits', name: '批量回访', roles: ['egov_centre', 'supervision'], render: renderVisits },
  // 批量审核: the leader approving the replies 督查室 passed (the server's approve_reply role).
  { path: 'reply-approvals', name: '批量审核', roles: ['leader'], render: renderReplyApprovals },
  { path: 'board', name: '督查看板', roles: [...offices, 'unit'], render: renderBoard },
  // A unit sees only its own row of the bulletin (/api/console/unit-bulletin).
  { path: 'bulletin', name: '通报统计', roles: [...offices, 'unit'], render: renderBulletin },
  // The server refuses the figures to other roles too (suggestionAgreementViewers).
  { path: 'accuracy', name: '建议准确率', roles: ['admin', 'egov_centre', 'leader', 'supervision'], render: renderAccuracy },
  { path: 'sources', name: '采集来源', roles: offices, render: renderSources },
  { path: 'export', name: '数据导出', roles: [...offices, 'unit'], render: renderExport },
  { path: 'accounts', name: '账号', roles: [...offices, 'unit'], render: renderAccounts, hidden: true },
  { path: 'calendar', name: '节假日', roles: ['admin'], render: renderCalendar, hidden: true },
  { path: 'backups', name: '数据备份', roles: ['admin'], render: renderBackups, hidden: true },
  { path: 'security-log', name: '安全审计', roles: ['admin'], render: renderSecurityLog, hidden: true },
  // Reached from 分类审核 (录入留言); hidden from the navigation as the review page links it.
  { path: 'enter', name: '录入留言', roles: ['egov_centre', 'admin'], render: renderEntry, hidden: true },
];
// Where each role starts: a unit on its own to-do (待我办理), not the whole ledger of its cases.
const home = { egov_centre: 'review', supervision: 'board', leader: 'board', unit: 'ledger?todo=true' };

const ctx = { user: null, meta: null, cleanup: null };
let generation = 0; // a newer route() makes an older, still-loading page discard itself
const view = document.getElementById('view');

// What the browser scrolls into view (a row reached by Shift+Tab, a focused field) stops below the
// pinned header (console.css), not behind it: the page's scroll-padding-top is the header's height,
// kept as it changes (it wraps on a phone). The selection dock keeps the bottom so (js/selection-dock.js).
const header = document.getElementById('top');
new window.ResizeObserver(() => {
  document.documentElement.style.scrollPaddingTop = `${Math.ceil(header.getBoundingClientRect().height)}px`;
}).observe(header);

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  const parts = (path ?? '').split('/').filter(Boolean);
  return { parts, query: new window.URLSearchParams(qs ?? '') };
}

/**
 * The line under the signed-in name: role and unit, without repeating a name that is the role's (the
 * default accounts) or the unit's (a unit's account named after it: 区交通局 above 承办单位, not 承办单位 · 区交通局).
 */
function whoDetail(user) {
  const detail = [user.displayName === user.roleName ? null : user.roleName, user.unit === user.displayName ? null : user.unit].filter(Boolean).join(' · ');
  return detail ? h('small', null, detail) : null;
}

function renderShell() {
  const nav = clear(document.getElementById('nav'));
  const user = clear(document.getElementById('user'));
  if (!ctx.user) return;
  const current = parseHash().parts[0];
  for (const p of pages.filter((p) => p.roles.includes(ctx.user.role) && (!p.hidden || ctx.user.role === 'admin'))) {
    nav.append(h('a', { href: `#/${p.path}`, class: current === p.path || (current === 'case' && p.path === 'ledger') ? 'active' : '' }, p.name));
  }
  // The BullMQ dashboard (bull-board), a page of its own: the server offers it to admins only, and
  // only in production (REDIS_URL); the embedded in-process queue has nothing to show.
  if (ctx.meta?.queueDashboard) {
    nav.append(h('a', { href: ctx.meta.queueDashboard, id: 'queue-dashboard-link', target: '_blank', rel: 'noopener', title: '在新标签页打开任务队列面板（BullMQ）' }, '任务队列'));
  }
  user.append(
    h('a', { class: ['help-link', current === 'help' && 'active'], href: '#/help', id: 'help-link' }, '使用说明'),
    h('a', { class: 'who', href: '#/accounts', title: '账号与密码' }, ctx.user.displayName, whoDetail(ctx.user)),
    h('button', { class: 'link', type: 'button', id: 'logout', onclick: logout }, '退出'),
  );
}

async function logout() {
  try {
    await api('/api/session/logout', { method: 'POST' });
  } catch {
    // signed out anyway
  }
  ctx.user = null;
  clearAllDrafts(); // drafts of case forms are not left for whoever uses this tab next
  location.hash = '#/login';
  route();
}

async function route() {
  const mine = ++generation;
  if (ctx.cleanup) {
    ctx.cleanup();
    ctx.cleanup = null;
  }
  const { parts, query } = parseHash();
  // Read again on every page, so a loss (and its re-sending) shows without signing in again.
  void showQueueDataNotice(document.getElementById('system-notice'), ctx.user);
  // 使用说明 is static text: readable before sign-in too (linked from the sign-in page).
  if (!ctx.user && parts[0] === 'help') {
    renderShell();
    renderHelp(clear(view), { ...ctx, parts, query });
    return;
  }
  if (!ctx.user || parts[0] === 'login') {
    if (ctx.user) {
      location.hash = `#/${home[ctx.user.role] ?? 'ledger'}`;
      return;
    }
    renderShell();
    renderLogin(clear(view), { onSignedIn });
    return;
  }
  renderShell();
  const page = parts[0] === 'case' ? { render: renderCase } : parts[0] === 'help' ? { render: renderHelp } : pages.find((p) => p.path === parts[0] && p.roles.includes(ctx.user.role));
  if (!page) {
    location.hash = `#/${home[ctx.user.role] ?? 'ledger'}`;
    return;
  }
  // Each page renders into its own container, so a superseded render writes into a detached node.
  const container = h('div', { class: 'page' });
  view.replaceChildren(container);
  // A page moves on only while it is still the one shown: a step's answer arriving after the user
  // opened another page (slow network) must not take them back to reload the case they left. The
  // address is compared without its query, which a page may rewrite itself (起草新来源's job id).
  const shownAt = location.hash.split('?')[0];
  const navigate = (hash) => {
    if (mine === generation && location.hash.split('?')[0] === shownAt) location.hash = hash;
  };
  try {
    const cleanup = await page.render(container, { ...ctx, parts, query, navigate });
    if (typeof cleanup === 'function') {
      if (mine === generation) ctx.cleanup = cleanup;
      else cleanup();
    }
  } catch (error) {
    if (error.status !== 401) container.append(h('div', { class: 'error-box' }, `加载失败：${error.message}`));
  }
  if (mine === generation) view.focus({ preventScroll: true });
}

async function onSignedIn(user) {
  ctx.user = user;
  ctx.meta = await api('/api/console/meta');
  toast(`欢迎，${user.displayName}`);
  const wanted = parseHash().parts[0];
  location.hash = wanted && wanted !== 'login' ? location.hash : `#/${home[user.role] ?? 'ledger'}`;
  route();
}

setUnauthorizedHandler(() => {
  if (!ctx.user) return;
  ctx.user = null;
  toast('登录已过期，请重新登录', 'error');
  route();
});

window.addEventListener('hashchange', route);

(async () => {
  try {
    const { user } = await api('/api/session');
    if (user) {
      ctx.user = user;
      ctx.meta = await api('/api/console/meta');
    }
  } catch (error) {
    toast(error.message, 'error');
  }
  route();
})();
