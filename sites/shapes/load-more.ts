/**
 * 'load-more' (People's-Daily-board-like): `/liuyan/index.html` ships an empty `ul.replyList`; a
 * script fills it from `POST /liuyan/api/list` (JSON `{lastItem, pageSize}` cursor) and a
 * `#show_more` button loads the next batch, so the list needs a real browser. Detail
 * `/liuyan/detail.html?tid=ID` is server-rendered.
 */
import { esc, page } from '../html.js';
import { htmlType, type ShapeContext, type ShapeDefinition, type ShapeRequest, type ShapeResponse } from '../engine.js';
import type { SiteMessage } from '../types.js';

const apiPath = '/liuyan/api/list';
const statusClass: Record<string, string> = { 待回复: 'red', 办理中: 'orange', 已办结: 'green' };

function listShell(ctx: ShapeContext): ShapeResponse {
  // redesign: the script renders a different card markup.
  const render = ctx.redesign
    ? `'<li class="msg-card"><a class="msg-title" href="/liuyan/detail.html?tid='+encodeURIComponent(it.id)+'">'+esc(it.subject)+'</a><i>'+esc(it.kind)+' '+esc(it.state)+'</i></li>'`
    : `'<li><a class="title" href="/liuyan/detail.html?tid='+encodeURIComponent(it.tid)+'" target="_blank">'+esc(it.title)+'</a><em class="domainType">'+esc(it.type)+'</em><em class="status">'+esc(it.status)+'</em><span class="time">'+esc(it.time)+'</span></li>'`;
  const body = `<h2>留言列表</h2>
<ul class="${ctx.redesign ? 'msgCards' : 'replyList'}"></ul>
<div class="more"><button id="show_more" type="button">加载更多</button></div>
<script>
var lastItem = '', pageSize = ${ctx.pageSize};
function esc(s){return String(s==null?'':s).replace(/[&<>"']/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c];});}
function load(){
  fetch('${apiPath}',{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify({lastItem:lastItem,pageSize:pageSize})})
    .then(function(r){return r.json();})
    .then(function(res){
      var html='';
      (res.${ctx.redesign ? 'data' : 'items'}||[]).forEach(function(it){html+=${render};});
      document.querySelector('ul.${ctx.redesign ? 'msgCards' : 'replyList'}').insertAdjacentHTML('beforeend',html);
      lastItem=res.${ctx.redesign ? 'cursor' : 'lastItem'};
      if(!res.${ctx.redesign ? 'more' : 'hasMore'}){document.getElementById('show_more').style.display='none';}
    });
}
document.getElementById('show_more').addEventListener('click',load);
load();
</script>`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: '留言列表', body, head: '<style>ul.replyList li{border-bottom:1px dashed #ddd;padding:6px 0;list-style:none}ul.replyList em{margin-left:12px;font-style:normal;color:#888}#show_more{padding:6px 30px}.more{text-align:center}</style>' }) };
}

function api(request: ShapeRequest, ctx: ShapeContext): ShapeResponse {
  const body = request.json() as { lastItem?: unknown; pageSize?: unknown } | undefined;
  const size = typeof body?.pageSize === 'number' && Number.isInteger(body.pageSize) && body.pageSize > 0 ? Math.min(body.pageSize, 100) : ctx.pageSize;
  const all = ctx.all();
  const last = typeof body?.lastItem === 'string' ? body.lastItem : '';
  // The cursor is the tid of the last item shown; an unknown cursor restarts from the top.
  const from = last ? all.findIndex((m) => m.id === last) + 1 : 0;
  const items = all.slice(from, from + size);
  const cursor = items.at(-1)?.id ?? last;
  const more = from + size < all.length;
  // redesign: a new API version with renamed keys (the redesigned page script reads these).
  const answer = ctx.redesign
    ? { data: items.map((m) => ({ id: m.id, subject: m.title, kind: m.type, state: m.status, date: m.postedAt })), cursor, more }
    : { items: items.map((m: SiteMessage) => ({ tid: m.id, title: m.title, type: m.type, status: m.status, time: m.postedAt })), lastItem: cursor, hasMore: more };
  return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(answer) };
}

function detailPage(id: string, ctx: ShapeContext): ShapeResponse | undefined {
  const m = ctx.find(id);
  if (!m) return undefined;
  const reply = m.replyText
    ? `<div class="liuyan_box04"><p class="replyUnit">${esc(m.unit ?? '')}</p><p class="replyTime">${esc(m.replyAt ?? '')}</p><p class="replyContent">${esc(m.replyText)}</p></div>
<div class="liuyan_box05"><span class="score">解决程度：已解决</span><span class="score">办理态度：满意</span><span class="score">办理速度：满意</span></div>`
    : '';
  const body = `<div class="liuyan_box01"><h2><span class="context-title-text">${esc(m.title)}</span><em class="${statusClass[m.status] ?? 'orange'}">${esc(m.status)}</em></h2>
<p>类型：<em class="domainType">${esc(m.type)}</em></p>
<h3><span>${esc(m.author ?? '匿名网友')}</span><span>${esc(m.postedAt)}</span></h3>
<p class="zoom content">${esc(m.content)}</p></div>${reply}`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: m.title, body, head: '<style>em.red{color:#c00}em.orange{color:#e80}em.green{color:#090}em{font-style:normal;margin-left:10px}.liuyan_box04{background:#f7f7f7;padding:8px 12px;margin-top:12px}</style>' }) };
}

export const loadMore: ShapeDefinition = {
  defaultTitle: '领导留言板 铜川市印台区',
  startPaths: ['/liuyan/index.html'],
  handle(request, ctx) {
    const path = request.url.pathname;
    if (path === apiPath) return request.method === 'POST' ? api(request, ctx) : undefined;
    if (request.method !== 'GET') return undefined;
    if (path === '/liuyan/index.html') return listShell(ctx);
    if (path === '/liuyan/detail.html') return detailPage(request.url.searchParams.get('tid') ?? '', ctx);
    return undefined;
  },
};
