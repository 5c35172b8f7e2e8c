/**
 * 'forwarded': items forwarded to the district by the province or the city (受理范围 3). List
 * `/zbj/list?page=N` as `table.zb-list tr` with 转办编号, 标题, 来源层级 (省/市), 转办日期,
 * 上级办理时限, 状态; detail `/zbj/detail?id=ID` as `dl.zb-detail` dt/dd pairs.
 */
import { esc, page, pagerLinks } from '../html.js';
import { htmlType, type ShapeContext, type ShapeDefinition, type ShapeResponse } from '../engine.js';
import { formatSiteTime, parseSiteTime } from '../samples.js';
import type { SiteMessage } from '../types.js';

const levelName = { province: '省', city: '市' } as const;
const channelName = { province: '陕西省人民政府网 省长信箱', city: '铜川市人民政府 市长信箱' } as const;

/** Fills forwarding fields deterministically from the id when the message has none. */
function prepare(m: SiteMessage): SiteMessage {
  const n = Number(m.id.replace(/\D/g, '').slice(-6)) || m.id.length;
  const originLevel = m.originLevel ?? (n % 3 === 0 ? 'province' : 'city');
  const day = m.postedAt.slice(0, 10).replaceAll('-', '');
  const forwardNo = m.forwardNo ?? `${originLevel === 'province' ? 'SXZB' : 'TCZB'}${day}${String(n % 10000).padStart(4, '0')}`;
  const upperDeadline = m.upperDeadline ?? formatSiteTime(parseSiteTime(m.postedAt) + (originLevel === 'province' ? 10 : 5) * 86400_000).slice(0, 10);
  return { ...m, originLevel, forwardNo, upperDeadline, district: m.district ?? '印台区' };
}

function listPage(n: number, ctx: ShapeContext): ShapeResponse {
  const slice = ctx.page(n);
  const items = n > slice.totalPages ? [] : slice.items;
  const rows = items
    .map((m) =>
      ctx.redesign
        ? `<li class="zb-item"><a href="/zbj/detail?id=${esc(m.id)}">${esc(m.title)}</a><span>${esc(m.forwardNo)}</span></li>`
        : `<tr><td>${esc(m.forwardNo)}</td><td><a href="/zbj/detail?id=${esc(m.id)}" target="_blank">${esc(m.title)}</a></td><td>${levelName[m.originLevel ?? 'city']}</td><td>${esc(m.postedAt.slice(0, 10))}</td><td>${esc(m.upperDeadline)}</td><td>${esc(m.status)}</td></tr>`,
    )
    .join('\n');
  const table = ctx.redesign
    ? `<ul class="zb-items">${rows}</ul>`
    : `<table class="zb-list">\n<tr><th>转办编号</th><th>标题</th><th>来源层级</th><th>转办日期</th><th>上级办理时限</th><th>状态</th></tr>\n${rows}\n</table>`;
  const body = `<h2>省市转办件</h2>${table}${pagerLinks(Math.min(n, slice.totalPages), slice.totalPages, (p) => `/zbj/list?page=${p}`)}`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: '省市转办件', body }) };
}

function detailPage(id: string, ctx: ShapeContext): ShapeResponse | undefined {
  const m = ctx.find(id);
  if (!m) return undefined;
  const level = m.originLevel ?? 'city';
  const pairs: [string, string][] = [
    ['转办编号', m.forwardNo ?? ''],
    ['来源层级', levelName[level]],
    ['来源渠道', channelName[level]],
    ['标题', m.title],
    ['来信人', m.author ?? '匿名'],
    ['来信时间', m.postedAt],
    ['来信内容', m.content],
    ['类型', m.type],
    ['上级办理时限', m.upperDeadline ?? ''],
    ['承办单位', m.unit ?? ''],
    ['办理状态', m.status],
    ['答复时间', m.replyAt ?? ''],
    ['答复内容', m.replyText ?? ''],
  ];
  const body = `<h2>转办件详情</h2><dl class="zb-detail">\n${pairs.map(([k, v]) => `<dt>${k}</dt><dd>${esc(v)}</dd>`).join('\n')}\n</dl>`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: m.title, body, head: '<style>dl.zb-detail dt{float:left;clear:left;width:110px;color:#888}dl.zb-detail dd{margin-left:120px;min-height:1.7em}</style>' }) };
}

export const forwarded: ShapeDefinition = {
  defaultTitle: '印台区人民政府 省市转办网民留言',
  startPaths: ['/zbj/list?page=1'],
  defaultMix: { otherDistricts: 0, outOfScope: 0.04 },
  prepare,
  handle(request, ctx) {
    if (request.method !== 'GET') return undefined;
    const path = request.url.pathname;
    if (path === '/zbj/list') return listPage(Math.max(1, Number(request.url.searchParams.get('page') ?? '1') || 1), ctx);
    if (path === '/zbj/detail') return detailPage(request.url.searchParams.get('id') ?? '', ctx);
    return undefined;
  },
};
