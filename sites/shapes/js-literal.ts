/**
 * 'js-literal' (Beijing-like): `GET /bjah-index-hdjl!letterListJson.action?page.pageNo=N` returns a
 * JavaScript object literal with unquoted keys and single-quoted strings (valid JS, not JSON).
 * Details are HTML at `/hdjl/{consult|sugges|complain}Detail.flow?originalId=ID`, by letterType.
 */
import { esc, jsString, page } from '../html.js';
import { htmlType, type ShapeContext, type ShapeDefinition, type ShapeResponse } from '../engine.js';
import type { SiteMessage } from '../types.js';

export const listAction = '/bjah-index-hdjl!letterListJson.action';

/** letterType code → detail flow. 咨询/求助 → 1 consult, 建议/表扬/其他 → 2 sugges, 投诉/举报 → 3 complain. */
export function letterTypeOf(type: string): { code: '1' | '2' | '3'; flow: 'consultDetail' | 'suggesDetail' | 'complainDetail' } {
  if (type === '投诉' || type === '举报') return { code: '3', flow: 'complainDetail' };
  if (type === '咨询' || type === '求助') return { code: '1', flow: 'consultDetail' };
  return { code: '2', flow: 'suggesDetail' };
}

function item(m: SiteMessage, redesign: boolean): string {
  const t = letterTypeOf(m.type);
  if (redesign) return `{id:${jsString(m.id)},kind:${jsString(m.type)},subject:${jsString(m.title)},date:${jsString(m.postedAt.slice(0, 10))}}`;
  return `{letterType:${jsString(t.code)},letterTypeName:${jsString(m.type)},letterTitle:${jsString(m.title)},writeDate:${jsString(m.postedAt.slice(0, 10))},showOrgNames:${jsString(m.unit ?? '')},originalId:${jsString(m.id)}}`;
}

function list(pageNoParam: string | null, pageSizeParam: string | null, ctx: ShapeContext): ShapeResponse {
  const pageSize = Math.min(100, Math.max(1, Number(pageSizeParam ?? ctx.pageSize) || ctx.pageSize));
  const all = ctx.all();
  const totalPages = Math.max(1, Math.ceil(all.length / pageSize));
  const pageNo = Math.max(1, Number(pageNoParam ?? '1') || 1);
  const items = all.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((m) => item(m, ctx.redesign));
  const body = ctx.redesign
    ? `{pager:{no:${pageNo},size:${pageSize},count:${all.length}},rows:[${items.join(',')}]}`
    : `{page:{pageNo:${pageNo},pageSize:${pageSize},totalCount:${all.length},totalPages:${totalPages}},result:[\n${items.join(',\n')}\n]}`;
  return { contentType: 'text/plain; charset=utf-8', body };
}

function detail(flow: string, id: string, ctx: ShapeContext): ShapeResponse | undefined {
  const m = ctx.find(id);
  if (!m || letterTypeOf(m.type).flow !== flow) return undefined;
  const reply = m.replyText
    ? `<div class="reply-box"><p>答复单位：<span class="reply-org">${esc(m.unit ?? '')}</span>&#12288;答复时间：<span class="reply-date">${esc(m.replyAt ?? '')}</span></p><div class="reply-content">${esc(m.replyText)}</div></div>`
    : '';
  const body = `<div class="letter-detail"><h2 class="letter-title">${esc(m.title)}</h2>
<div class="letter-meta"><span class="letter-author">来信人：${esc(m.author ?? '匿名')}</span><span class="letter-date">来信时间：${esc(m.postedAt)}</span><span class="letter-type">类型：${esc(m.type)}</span><span class="letter-status">状态：${esc(m.status)}</span></div>
<div class="letter-content">${esc(m.content)}</div>${reply}</div>`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: m.title, body }) };
}

export const jsLiteral: ShapeDefinition = {
  defaultTitle: '印台区政民互动 来信公开',
  startPaths: [`${listAction}?page.pageNo=1`],
  handle(request, ctx) {
    if (request.method !== 'GET') return undefined;
    const path = request.url.pathname;
    if (path === listAction) return list(request.url.searchParams.get('page.pageNo'), request.url.searchParams.get('page.pageSize'), ctx);
    const match = /^\/hdjl\/(consultDetail|suggesDetail|complainDetail)\.flow$/.exec(path);
    if (match) return detail(match[1] ?? '', request.url.searchParams.get('originalId') ?? '', ctx);
    return undefined;
  },
};
