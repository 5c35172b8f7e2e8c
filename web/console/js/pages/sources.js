// 采集来源: the health of every crawler source, (#/sources/excluded) the messages their scopes left out,
// and for the admin (#/sources/draft) 起草新来源: a source drafted from a site's list page.
import { api } from '../api.js';
import { badge, fmtTime, h } from '../dom.js';
import { renderExcluded } from './excluded.js';
import { renderSourceDraft } from './source-draft.js';

const healthNames = { ok: ['正常', 'ok'], held: ['网站要求暂停访问', 'warn'], stale: ['长时间未运行', 'warn'], error: ['采集出错', 'danger'], layout: ['页面结构变化', 'danger'], blocked: ['网站拦截访问', 'danger'], never: ['尚未运行', 'muted'], removed: ['不在来源文件中', 'muted'], disabled: ['已停用（不采集）', 'muted'], manual: ['手工录入（无需采集）', 'muted'] };

/** The number of a source's excluded messages, linking to their list (a plain 0 when there are none). */
function excludedCell(s) {
  const n = s.excludedMessages ?? 0;
  return h('td', { class: 'num excluded' }, n > 0 ? h('a', { href: `#/sources/excluded?sourceId=${encodeURIComponent(s.id)}`, title: '查看排除的留言' }, String(n)) : '0');
}

/** `21:30` (Beijing time) on today's date there, else `11月30日 09:15`. */
function clock(iso) {
  const day = (d) => d.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric' });
  const at = new Date(iso);
  const time = at.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
  return day(at) === day(new Date()) ? time : `${day(at)} ${time}`;
}

/**
 * 问题: the layout alert and the access alert (the site's login page or firewall in front of its pages), the site's hold-off (网站要求暂停访问至 HH:MM) while it lasts, else the last error while it is current. An error from before the last
 * successful run is history: shown as recovered, with its time, so a healthy source does not read
 * as one with a changed site (QA: 正常 beside 布局告警…网站可能改版 from a run fixed since).
 * Below it, the charset notice (编码提示) of the last run: the pages were read right in another
 * charset than the site names, and the source file may say so (no error: the row stays as it is).
 */
function problemCell(s) {
  const notice = s.charsetNotice ? h('div', { class: 'charset-notice' }, `编码提示：${s.charsetNotice}`) : null;
  const alerts = [s.layoutAlert, s.accessAlert].filter(Boolean);
  if (alerts.length) return h('td', { class: 'problem' }, alerts.join('；'), notice);
  if (s.heldOffUntil) return h('td', { class: 'problem' }, `网站要求暂停访问至 ${clock(s.heldOffUntil)}（Retry-After），到时再采集`, notice);
  if (!s.lastError) return h('td', { class: 'problem' }, notice);
  const recovered = s.lastSuccessAt && s.lastErrorAt && s.lastErrorAt < s.lastSuccessAt;
  if (!recovered) return h('td', { class: 'problem' }, s.lastError, notice);
  return h('td', { class: 'problem recovered' }, `已恢复（${fmtTime(s.lastErrorAt)} 出错：${s.lastError}）`, notice);
}

export async function renderSources(view, ctx) {
  if (ctx?.parts?.[1] === 'excluded') return renderExcluded(view, ctx);
  if (ctx?.parts?.[1] === 'draft') return renderSourceDraft(view, ctx);
  const { sources } = await api('/api/console/sources');
  const excluded = sources.reduce((n, s) => n + (s.excludedMessages ?? 0), 0);
  const counts = Object.fromEntries(Object.keys(healthNames).map((k) => [k, sources.filter((s) => s.health === k).length]));
  view.append(
    h('div', { class: 'page-head' }, h('h2', null, '采集来源'), h('span', { class: 'muted' }, `共 ${sources.length} 个 · 正常 ${counts.ok} · 异常 ${counts.error + counts.layout + counts.blocked}`), h('a', { href: '#/sources/excluded', id: 'excluded-link' }, `非本区留言（已排除 ${excluded} 条）`), ctx?.user?.role === 'admin' ? h('a', { href: '#/sources/draft', id: 'source-draft-link' }, '起草新来源') : null),
    h(
      'table',
      { class: 'grid', id: 'sources' },
      h('thead', null, h('tr', null, ['来源', '渠道', '状态', '最近运行', '最近成功', '已采集留言', '网站已删除', '非本区已排除', '抓取页数', '问题'].map((t) => h('th', null, t)))),
      h(
        'tbody',
        null,
        sources.map((s) => {
          const [name, kind] = healthNames[s.health] ?? [s.health, ''];
          return h('tr', { class: [kind === 'danger' && 'bad'] }, h('td', null, s.name, h('div', { class: 'muted' }, s.id)), h('td', null, s.channelName), h('td', null, badge(name, kind)), h('td', null, fmtTime(s.lastRunAt)), h('td', null, fmtTime(s.lastSuccessAt)), h('td', { class: 'num' }, String(s.messages)), h('td', { class: 'num removed' }, String(s.removedMessages ?? 0)), excludedCell(s), h('td', { class: 'num' }, String(s.pagesFetched)), problemCell(s));
        }),
        sources.length ? null : h('tr', null, h('td', { colspan: '10', class: 'empty' }, '尚未配置采集来源')),
      ),
    ),
  );
}
