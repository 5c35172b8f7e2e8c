/**
 * 'gbk-html': a GBK-encoded city mayor's mailbox (市长信箱) carrying messages about every district of
 * 铜川. Paths use GBK percent-escapes: `/%CA%D0%B3%A4%D0%C5%CF%E4/list.asp?page=N` (= /市长信箱/…);
 * a UTF-8-escaped path is a different path here (404), as on the real sites. Bodies are GBK bytes
 * with `Content-Type: text/html; charset=gbk`.
 */
import iconv from 'iconv-lite';
import { esc, page } from '../html.js';
import { type ShapeContext, type ShapeDefinition, type ShapeResponse } from '../engine.js';

/** GBK percent-escaped 市长信箱. */
export const gbkFolder = '/%CA%D0%B3%A4%D0%C5%CF%E4';
const gbkType = 'text/html; charset=gbk';

function gbk(html: string, status = 200): ShapeResponse {
  return { status, contentType: gbkType, body: iconv.encode(html, 'gbk') };
}

/** Decodes a raw path's percent escapes as GBK bytes (how the site's server reads its URLs). */
export function decodeGbkPath(rawPath: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < rawPath.length; i++) {
    const ch = rawPath[i]!;
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(rawPath.slice(i + 1, i + 3))) {
      bytes.push(parseInt(rawPath.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return iconv.decode(Buffer.from(bytes), 'gbk');
}

function listPage(n: number, ctx: ShapeContext): ShapeResponse {
  const slice = ctx.page(n);
  const items = n > slice.totalPages ? [] : slice.items;
  const rows = items
    .map((m) =>
      ctx.redesign
        ? `<div class="xx"><a href="show.asp?id=${esc(m.id)}">${esc(m.title)}</a> ${esc(m.district ?? '')} ${esc(m.status)}</div>`
        : `<tr><td>${esc(m.id)}</td><td><a href="show.asp?id=${esc(m.id)}" target="_blank">${esc(m.title)}</a></td><td>${esc(m.type)}</td><td>${esc(m.district ?? '')}</td><td>${esc(m.postedAt.slice(0, 10))}</td><td>${esc(m.status)}</td></tr>`,
    )
    .join('\n');
  const table = ctx.redesign
    ? `<div class="xxlist">${rows}</div>`
    : `<table class="mailList">\n<tr><th>编号</th><th>标题</th><th>类型</th><th>涉及区县</th><th>来信日期</th><th>状态</th></tr>\n${rows}\n</table>`;
  const next = n < slice.totalPages ? ` <a class="next" href="list.asp?page=${n + 1}">下一页</a>` : '';
  const prev = n > 1 ? ` <a class="prev" href="list.asp?page=${n - 1}">上一页</a>` : '';
  const body = `<h2>市长信箱 来信公开</h2>${table}<div class="pager">共${slice.total}条 第${Math.min(n, slice.totalPages)}/${slice.totalPages}页${prev}${next}</div>`;
  return gbk(page({ siteTitle: ctx.siteTitle, title: '来信公开', body, charset: 'gbk' }));
}

function showPage(id: string, ctx: ShapeContext): ShapeResponse | undefined {
  const m = ctx.find(id);
  if (!m) return undefined;
  const rows: [string, string][] = [
    ['信件编号', m.id],
    ['信件标题', m.title],
    ['涉及区县', m.district ?? ''],
    ['来信类型', m.type],
    ['来信人', m.author ?? '匿名'],
    ['来信时间', m.postedAt],
    ['来信内容', m.content],
    ['办理状态', m.status],
    ['办理单位', m.unit ?? ''],
    ['答复时间', m.replyAt ?? ''],
    ['答复内容', m.replyText ?? ''],
  ];
  const body = `<h2>来信详情</h2><table class="show">\n${rows.map(([k, v]) => `<tr><td class="t">${k}</td><td class="c">${esc(v)}</td></tr>`).join('\n')}\n</table>`;
  return gbk(page({ siteTitle: ctx.siteTitle, title: m.title, body, charset: 'gbk' }));
}

export const gbkHtml: ShapeDefinition = {
  defaultTitle: '铜川市人民政府 市长信箱',
  startPaths: [`${gbkFolder}/list.asp?page=1`],
  defaultMix: { otherDistricts: 0.5, outOfScope: 0.06 },
  home: (ctx) => gbk(page({ siteTitle: ctx.siteTitle, body: `<h2>市长信箱</h2><p><a href="${gbkFolder}/list.asp?page=1">来信公开</a></p>`, charset: 'gbk' })),
  handle(request, ctx) {
    if (request.method !== 'GET') return undefined;
    const path = decodeGbkPath(request.rawPathname);
    if (path === '/市长信箱/list.asp') return listPage(Math.max(1, Number(request.url.searchParams.get('page') ?? '1') || 1), ctx);
    if (path === '/市长信箱/show.asp') return showPage(request.url.searchParams.get('id') ?? '', ctx);
    return undefined;
  },
};
