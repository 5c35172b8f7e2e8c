/**
 * 'table-fixed-cells' (Zhuhai-12345-like): list `table.listAll tr` at `/consult/list.jsp?page=N`;
 * detail `/consult/detail.jsp?id=ID` whose `table.detail td.R` cells come in a fixed order:
 * 主题, 日期, 咨询人, 内容, 处理单位, 状态, 受理意见 (labels in `td.L`).
 */
import { esc, page, pagerLinks } from '../html.js';
import { htmlType, type ShapeContext, type ShapeDefinition, type ShapeResponse } from '../engine.js';

function listPage(n: number, ctx: ShapeContext): ShapeResponse {
  const slice = ctx.page(n);
  const items = n > slice.totalPages ? [] : slice.items;
  const cls = ctx.redesign ? 'tb-consult' : 'listAll';
  const rows = items
    .map((m) =>
      ctx.redesign
        ? `<tr class="row-item"><td class="c-title"><a href="/consult/detail.jsp?id=${esc(m.id)}">${esc(m.title)}</a></td><td class="c-info">${esc(m.id)} ${esc(m.type)} ${esc(m.postedAt.slice(0, 10))} ${esc(m.status)}</td></tr>`
        : `<tr><td>${esc(m.id)}</td><td class="title"><a href="/consult/detail.jsp?id=${esc(m.id)}" target="_blank">${esc(m.title)}</a></td><td>${esc(m.type)}</td><td>${esc(m.postedAt.slice(0, 10))}</td><td>${esc(m.status)}</td></tr>`,
    )
    .join('\n');
  const head = ctx.redesign ? '' : '<tr><th>编号</th><th>主题</th><th>类型</th><th>日期</th><th>状态</th></tr>\n';
  const body = `<h2>咨询投诉公开</h2><table class="${cls}">\n${head}${rows}\n</table>${pagerLinks(Math.min(n, slice.totalPages), slice.totalPages, (p) => `/consult/list.jsp?page=${p}`)}`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: '咨询投诉公开', body }) };
}

function detailPage(id: string, ctx: ShapeContext): ShapeResponse | undefined {
  const m = ctx.find(id);
  if (!m) return undefined;
  const cells: [string, string][] = [
    ['主　　题', esc(m.title)],
    ['日　　期', esc(m.postedAt)],
    ['咨 询 人', esc(m.author ?? '匿名')],
    ['内　　容', esc(m.content).replaceAll('\n', '<br>')],
    ['处理单位', esc(m.unit ?? '')],
    ['状　　态', esc(m.status)],
    ['受理意见', esc(m.replyText ?? '').replaceAll('\n', '<br>')],
  ];
  const body = `<h2>咨询投诉详情</h2><table class="detail">\n${cells.map(([k, v]) => `<tr><td class="L">${k}</td><td class="R">${v}</td></tr>`).join('\n')}\n</table>`;
  return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: m.title, body }) };
}

export const tableFixedCells: ShapeDefinition = {
  defaultTitle: '印台区12345政务服务便民热线 咨询投诉公开',
  startPaths: ['/consult/list.jsp?page=1'],
  handle(request, ctx) {
    if (request.method !== 'GET') return undefined;
    const path = request.url.pathname;
    if (path === '/consult/list.jsp') return listPage(Math.max(1, Number(request.url.searchParams.get('page') ?? '1') || 1), ctx);
    if (path === '/consult/detail.jsp') return detailPage(request.url.searchParams.get('id') ?? '', ctx);
    return undefined;
  },
};
