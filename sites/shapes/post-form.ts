/**
 * 'post-form' (Laiwu-like jpage data proxy): `POST /dataproxy_mailnewlist.action` with form fields
 * startrecord, endrecord (1-based, inclusive) and perpage returns an HTML fragment wrapped in
 * `[` … `]`; detail `/mail/detail.action?id=ID` is a server-rendered page with `dl.mail-detail`.
 */
import { esc, page } from '../html.js';
import { htmlType, noticePage, type ShapeContext, type ShapeDefinition, type ShapeRequest, type ShapeResponse } from '../engine.js';

export const postFormEndpoint = '/dataproxy_mailnewlist.action';
/** Largest window one POST may ask for. */
const maxWindow = 300;

function fragment(request: ShapeRequest, ctx: ShapeContext): ShapeResponse {
  const form = request.form();
  const perpage = Number(form.get('perpage') ?? ctx.pageSize);
  const start = Number(form.get('startrecord') ?? '1');
  const end = Number(form.get('endrecord') ?? String(start + perpage - 1));
  if (![perpage, start, end].every(Number.isInteger) || start < 1 || end < start || perpage < 1 || end - start + 1 > maxWindow) {
    return noticePage(400, ctx.siteTitle, '参数错误：startrecord/endrecord/perpage 无效');
  }
  const all = ctx.all();
  const items = all.slice(start - 1, end);
  const rows = items
    .map((m) =>
      ctx.redesign
        ? `<div class="xx-row"><a href="/mail/detail.action?id=${esc(m.id)}">${esc(m.title)}</a><b>${esc(m.type)}</b><b>${esc(m.status)}</b></div>`
        : `<li class="mail-item"><span class="mail-no">${esc(m.id)}</span><a class="mail-title" href="/mail/detail.action?id=${esc(m.id)}" target="_blank" title="${esc(m.title)}">${esc(m.title)}</a><span class="mail-type">${esc(m.type)}</span><span class="mail-status">${esc(m.status)}</span><span class="mail-date">${esc(m.postedAt.slice(0, 10))}</span></li>`,
    )
    .join('');
  return { contentType: htmlType, body: `[<input type="hidden" id="totalrecord" value="${all.length}">${rows}]` };
}

function listShell(ctx: ShapeContext): ShapeResponse {
  // What a browser sees: an empty list filled by the jpage script through POSTs to the data proxy.
  const body = `<h2>信件公开</h2><ul id="mailList" class="mail-list"></ul><div id="pager"></div>
<script>
var perpage=${ctx.pageSize},start=1;
function load(){var x=new XMLHttpRequest();x.open('POST','${postFormEndpoint}');x.setRequestHeader('Content-Type','application/x-www-form-urlencoded');
x.onload=function(){var t=x.responseText;document.getElementById('mailList').innerHTML=t.slice(1,-1);};
x.send('startrecord='+start+'&endrecord='+(start+perpage-1)+'&perpage='+perpage);}
load();
</script>`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: '信件公开', body }) };
}

function detailPage(id: string, ctx: ShapeContext): ShapeResponse | undefined {
  const m = ctx.find(id);
  if (!m) return undefined;
  const pairs: [string, string][] = [
    ['信件编号', m.id],
    ['标题', m.title],
    ['类型', m.type],
    ['来信人', m.author ?? '匿名'],
    ['来信时间', m.postedAt],
    ['内容', m.content],
    ['状态', m.status],
    ['答复单位', m.unit ?? ''],
    ['答复时间', m.replyAt ?? ''],
    ['答复内容', m.replyText ?? ''],
  ];
  const body = `<h2>信件详情</h2><dl class="mail-detail">\n${pairs.map(([k, v]) => `<dt>${k}</dt><dd>${esc(v)}</dd>`).join('\n')}\n</dl>`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: m.title, body }) };
}

export const postForm: ShapeDefinition = {
  defaultTitle: '印台区人民政府 区长信箱 信件公开',
  startPaths: [postFormEndpoint],
  handle(request, ctx) {
    const path = request.url.pathname;
    if (path === postFormEndpoint) {
      if (request.method !== 'POST') return noticePage(405, ctx.siteTitle, '请求方法不允许：请用 POST');
      return fragment(request, ctx);
    }
    if (request.method !== 'GET') return undefined;
    if (path === '/mail/list.html') return listShell(ctx);
    if (path === '/mail/detail.action') return detailPage(request.url.searchParams.get('id') ?? '', ctx);
    return undefined;
  },
};
