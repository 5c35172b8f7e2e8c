/**
 * 'json-api' (Leshan-like): `POST /user/linked/list.do` with a JSON body `{pageNo, pageSize, infoType?}`
 * answers `{code, msg, data: {total, pageNo, pageSize, pages, list: [...]}}`; detail as JSON
 * `GET /user/linked/detail.do?id=ID` or as HTML `GET /linked/detail.html?id=ID`.
 */
import { page } from '../html.js';
import { htmlType, type ShapeContext, type ShapeDefinition, type ShapeRequest, type ShapeResponse } from '../engine.js';
import type { SiteMessage } from '../types.js';
import { detailTable } from './paged-html.js';

const jsonType = 'application/json; charset=utf-8';

function json(value: unknown, status = 200): ShapeResponse {
  return { status, contentType: jsonType, body: JSON.stringify(value) };
}

function listItem(m: SiteMessage, redesign: boolean): Record<string, unknown> {
  if (redesign) return { xh: m.id, bt: m.title, lx: m.type, zt: m.status, sj: m.postedAt, dw: m.unit ?? null };
  return { id: m.id, title: m.title, infoType: m.type, status: m.status, createTime: m.postedAt, userName: m.author ?? '匿名', deptName: m.unit ?? null, replyTime: m.replyAt ?? null };
}

function list(request: ShapeRequest, ctx: ShapeContext): ShapeResponse {
  const body = request.json();
  if (typeof body !== 'object' || body === null) return json({ code: 400, msg: '参数错误：请求体须为 JSON', data: null }, 400);
  const { pageNo = 1, pageSize = ctx.pageSize, infoType } = body as { pageNo?: unknown; pageSize?: unknown; infoType?: unknown };
  if (typeof pageNo !== 'number' || typeof pageSize !== 'number' || !Number.isInteger(pageNo) || !Number.isInteger(pageSize) || pageNo < 1 || pageSize < 1 || pageSize > 100) {
    return json({ code: 400, msg: '参数错误：pageNo/pageSize 无效', data: null }, 400);
  }
  const pool = typeof infoType === 'string' && infoType !== '' ? ctx.all().filter((m) => m.type === infoType) : ctx.all();
  const items = pool.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((m) => listItem(m, ctx.redesign));
  const pages = Math.max(1, Math.ceil(pool.length / pageSize));
  const data = ctx.redesign ? { totalCount: pool.length, current: pageNo, size: pageSize, records: items } : { total: pool.length, pageNo, pageSize, pages, list: items };
  return json({ code: 200, msg: '操作成功', data });
}

function detailJson(id: string, ctx: ShapeContext): ShapeResponse {
  const m = ctx.find(id);
  if (!m) return json({ code: 404, msg: '信件不存在', data: null }, 404);
  return json({
    code: 200,
    msg: '操作成功',
    data: { id: m.id, title: m.title, content: m.content, infoType: m.type, status: m.status, createTime: m.postedAt, userName: m.author ?? '匿名', deptName: m.unit ?? null, replyContent: m.replyText ?? null, replyTime: m.replyAt ?? null },
  });
}

export const jsonApi: ShapeDefinition = {
  defaultTitle: '印台区网络问政平台',
  startPaths: ['/user/linked/list.do'],
  handle(request, ctx) {
    const path = request.url.pathname;
    if (path === '/user/linked/list.do') return request.method === 'POST' ? list(request, ctx) : json({ code: 405, msg: '请使用 POST', data: null }, 405);
    if (request.method !== 'GET') return undefined;
    if (path === '/user/linked/detail.do') return detailJson(request.url.searchParams.get('id') ?? '', ctx);
    if (path === '/linked/detail.html') {
      const m = ctx.find(request.url.searchParams.get('id') ?? '');
      if (!m) return undefined;
      return { contentType: htmlType, body: page({ siteTitle: ctx.siteTitle, title: m.title, body: `<h2>留言详情</h2>${detailTable(m)}` }) };
    }
    return undefined;
  },
};
