/**
 * A small mailbox on 127.0.0.1 whose messages can be taken down, the ways real sites do it: the
 * detail answers 404, 410 (here with a content type the crawler does not parse), a 200 notice page
 * ("该信件不存在或已被删除"), a 302 to the home page, to the list or to an error page, or fails
 * with 500. Removed messages leave the list. A message can also move: its old detail address
 * answers 301 to a new one (`/detail?id=<id>-new`) showing the same message. Without an HTTP
 * redirect (HTTP 200 each): a `<meta http-equiv="refresh">` to the home page, an inline script
 * sending the browser to the list, the list page itself at the detail's address, and a meta
 * refresh to the new address of a moved message; a message box saying the message is gone and a
 * step back (or one saying the system is busy); the home page itself at the detail's address (its
 * visit counter changes on every load). Every detail page
 * carries a footer that mentions 已被删除, so a careless `removedText` match would show up. A
 * message's reply (and anything else) can be edited in place, as sites do after a message closed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseSourceText, type SourceDefinition } from '../../crawlers/index.js';

export type DetailAnswer =
  | 'ok'
  | '404'
  | '410'
  | 'notice'
  | '500'
  | 'to-home'
  | 'to-list'
  | 'to-error-page'
  | 'moved'
  | 'meta-to-home'
  | 'script-to-list'
  | 'list-body'
  | 'meta-moved'
  | 'alert-back'
  | 'alert-busy'
  | 'home-body';

export interface RemovalSiteMessage {
  id: string;
  title: string;
  content: string;
  status: string;
  /** The official reply (回复内容), shown on the detail page when set. */
  reply?: string;
}

