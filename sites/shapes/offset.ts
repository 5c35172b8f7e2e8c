/**
 * 'offset' (Changsha-like): list `/email/index.jsp?emailList.offset=N` (N = items to skip), rows of
 * `table#emailList tr` with 编号, 标题, 类型 (td[3]), 来信日期, 状态; detail `/email/view.jsp?id=ID`
 * as a `div.mail-view` with classed spans.
 */
import { esc, page } from '../html.js';
import { htmlType, type ShapeContext, type ShapeDefinition, type ShapeResponse } from '../engine.js';

const listPath = '/email/index.jsp';

function listPage(offsetParam: string | null, ctx: ShapeContext): ShapeResponse {
  const all = ctx.all();
  const offset = Math.max(0, Math.floor(Number(offsetParam ?? '0')) || 0);
  const items = all.slice(offset, offset + ctx.pageSize);
  const rows = items
    .map((m) =>
      ctx.redesign
        ? `<div class="mail-row"><a class="t" href="view.jsp?id=${esc(m.id)}">${esc(m.title)}</a><i>${esc(m.type)}</i><i>${esc(m.status)}</i></div>`
        : `<tr><td>${esc(m.id)}</td><td class="tit"><a href="view.jsp?id=${esc(m.id)}" target="_blank">${esc(m.title)}</a></td><td>${esc(m.type)}</td><td>${esc(m.postedAt.slice(0, 10))}</td><td>${esc(m.status)}</td></tr>`,
    )
    .join('\n');
  const table = ctx.redesign
    ? `<div class="mail-rows">${rows}</div>`
    : `<table id="emailList" class="emailList">\n<tr class="title"><th>编号</th><th>标题</th><th>类型</th><th>来信日期</th><th>状态</th></tr>\n${rows}\n</table>`;
  const links: string[] = [`<span>共 ${all.length} 条记录</span>`];
  if (offset > 0) links.push(`<a class="prev" href="index.jsp?emailList.offset=${Math.max(0, offset - ctx.pageSize)}">上一页</a>`);
  if (offset + ctx.pageSize < all.length) links.push(`<a class="next" href="index.jsp?emailList.offset=${offset + ctx.pageSize}">下一页</a>`);
  const body = `<h2>来信选登</h2>${table}<div class="pager">${links.join(' ')}</div>`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: '来信选登', body }) };
}

function viewPage(id: string, ctx: ShapeContext): ShapeResponse | undefined {
  const m = ctx.find(id);
  if (!m) return undefined;
  const reply = m.replyText
    ? `<div class="mail-reply"><p>答复单位：<span class="reply-unit">${esc(m.unit ?? '')}</span>&#12288;答复时间：<span class="reply-time">${esc(m.replyAt ?? '')}</span></p><div class="reply-content">${esc(m.replyText)}</div></div>`
    : '<div class="mail-reply"><p class="no-reply">尚未答复</p></div>';
  const body = `<div class="mail-view"><h3 class="mail-title">${esc(m.title)}</h3>
<p class="mail-info">编号：<span class="mail-no">${esc(m.id)}</span>&#12288;来信人：<span class="author">${esc(m.author ?? '匿名')}</span>&#12288;来信时间：<span class="time">${esc(m.postedAt)}</span>&#12288;类型：<span class="type">${esc(m.type)}</span>&#12288;状态：<span class="status">${esc(m.status)}</span></p>
<div class="mail-content">${esc(m.content)}</div>${reply}</div>`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: m.title, body }) };
}

export const offsetShape: ShapeDefinition = {
  defaultTitle: '印台区人民政府 区长信箱（来信选登）',
  startPaths: [`${listPath}?emailList.offset=0`],
  handle(request, ctx) {
    if (request.method !== 'GET') return undefined;
    const path = request.url.pathname;
    if (path === listPath) return listPage(request.url.searchParams.get('emailList.offset'), ctx);
    if (path === '/email/view.jsp') return viewPage(request.url.searchParams.get('id') ?? '', ctx);
    return undefined;
  },
};
