/**
 * The shared engine under every shape: content state, paging, faults, warm-up cookie, request log
 * and the node:http server. A shape only turns a request plus the current state into a response.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BadInputError, NotFoundError } from '../core/index.js';
import type { Fault, RequestRecord, RunningSite, SiteMessage, SiteOptions } from './types.js';
import { composeMessage, createRng, formatSiteTime, sampleMessages, wrapReply, type MessageMix } from './samples.js';
import { esc, page } from './html.js';

export interface ShapeRequest {
  method: string;
  /** Raw path with query, percent escapes as received. */
  rawPath: string;
  /** Raw pathname (no query), percent escapes as received. */
  rawPathname: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Body parsed as application/x-www-form-urlencoded (UTF-8). */
  form(): URLSearchParams;
  /** Body parsed as JSON; undefined when it is not JSON. */
  json(): unknown;
}

export interface ShapeResponse {
  status?: number;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export interface PageSlice {
  items: SiteMessage[];
  /** 1-based, clamped into range. */
  page: number;
  totalPages: number;
  total: number;
}

/** What a shape sees of the site. Messages are live objects, newest first: do not mutate them. */
export interface ShapeContext {
  siteTitle: string;
  pageSize: number;
  /** True while a 'redesign' fault is active: render the list with different markup. */
  redesign: boolean;
  baseUrl: string;
  all(): SiteMessage[];
  page(n: number): PageSlice;
  find(id: string): SiteMessage | undefined;
}

export interface ShapeDefinition {
  defaultTitle: string;
  /** Paths (with query) where a crawler starts, relative to the base URL. */
  startPaths: string[];
  /** Mix of generated messages when the caller gives none (city mailboxes carry other districts). */
  defaultMix?: MessageMix;
  /** Fills shape-specific fields (e.g. forwarding data) on every message entering the site. */
  prepare?(message: SiteMessage): SiteMessage;
  /** The home page `/`; a generic one linking the start paths when absent. */
  home?(ctx: ShapeContext): ShapeResponse;
  /** undefined → 404. */
  handle(request: ShapeRequest, ctx: ShapeContext): ShapeResponse | undefined;
}

export const htmlType = 'text/html; charset=utf-8';

/** A site-styled error or notice page. */
export function noticePage(status: number, siteTitle: string, text: string): ShapeResponse {
  return { status, contentType: htmlType, body: page({ siteTitle, title: text, body: `<h2>${esc(text)}</h2><p><a href="/">返回首页</a></p>` }) };
}

const cookieName = 'JSESSIONID';

/** Extra controls beyond the RunningSite contract, used by the demo mailbox. */
export interface EngineSite extends RunningSite {
  /** Changes fields of a message in place (status without reply, unit ...). */
  update(id: string, patch: Partial<SiteMessage>): SiteMessage;
}

export interface EngineOptions extends SiteOptions {
  seed?: number;
  /** Mix of generated messages for addMessage(). @default 10% other districts, 6% out of scope */
  addMix?: MessageMix;
}

export async function startEngine(shape: ShapeDefinition, options: EngineOptions): Promise<EngineSite> {
  const pageSize = options.pageSize ?? 15;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new BadInputError(`每页条数应为正整数：${pageSize}`);
  const prepare = (m: SiteMessage) => (shape.prepare ? shape.prepare({ ...m }) : { ...m });
  const state: SiteMessage[] = (options.messages ?? sampleMessages(45, options.seed ?? 1, shape.defaultMix)).map(prepare);
  const generator = createRng((options.seed ?? 1) * 104729 + 3);
  const siteTitle = options.title ?? shape.defaultTitle;
  /** Id index, rebuilt lazily after a message is added. */
  let byId: Map<string, SiteMessage> | undefined;
  let fault: Fault | null = null;
  let faultLeft = Infinity;
  let log: RequestRecord[] = [];
  const sessionToken = `ms${Math.floor(Math.random() * 1e12).toString(36)}`;
  let baseUrl = '';

  const ctxFor = (redesign: boolean): ShapeContext => ({
    siteTitle,
    pageSize,
    redesign,
    baseUrl,
    all: () => state,
    find: (id) => (byId ??= new Map(state.map((m) => [m.id, m]))).get(id),
    page: (n) => {
      const totalPages = Math.max(1, Math.ceil(state.length / pageSize));
      const p = Math.min(Math.max(1, Number.isFinite(n) ? Math.floor(n) : 1), totalPages);
      return { items: state.slice((p - 1) * pageSize, p * pageSize), page: p, totalPages, total: state.length };
    },
  });

  const takeFault = (): Fault | null => {
    if (!fault) return null;
    const current = fault;
    faultLeft -= 1;
    if (faultLeft <= 0) fault = null;
    return current;
  };

  const serve = async (req: IncomingMessage, body: Buffer): Promise<ShapeResponse> => {
    const rawPath = req.url ?? '/';
    // Concatenated, not resolved: a path like `//x` must stay a path, not become a host.
    const url = new URL(`http://127.0.0.1${rawPath.startsWith('/') ? '' : '/'}${rawPath}`);
    const active = takeFault();
    if (active?.kind === 'throttle429') return { ...noticePage(429, siteTitle, '访问过于频繁，请稍后再试'), headers: { 'Retry-After': '1' } };
    if (active?.kind === 'error5xx') return noticePage(503, siteTitle, '服务器繁忙，请稍后再试');
    if (active?.kind === 'forbidden403') return noticePage(403, siteTitle, '访问被拒绝');
    if (active?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, active.delayMs ?? 1500));
    const rawPathname = rawPath.split('?')[0] ?? '/';
    const isHome = rawPathname === '/' || rawPathname === '/index.html';
    const cookies = String(req.headers.cookie ?? '');
    if (options.requireWarmupCookie && !(isHome && req.method === 'GET') && !cookies.includes(`${cookieName}=${sessionToken}`)) {
      return noticePage(403, siteTitle, '访问被拒绝：请从首页进入');
    }
    const ctx = ctxFor(active?.kind === 'redesign');
    const request: ShapeRequest = {
      method: req.method ?? 'GET',
      rawPath,
      rawPathname,
      url,
      headers: req.headers,
      body,
      form: () => new URLSearchParams(body.toString('utf8')),
      json: () => {
        try {
          return JSON.parse(body.toString('utf8')) as unknown;
        } catch {
          return undefined;
        }
      },
    };
    let response = shape.handle(request, ctx);
    if (!response && isHome && request.method === 'GET') response = shape.home ? shape.home(ctx) : genericHome(siteTitle, shape.startPaths);
    response ??= noticePage(404, siteTitle, '您访问的页面不存在');
    if (isHome && request.method === 'GET' && options.requireWarmupCookie) {
      response = { ...response, headers: { ...response.headers, 'Set-Cookie': `${cookieName}=${sessionToken}; Path=/; HttpOnly` } };
    }
    if (active?.kind === 'broken-html') response = breakBody(response);
    return response;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      serve(req, Buffer.concat(chunks))
        .catch((error: unknown) => noticePage(500, siteTitle, `服务器内部错误：${error instanceof Error ? error.message : String(error)}`))
        .then((response) => {
          const status = response.status ?? 200;
          log.push({ method: req.method ?? 'GET', path: req.url ?? '/', status });
          res.writeHead(status, { 'Content-Type': response.contentType, ...response.headers });
          res.end(response.body);
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  const mustFind = (id: string): SiteMessage => {
    const message = state.find((m) => m.id === id);
    if (!message) throw new NotFoundError(`站点上没有编号为 ${id} 的信件`);
    return message;
  };

  return {
    url: baseUrl,
    startUrls: shape.startPaths.map((p) => `${baseUrl}${p}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    messages: () => state.map((m) => ({ ...m })),
    addMessage: (partial = {}) => {
      const { replyBody: _unused, ...body } = composeMessage(generator, options.addMix ?? shape.defaultMix ?? { otherDistricts: 0.1, outOfScope: 0.06 });
      const numericIds = state.map((m) => Number(m.id)).filter(Number.isFinite);
      const id = numericIds.length === state.length && state.length > 0 ? String(Math.max(...numericIds) + 1) : `${Date.now()}${state.length}`;
      if (partial.id !== undefined && state.some((m) => m.id === partial.id)) throw new BadInputError(`信件编号已存在：${partial.id}`);
      const message = prepare({ ...body, id, postedAt: formatSiteTime(Date.now()), status: '待回复', ...partial });
      state.unshift(message);
      byId = undefined;
      return { ...message };
    },
    reply: (id, replyText, status = '已办结') => {
      const message = mustFind(id);
      message.replyText = replyText || wrapReply(message.author, '');
      message.replyAt = formatSiteTime(Date.now());
      message.status = status;
      message.unit ??= '区政府办';
    },
    update: (id, patch) => {
      const message = mustFind(id);
      Object.assign(message, patch, { id });
      return { ...message };
    },
    setFault: (next) => {
      fault = next;
      faultLeft = next?.times ?? Infinity;
    },
    requests: () => log.slice(),
    resetRequests: () => {
      log = [];
    },
  };
}

function genericHome(siteTitle: string, startPaths: string[]): ShapeResponse {
  const links = startPaths.map((p) => `<li><a href="${esc(p)}">进入信件列表</a></li>`).join('');
  return { contentType: htmlType, body: page({ siteTitle, body: `<h2>欢迎访问${esc(siteTitle)}</h2><ul>${links}</ul>` }) };
}

/** 'broken-html': the first ~45% of the bytes, then garbage, as a failing upstream would send. */
function breakBody(response: ShapeResponse): ShapeResponse {
  const bytes = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  const cut = bytes.subarray(0, Math.floor(bytes.length * 0.45));
  return { ...response, status: response.status ?? 200, body: Buffer.concat([cut, Buffer.from('<di\u0000v cla="\ufffd\ufffd<<tr><td', 'utf8')]) };
}
