/**
 * 'paged-html' (Dalian-like): list pages `/list_{n}.html`, each row `ul.mt10 > li` holding five
 * `<a>` cells in fixed order 编号, 标题, 类型, 状态, 单位; detail `/detail?id=ID` with
 * `table.detail > tbody > tr` rows (th label, td value). Also the demo mailbox's shape.
 */
import { esc, page, pagerLinks } from '../html.js';
import { htmlType, type ShapeContext, type ShapeDefinition, type ShapeResponse } from '../engine.js';
import type { SiteMessage } from '../types.js';

/** List titles longer than this are cut with '…' (full title in the cell's `title` attribute and on the detail page). */
export const listTitleLimit = 24;

export function shortTitle(title: string): string {
  return title.length > listTitleLimit ? `${title.slice(0, listTitleLimit)}…` : title;
}

function detailHref(m: SiteMessage): string {
  return `/detail?id=${encodeURIComponent(m.id)}`;
}

function listRows(items: SiteMessage[], redesign: boolean): string {
  if (redesign) {
    // A new template: different elements and class names, same information.
    return `<div class="xj-list">${items
      .map((m) => `<dl class="xj-item"><dt><a href="${detailHref(m)}">${esc(m.title)}</a></dt><dd class="xj-meta">${esc(m.id)} | ${esc(m.type)} | ${esc(m.status)} | ${esc(m.unit)}</dd></dl>`)
      .join('\n')}</div>`;
  }
  const head = '<div class="list-head"><span>编号</span><span>标题</span><span>类型</span><span>状态</span><span>办理单位</span></div>';
  const rows = items
    .map((m) => {
      const href = detailHref(m);
      return `<li><a href="${href}" target="_blank">${esc(m.id)}</a><a href="${href}" target="_blank" title="${esc(m.title)}">${esc(shortTitle(m.title))}</a><a href="${href}" target="_blank">${esc(m.type)}</a><a href="${href}" target="_blank">${esc(m.status)}</a><a href="${href}" target="_blank">${esc(m.unit ?? '')}</a></li>`;
    })
    .join('\n');
  return `${head}\n<ul class="mt10">\n${rows}\n</ul>`;
}

const listCss = `<style>ul.mt10{list-style:none;padding:0;margin:0}ul.mt10 li{border-bottom:1px dashed #ddd;padding:6px 0}
ul.mt10 li a,.list-head span{display:inline-block;text-decoration:none;color:#333;vertical-align:top}
ul.mt10 li a:nth-child(1),.list-head span:nth-child(1){width:80px}ul.mt10 li a:nth-child(2),.list-head span:nth-child(2){width:420px;color:#1a4d8f}
ul.mt10 li a:nth-child(3),.list-head span:nth-child(3){width:70px}ul.mt10 li a:nth-child(4),.list-head span:nth-child(4){width:80px}
.list-head{background:#f7f0e6;padding:6px 0;font-weight:bold}table.detail th{width:110px}</style>`;

function listPage(n: number, ctx: ShapeContext): ShapeResponse | undefined {
  const slice = ctx.page(n);
  if (n < 1 || n > slice.totalPages) return undefined;
  const body = `<h2>信件列表</h2><p>共 ${slice.total} 封来信，第 ${slice.page}/${slice.totalPages} 页</p>${listRows(slice.items, ctx.redesign)}${pagerLinks(slice.page, slice.totalPages, (p) => `/list_${p}.html`, 'page')}`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: '信件列表', body, head: listCss }) };
}

/** The detail table, shared with shapes that reuse this layout. */
export function detailTable(m: SiteMessage): string {
  const rows: [string, string][] = [
    ['信件编号', esc(m.id)],
    ['信件标题', esc(m.title)],
    ['信件类型', esc(m.type)],
    ['来信人', esc(m.author ?? '匿名')],
    ['来信时间', esc(m.postedAt)],
    ['来信内容', esc(m.content).replaceAll('\n', '<br>')],
    ['办理状态', esc(m.status)],
    ['办理单位', esc(m.unit ?? '')],
    ['回复时间', esc(m.replyAt ?? '')],
    ['回复内容', esc(m.replyText ?? '').replaceAll('\n', '<br>')],
  ];
  return `<table class="detail"><tbody>\n${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('\n')}\n</tbody></table>`;
}

function detailPage(id: string, ctx: ShapeContext): ShapeResponse | undefined {
  const m = ctx.find(id);
  if (!m) return undefined;
  const body = `<h2>信件详情</h2>${detailTable(m)}<p><a href="/list_1.html">返回列表</a></p>`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: m.title, body, head: listCss }) };
}

function home(ctx: ShapeContext): ShapeResponse {
  const latest = ctx.page(1).items.slice(0, 8);
  const body = `<h2>${esc(ctx.siteTitle)}</h2>
<p>为进一步畅通民意表达渠道，区政府开设区长信箱，受理网民反映的咨询、建议、投诉、求助等事项。来信将在2至3个工作日内答复，办理结果在本网站公开。</p>
<h2>最新来信</h2><ul>${latest.map((m) => `<li><a href="${detailHref(m)}">${esc(m.title)}</a>&#12288;<small>${esc(m.postedAt.slice(0, 10))}&#12288;${esc(m.status)}</small></li>`).join('')}</ul>
<p><a href="/list_1.html">查看全部来信 &gt;&gt;</a></p>`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, body }) };
}

export const pagedHtml: ShapeDefinition = {
  defaultTitle: '铜川市印台区人民政府 区长信箱',
  startPaths: ['/list_1.html'],
  home,
  handle(request, ctx) {
    if (request.method !== 'GET') return undefined;
    const path = request.url.pathname;
    if (path === '/list.html') return listPage(1, ctx);
    const match = /^\/list_(\d+)\.html$/.exec(path);
    if (match) return listPage(Number(match[1]), ctx);
    if (path === '/detail') return detailPage(request.url.searchParams.get('id') ?? '', ctx);
    return undefined;
  },
};
