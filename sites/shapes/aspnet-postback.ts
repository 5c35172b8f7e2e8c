/**
 * 'aspnet-postback' (Xuzhou-12345-like): `GET /CaseList.aspx` is page 1; further pages are
 * POSTs of the page's form with `__EVENTTARGET=CaseGgfwAll1$Pager`, `__EVENTARGUMENT=N` and the
 * `__VIEWSTATE` / `__EVENTVALIDATION` from the previous page. Detail `CaseDetail.aspx?id=ID`
 * with `span#CaseDetail_lbl_*` fields.
 */
import { esc, page } from '../html.js';
import { htmlType, noticePage, type ShapeContext, type ShapeDefinition, type ShapeRequest, type ShapeResponse } from '../engine.js';

export const pagerTarget = 'CaseGgfwAll1$Pager';
const eventValidation = Buffer.from('minsheng-event-validation/CaseGgfwAll1').toString('base64');

function viewState(pageNo: number): string {
  return Buffer.from(`dDwtMTQ5;page=${pageNo};t=${Date.now()}`).toString('base64');
}

function viewStateValid(value: string | null): boolean {
  if (!value) return false;
  return Buffer.from(value, 'base64').toString('utf8').startsWith('dDwtMTQ5;page=');
}

function listPage(pageNo: number, ctx: ShapeContext): ShapeResponse {
  const slice = ctx.page(pageNo);
  const tableId = ctx.redesign ? 'CaseList_rptCases' : 'CaseGgfwAll1_gvList';
  const rows = slice.items
    .map((m) => `<tr class="${ctx.redesign ? 'case-row' : 'GridItem'}"><td>${esc(m.id)}</td><td><a href="CaseDetail.aspx?id=${esc(m.id)}" target="_blank">${esc(m.title)}</a></td><td>${esc(m.type)}</td><td>${esc(m.postedAt.slice(0, 10))}</td><td>${esc(m.status)}</td></tr>`)
    .join('\n');
  const links: string[] = [`<span>共${slice.total}条 第${slice.page}/${slice.totalPages}页</span>`];
  const postBack = (n: number, label: string, cls = '') => `<a${cls ? ` class="${cls}"` : ''} href="javascript:__doPostBack('${pagerTarget}','${n}')">${label}</a>`;
  if (slice.page > 1) links.push(postBack(slice.page - 1, '上一页', 'prev'));
  for (let n = 1; n <= slice.totalPages; n++) links.push(n === slice.page ? `<span class="cur">${n}</span>` : postBack(n, String(n)));
  if (slice.page < slice.totalPages) links.push(postBack(slice.page + 1, '下一页', 'next'));
  const body = `<form method="post" action="CaseList.aspx" id="form1">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="${viewState(slice.page)}" />
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="${eventValidation}" />
</div>
<script type="text/javascript">
var theForm = document.forms['form1'];
function __doPostBack(eventTarget, eventArgument) {
  if (!theForm.onsubmit || (theForm.onsubmit() != false)) {
    theForm.__EVENTTARGET.value = eventTarget; theForm.__EVENTARGUMENT.value = eventArgument; theForm.submit();
  }
}
</script>
<h2>诉求公开</h2>
<table id="${tableId}" class="${ctx.redesign ? 'cases' : 'GridView'}">
<tr class="GridHeader"><th>编号</th><th>标题</th><th>类别</th><th>受理日期</th><th>办理状态</th></tr>
${rows}
</table>
<div id="CaseGgfwAll1_Pager" class="pager">${links.join(' ')}</div>
</form>`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: '诉求公开', body }) };
}

function postBack(request: ShapeRequest, ctx: ShapeContext): ShapeResponse {
  const form = request.form();
  if (!viewStateValid(form.get('__VIEWSTATE')) || form.get('__EVENTVALIDATION') !== eventValidation) {
    return noticePage(500, ctx.siteTitle, '服务器错误：视图状态 MAC 验证失败（Validation of viewstate MAC failed）');
  }
  const target = form.get('__EVENTTARGET') ?? '';
  if (target !== pagerTarget) return listPage(1, ctx);
  const n = Number(form.get('__EVENTARGUMENT'));
  return listPage(Number.isInteger(n) && n >= 1 ? n : 1, ctx);
}

function detailPage(id: string, ctx: ShapeContext): ShapeResponse | undefined {
  const m = ctx.find(id);
  if (!m) return undefined;
  const fields: [string, string, string][] = [
    ['CaseNo', '诉求编号', m.id],
    ['Title', '诉求标题', m.title],
    ['CaseType', '诉求类别', m.type],
    ['Author', '诉求人', m.author ?? '匿名'],
    ['CreateTime', '受理时间', m.postedAt],
    ['Content', '诉求内容', m.content],
    ['Status', '办理状态', m.status],
    ['Unit', '承办单位', m.unit ?? ''],
    ['ReplyTime', '答复时间', m.replyAt ?? ''],
    ['Reply', '答复内容', m.replyText ?? ''],
  ];
  const body = `<h2>诉求详情</h2><table class="CaseDetail">\n${fields.map(([key, label, value]) => `<tr><th>${label}</th><td><span id="CaseDetail_lbl_${key}">${esc(value)}</span></td></tr>`).join('\n')}\n</table>`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: m.title, body }) };
}

export const aspnetPostback: ShapeDefinition = {
  defaultTitle: '印台区12345便民服务热线 诉求公开',
  startPaths: ['/CaseList.aspx'],
  handle(request, ctx) {
    const path = request.url.pathname;
    if (path === '/CaseList.aspx') return request.method === 'POST' ? postBack(request, ctx) : listPage(1, ctx);
    if (request.method === 'GET' && path === '/CaseDetail.aspx') return detailPage(request.url.searchParams.get('id') ?? '', ctx);
    return undefined;
  },
};