export interface RemovalSite {
  url: string;
  /** How the detail of `id` answers from now on; anything but 'ok', '500', 'moved', 'meta-moved' and 'alert-busy' also takes it off the list. */
  answer(id: string, how: DetailAnswer, options?: { listed?: boolean }): void;
  add(message: RemovalSiteMessage): void;
  /** Changes a message in place (a reply edited after it closed, say); the list shows only id and title. */
  edit(id: string, patch: Partial<Omit<RemovalSiteMessage, 'id'>>): void;
  /** Paths requested, in order. */
  requests(): string[];
  resetRequests(): void;
  close(): Promise<void>;
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const footer = '<div class="foot">声明：已被删除或不宜公开的信件不在此显示</div>';

export async function startRemovalSite(messages: RemovalSiteMessage[]): Promise<RemovalSite> {
  // Copies: edits must not reach the caller's fixture (shared by the tests of a file).
  const all = messages.map((m) => ({ ...m }));
  const answers = new Map<string, DetailAnswer>();
  const hidden = new Set<string>();
  let log: string[] = [];
  let visits = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    log.push(`${url.pathname}${url.search}`);
    const html = (status: number, body: string) => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>区长信箱</title></head><body>${body}</body></html>`);
    };
    const redirect = (status: number, location: string) => {
      res.writeHead(status, { Location: location, 'Content-Type': 'text/html; charset=utf-8' });
      res.end();
    };
    const homePage = () => {
      visits++;
      const menu = ['/list.html', '/zwgk/', '/zcwj/', '/bsfw/', '/hdjl/', '/about.html'].map((href, i) => `<li><a href="${href}">栏目${i}</a></li>`).join('');
      html(200, `<h1>印台区人民政府</h1><ul class="menu">${menu}</ul><p>今日要闻 ${new Date().toISOString()}</p><p>访问量：${visits}</p>`);
    };
    if (url.pathname === '/') {
      homePage();
      return;
    }
    if (url.pathname === '/error.html') {
      html(200, '<h2>提示</h2><p>您访问的信件已失效</p>');
      return;
    }
    const listPage = () => {
      const rows = all
        .filter((m) => !hidden.has(m.id))
        .map((m) => `<li><a class="id">${m.id}</a><a class="t" href="/detail?id=${m.id}">${esc(m.title)}</a></li>`)
        .join('');
      html(200, `<ul class="list">${rows}</ul>`);
    };
    if (url.pathname === '/list.html') {
      listPage();
      return;
    }
    const asked = url.searchParams.get('id') ?? '';
    const id = asked.replace(/-new$/, '');
    const message = all.find((m) => m.id === id);
    if (url.pathname !== '/detail' || !message) {
      html(404, '<h2>您访问的页面不存在</h2>');
      return;
    }
    // The new address of a moved message always shows it.
    switch (asked === id ? (answers.get(id) ?? 'ok') : 'ok') {
      case '404':
        html(404, '<h2>您访问的页面不存在</h2>');
        return;
      case '410':
        res.writeHead(410, { 'Content-Type': 'image/gif' });
        res.end('GIF89a');
        return;
      case '500':
        html(500, '<h2>服务器繁忙</h2>');
        return;
      case 'to-home':
        redirect(302, '/');
        return;
      case 'to-list':
        redirect(302, '/list.html');
        return;
      case 'to-error-page':
        redirect(302, '/error.html?from=letter');
        return;
      case 'moved':
        redirect(301, `/detail?id=${id}-new`);
        return;
      case 'meta-to-home':
        html(200, '<meta http-equiv="refresh" content="0;url=/"><p>正在跳转……</p>');
        return;
      case 'script-to-list':
        html(200, `<script type="text/javascript">alert('信件已关闭');location.href='list.html';</script>${footer}`);
        return;
      case 'list-body':
        listPage();
        return;
      case 'meta-moved':
        html(200, `<meta http-equiv="Refresh" content="0; URL='/detail?id=${id}-new'"><p>该信件已迁移</p>`);
        return;
      case 'alert-back':
        html(200, `<script>alert('该信件不存在或已被删除！');history.back();</script>${footer}`);
        return;
      case 'alert-busy':
        html(200, `<script language="javascript">alert("系统繁忙，请稍后再试");window.history.go(-1);</script>`);
        return;
      case 'home-body':
        homePage();
        return;
      case 'notice':
        html(200, `<h2>提示</h2><p>该信件不存在或已被删除</p>${footer}`);
        return;
      default:
        html(
          200,
          `<table class="detail"><tr><th>信件标题</th><td>${esc(message.title)}</td></tr><tr><th>来信内容</th><td>${esc(message.content)}</td></tr>` +
            `<tr><th>办理状态</th><td>${esc(message.status)}</td></tr>` +
            `${message.reply === undefined ? '' : `<tr><th>回复内容</th><td>${esc(message.reply)}</td></tr>`}</table>${footer}`,
        );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    answer(id, how, options = {}) {
      answers.set(id, how);
      if (options.listed ?? ['ok', '500', 'moved', 'meta-moved', 'alert-busy'].includes(how)) hidden.delete(id);
      else hidden.add(id);
    },
    add: (m) => void all.unshift(m),
    edit(id, patch) {
      const message = all.find((m) => m.id === id);
      if (!message) throw new Error(`no message ${id}`);
      Object.assign(message, patch);
    },
    requests: () => log.slice(),
    resetRequests: () => {
      log = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The source for the removal site; open items are revisited on every run. `watch` adds keys to its
 * `watch:` block (e.g. `recheckClosedAfter: 1d, recheckClosedPerRun: 2`).
 */
export function removalSource(site: RemovalSite, removedText?: string, watch = ''): SourceDefinition {
  const text = `
sources:
  - id: removal-test
    name: 删除测试信箱
    channel: district_mailbox
    startUrls: ['${site.url}/list.html']
    politeness: { maxConcurrency: 2, delay: 0, retries: 1, backoff: 20ms, maxBackoff: 50ms, timeout: 5s }
    watch: { revisitOpenAfter: 0${removedText ? `, removedText: '${removedText}'` : ''}${watch ? `, ${watch}` : ''} }
    list:
      items: 'ul.list > li'
      fields:
        siteId: a.id
        title: a.t
        detailUrl: { selector: a.t, attr: href }
    detail:
      fields:
        title: { label: 信件标题 }
        content: { label: 来信内容 }
        siteStatus: { label: 办理状态 }
        replyText: { label: 回复内容 }
`;
  const [source] = parseSourceText(text, 'removal-test.yaml');
  if (!source) throw new Error('no source');
  return source;
}
