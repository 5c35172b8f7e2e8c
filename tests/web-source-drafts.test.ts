/**
 * 起草新来源 over HTTP (web/api/source-draft-routes.ts, source-drafts.ts): against the console's
 * real server on PostgreSQL and a look-alike mailbox on 127.0.0.1 (tests/crawlers/fixtures/
 * mailbox-layouts), the admin starts a draft from the list page's address, follows it to its end
 * and reads the draft's YAML, notes and the letters a trial crawl extracts (both list pages, with
 * status and reply), and downloads the YAML; a second draft while one runs is refused in Chinese;
 * a bad address (not http/https), an unreachable site and a page with no list each get a Chinese
 * refusal or a failed draft saying why; nothing is stored. 加入来源文件 appends the draft to the
 * source file (a backup kept first, the file loading as before with the one source more), and
 * refuses an id the file has, the file then untouched; the addition is on 安全审计 (系统设置). 取消
 * stops a draft at once (seconds, not its 20 s or 30 s limits), whether it waits on a slow site's page or on chromium (closed), and
 * so does the server's shutdown. An address with a user name and password, or pointing at a
 * link-local or cloud metadata address (written so, or a host name resolving there, or a redirect
 * leading there) is refused in Chinese and never asked; loopback and private addresses are not
 * refused (intranet sites). Every other role is refused (403).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, password, type ConsoleFixture } from './console-fixture.js';
import { cards } from './crawlers/fixtures/mailbox-layouts/cards.js';
import { letters } from './crawlers/fixtures/mailbox-layouts/index.js';
import { serve, type Served } from './crawlers/fixtures/mailbox-layouts/serve.js';
import { serveSlowSite, type SlowSite } from './source-draft-slow-site.js';
import { loadSourceFile } from '../crawlers/index.js';
import { SourceDrafts } from '../web/index.js';
import { systemResolve } from '../web/api/source-draft-address.js';

interface Session { cookie: string; csrf: string }
interface Job { id: string; state: string; error: string | null; pagesRead: number; result: null | { sourceId: string; yaml: string; notes: string[]; channel: string; letters: { siteId: string; title: string; siteStatus: string | null; replied: boolean; postedAt: string | null }[]; trial: { pagesFetched: number; lettersFound: number } } }

let f: ConsoleFixture;
let dir: string;
let sourceFile: string;
// The installation's own source file (MINSHENG_SOURCES), with a comment and a placeholder to keep.
const fileText = `# 本区的来源（手写）
sources:
  # 区长信箱
  - id: yintai-mailbox
    name: 印台区区长信箱
    channel: district_mailbox
    startUrls: ['http://127.0.0.1:{{demoPort}}/list_1.html']
    list: { items: 'ul > li', fields: { title: a, content: p, detailUrl: { selector: a, attr: href }, siteId: { selector: a, attr: href } } }
`;
let site: Served;
let empty: Served;
let slow: SlowSite;
let redirecting: http.Server;
let redirectingUrl: string;
// Host names the test resolves itself (no DNS here): a name pointing at the metadata address, an intranet one.
const testHosts: Record<string, string[]> = { 'metadata.minsheng.test': ['203.0.113.7', '169.254.169.254'], 'intranet.minsheng.test': ['10.20.30.40'] };
const resolveHost = async (host: string) => testHosts[host] ?? systemResolve(host);
const sessions: Record<string, Session> = {};

async function signIn(username: string): Promise<Session> {
  const res = await fetch(`${f.url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function call(who: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; data: Record<string, unknown> & { error?: { message: string } }; text: string; headers: Headers }> {
  const s = sessions[who];
  const headers: Record<string, string> = s ? { cookie: s.cookie } : {};
  if (method === 'POST') Object.assign(headers, { 'content-type': 'application/json', ...(s ? { 'x-csrf-token': s.csrf } : {}) });
  const res = await fetch(f.url + path, { method, headers, ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}) });
  const text = await res.text();
  let data = {};
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // the YAML file
  }
  return { status: res.status, data, text, headers: res.headers };
}

/** Follows a draft until it ends (a draft of the look-alike takes a few seconds). */
async function finished(id: string): Promise<Job> {
  for (let i = 0; i < 240; i++) {
    const { status, data } = await call('admin', 'GET', `/api/console/source-drafts/${id}`);
    expect(status).toBe(200);
    const job = data as unknown as Job;
    if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') return job;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the draft did not end in 60 s');
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-drafts-'));
  sourceFile = path.join(dir, 'sources.yaml');
  await writeFile(sourceFile, fileText);
  f = await openConsoleFixture({ launchBrowser: false, sourceDrafts: new SourceDrafts({ sourceFile: { path: sourceFile, vars: { demoPort: 3100 } }, resolveHost }) });
  // A site whose list page redirects to the metadata address, by address or by name.
  redirecting = http.createServer((req, res) => {
    const to = req.url === '/by-name' ? 'http://metadata.minsheng.test/latest/meta-data/' : 'http://169.254.169.254/latest/meta-data/';
    res.writeHead(302, { location: to }).end();
  });
  await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
  redirectingUrl = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
  site = await serve(() => cards.pages(letters));
  slow = await serveSlowSite();
  empty = await serve(() => new Map([['/maintenance', { type: 'text/html; charset=utf-8', body: '<html><head><title>系统维护</title></head><body><p>系统维护中，请稍后访问。</p></body></html>' }]]));
  for (const who of ['admin', 'egov', 'office', 'leader', 'duchashi', 'roads']) sessions[who] = await signIn(who);
}, 60_000);

afterAll(async () => {
  await site?.close();
  await empty?.close();
  await slow?.close();
  await new Promise((resolve) => redirecting?.close(resolve));
  await f?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('起草新来源 over HTTP', () => {
  it('drafts a source from the list page, tries it as crawl --once does, and refuses a second draft while one runs', async () => {
    const messagesBefore = await f.store.db.message.count();
    const started = await call('admin', 'POST', '/api/console/source-drafts', { listUrl: site.url + cards.listPath, name: '演示区长信箱', channel: 'district_mailbox', id: 'demo-letters' });
    expect(started.status).toBe(202);
    const id = started.data.id as string;
    expect(started.data.state).toBe('drafting');

    const second = await call('admin', 'POST', '/api/console/source-drafts', { listUrl: site.url + cards.listPath });
    expect(second.status).toBe(409);
    expect(second.data.error?.message).toMatch(/^已有一份来源草稿正在起草（admin 于 \d\d:\d\d 开始：http:\/\/127\.0\.0\.1:\d+\/interact\/letters）；一次只能起草一份，请等它完成后再试$/);

    const job = await finished(id);
    expect(job.error).toBeNull();
    expect(job.state).toBe('done');
    expect(job.pagesRead).toBeGreaterThan(1);
    const r = job.result!;
    expect(r.sourceId).toBe('demo-letters');
    expect(r.channel).toBe('district_mailbox');
    expect(r.yaml).toContain('sources:');
    expect(r.yaml).toContain(`${site.url}${cards.listPath}`);
    expect(Array.isArray(r.notes)).toBe(true);
    // Both list pages, each letter with its status and whether its page carries a reply.
    expect(r.letters.map((l) => l.title).sort()).toEqual(letters.map((l) => l.title).sort());
    for (const letter of letters) {
      const got = r.letters.find((l) => l.title === letter.title)!;
      expect(got.siteStatus, letter.title).toBe(cards.status(letter));
      expect(got.replied, letter.title).toBe(Boolean(letter.reply));
      expect(got.postedAt?.slice(0, 10), letter.title).toBe(letter.postedAt.slice(0, 10));
    }
    expect(r.trial.lettersFound).toBe(letters.length);
    // A trial, not a crawl: nothing reached the store.
    expect(await f.store.db.message.count()).toBe(messagesBefore);

    const file = await call('admin', 'GET', `/api/console/source-drafts/${id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="demo-letters.yaml"');
    expect(file.text).toBe(r.yaml);

    // Once it ended, another may start.
    const next = await call('admin', 'POST', '/api/console/source-drafts', { listUrl: `${empty.url}/maintenance`, detailUrls: [] });
    expect(next.status).toBe(202);
    await finished(next.data.id as string);
  }, 120_000);

  it('refuses an address that is not http(s) at once, and fails a draft of an unreachable site or a page with no list saying why', async () => {
    for (const listUrl of ['ftp://example.gov.cn/list', 'www.example.gov.cn/list.html', '']) {
      const res = await call('admin', 'POST', '/api/console/source-drafts', { listUrl });
      expect(res.status, listUrl).toBe(400);
      expect(res.data.error?.message, listUrl).toMatch(/列表页网址/);
    }
    const badDetail = await call('admin', 'POST', '/api/console/source-drafts', { listUrl: site.url + cards.listPath, detailUrls: ['javascript:alert(1)'] });
    expect(badDetail.status).toBe(400);
    expect(badDetail.data.error?.message).toBe('留言详情页网址应以 http:// 或 https:// 开头：javascript:alert(1)');

    // A port nobody listens on.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = await call('admin', 'POST', '/api/console/source-drafts', { listUrl: `http://127.0.0.1:${port}/list.html` });
    expect(unreachable.status).toBe(202);
    const failed = await finished(unreachable.data.id as string);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(new RegExp(`^无法打开 http://127\\.0\\.0\\.1:${port}/list\\.html：`));
    expect(failed.result).toBeNull();
    expect((await call('admin', 'GET', `/api/console/source-drafts/${unreachable.data.id as string}/file`)).status).toBe(404);

    // A page with no list (opened in chromium too, as its HTML holds none).
    const noList = await call('admin', 'POST', '/api/console/source-drafts', { listUrl: `${empty.url}/maintenance` });
    const none = await finished(noList.data.id as string);
    expect(none.state).toBe('failed');
    expect(none.error).toMatch(/^列表页上没有找到重复出现、带标题链接的条目/);
  }, 120_000);

  it('加入来源文件: appends the draft to the source file after a backup, once; refuses an id the file has', async () => {
    const draft = async (id: string) => {
      const started = await call('admin', 'POST', '/api/console/source-drafts', { listUrl: site.url + cards.listPath, id, channel: 'district_mailbox' });
      expect(started.status).toBe(202);
      const job = await finished(started.data.id as string);
      expect(job.state).toBe('done');
      return job.id;
    };
    // An id the file has: refused, the file untouched, no backup made.
    const taken = await draft('yintai-mailbox');
    const refused = await call('admin', 'POST', `/api/console/source-drafts/${taken}/add-to-source-file`);
    expect(refused.status).toBe(409);
    expect(refused.data.error?.message).toBe('来源文件中已有编号为 yintai-mailbox 的来源，未加入：请换一个来源编号重新起草，或在来源文件中修改该来源');
    expect(await readFile(sourceFile, 'utf8')).toBe(fileText);
    expect(await readdir(dir)).toEqual(['sources.yaml']);

    const id = await draft('demo-letters');
    const added = await call('admin', 'POST', `/api/console/source-drafts/${id}/add-to-source-file`);
    expect(added.status).toBe(200);
    expect(added.data).toMatchObject({ file: sourceFile, sourceId: 'demo-letters', addedBy: 'admin' });
    expect(added.data.takesEffect).toMatch(/重启民声主程序.*后生效/);
    // The copy of the file as it was, and the file: as it was, then the draft's source.
    expect(await readFile(added.data.backup as string, 'utf8')).toBe(fileText);
    const now = await readFile(sourceFile, 'utf8');
    expect(now.startsWith(fileText)).toBe(true);
    expect(now.slice(fileText.length)).toMatch(/^ {2}# 由控制台「起草新来源」加入：admin，.+\n( {2}# 注意：.+\n)* {2}- id: demo-letters\n/);
    const sources = await loadSourceFile(sourceFile, { vars: { demoPort: 3100 } });
    expect(sources.map((s) => s.id)).toEqual(['yintai-mailbox', 'demo-letters']);
    expect(sources[1]!.startUrls).toEqual([site.url + cards.listPath]);
    // Once only.
    const again = await call('admin', 'POST', `/api/console/source-drafts/${id}/add-to-source-file`);
    expect(again.status).toBe(409);
    expect(again.data.error?.message).toMatch(/^这份草稿已由 admin 于 \d\d:\d\d 加入来源文件 /);
    expect((await call('admin', 'GET', `/api/console/source-drafts/${id}`)).data.added).toMatchObject({ sourceId: 'demo-letters' });
    // Kept on 安全审计 as 系统设置: who added which source to which file, once (the refusals add nothing).
    const log = await call('admin', 'GET', '/api/console/security-log?recordKind=system');
    expect(log.status).toBe(200);
    const rows = (log.data as unknown as { items: { kind: string; username: string; details: string }[] }).items;
    expect(rows).toEqual([
      expect.objectContaining({ kind: 'system', username: 'admin', details: `在控制台把来源 demo-letters 加入来源文件 ${sourceFile}（原文件备份为 ${String(added.data.backup)}；列表页 ${site.url + cards.listPath}），重启后生效` }),
    ]);
  }, 120_000);

  it('is the admin\'s alone: every other role is refused (403), signed out 401', async () => {
    const job = '00000000-0000-4000-8000-000000000000';
    for (const who of ['egov', 'office', 'leader', 'duchashi', 'roads']) {
      for (const [method, route] of [['POST', '/api/console/source-drafts'], ['GET', `/api/console/source-drafts/${job}`], ['GET', `/api/console/source-drafts/${job}/file`], ['POST', `/api/console/source-drafts/${job}/add-to-source-file`], ['POST', `/api/console/source-drafts/${job}/cancel`]] as const) {
        const res = await call(who, method, route, { listUrl: site.url + cards.listPath });
        expect({ who, method, route, status: res.status }).toEqual({ who, method, route, status: 403 });
      }
    }
    expect((await call('anon', 'POST', '/api/console/source-drafts', { listUrl: site.url })).status).toBe(401);
    expect((await call('admin', 'GET', `/api/console/source-drafts/${job}`)).status).toBe(404);
    expect((await call('admin', 'POST', `/api/console/source-drafts/${job}/cancel`)).status).toBe(404);
  });
});

/** This process's chromium children (the draft's browser: the API suite launches no other). */
const chromiumChildren = () =>
  execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => /chromium/.test(line));

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (await ok()) return;
  throw new Error(`timed out waiting for ${what}`);
}

describe('取消 a draft', () => {
  it('stops a draft waiting on a slow site\'s page at once, the page\'s request cut off; the next draft may start', async () => {
    const started = await call('admin', 'POST', '/api/console/source-drafts', { listUrl: `${slow.url}/slow-list.html` });
    expect(started.status).toBe(202);
    const id = started.data.id as string;
    await until('the list page asked', () => slow.waiting() === 1);
    const t0 = Date.now();
    const cancelled = await call('admin', 'POST', `/api/console/source-drafts/${id}/cancel`);
    expect(Date.now() - t0).toBeLessThan(5_000); // at once: the draft's own limits are 20 s (a page) and 30 s (chromium)
    expect(cancelled.status).toBe(200);
    expect(cancelled.data).toMatchObject({ id, state: 'cancelled', result: null, cancelled: { by: 'admin' } });
    expect(cancelled.data.error).toMatch(/^已由 admin 于 \d\d:\d\d 取消$/);
    // The site's page is no longer asked for (the fetch was stopped, not left to its 20 s limit).
    await until('the request cut off', () => slow.cutOff() === 1, 5_000);
    expect((await call('admin', 'GET', `/api/console/source-drafts/${id}`)).data.state).toBe('cancelled');
    // Once: an ended draft is not cancelled again.
    const again = await call('admin', 'POST', `/api/console/source-drafts/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.data.error?.message).toBe('这份草稿已取消，无需取消');
    // The next draft starts (its predecessor's work has stopped).
    await until('a next draft accepted', async () => {
      const next = await call('admin', 'POST', '/api/console/source-drafts', { listUrl: `${empty.url}/maintenance`, detailUrls: [] });
      if (next.status === 202) await finished(next.data.id as string);
      return next.status === 202;
    }, 2_000);
  }, 60_000);

  it('stops a draft waiting on chromium at once, the browser closed', async () => {
    expect(chromiumChildren()).toEqual([]);
    const started = await call('admin', 'POST', '/api/console/source-drafts', { listUrl: `${slow.url}/script-list.html` });
    const id = started.data.id as string;
    // The page's script asked for its list, which never comes: chromium waits for a quiet network.
    await until('chromium asking the list', () => slow.requested.includes('/api/letters'));
    expect(chromiumChildren().length).toBeGreaterThan(0);
    const t0 = Date.now();
    const cancelled = await call('admin', 'POST', `/api/console/source-drafts/${id}/cancel`);
    expect(Date.now() - t0).toBeLessThan(5_000); // at once: the draft's own limits are 20 s (a page) and 30 s (chromium)
    expect(cancelled.data.state).toBe('cancelled');
    // Closed, not left to its 30 s page limit (closing takes chromium a moment on a busy machine).
    await until('chromium closed', () => chromiumChildren().length === 0, 5_000);
  }, 60_000);

  it('is stopped at once when the server stops (not waited for)', async () => {
    const drafts = new SourceDrafts();
    const job = await drafts.start({ listUrl: `${slow.url}/slow-list.html` }, 'admin');
    await until('the list page asked', () => slow.waiting() === 1);
    const t0 = Date.now();
    await drafts.stop();
    expect(Date.now() - t0).toBeLessThan(5_000); // at once: the draft's own limits are 20 s (a page) and 30 s (chromium)
    expect(job).toMatchObject({ state: 'failed', error: '民声主程序停止，起草随之中断；请重新起草' });
    await until('the request cut off', () => slow.waiting() === 0, 5_000);
  }, 60_000);
});

describe('addresses the server is not made to fetch', () => {
  const metadataWhy = '链路本地地址或云服务器元数据地址（169.254.0.0/16、fe80::/10 等）不是网站，起草时不读取';

  it('refuses a user name and password, and link-local or cloud metadata addresses, typed or resolved, in Chinese', async () => {
    const refusals: [Record<string, unknown>, string][] = [
      [{ listUrl: 'http://admin:secret@127.0.0.1/list.html' }, '列表页网址不能包含用户名或密码（user:password@）：请去掉后重试'],
      [{ listUrl: 'https://token@www.example.gov.cn/list.html' }, '列表页网址不能包含用户名或密码（user:password@）：请去掉后重试'],
      [{ listUrl: 'http://169.254.169.254/latest/meta-data/' }, `列表页网址指向 169.254.169.254：${metadataWhy}`],
      // The same address written otherwise: as a number, IPv4-mapped IPv6.
      [{ listUrl: 'http://2852039166/latest/meta-data/' }, `列表页网址指向 169.254.169.254：${metadataWhy}`],
      [{ listUrl: 'http://[::ffff:169.254.169.254]/' }, `列表页网址指向 [::ffff:a9fe:a9fe]：${metadataWhy}`],
      [{ listUrl: 'http://[fe80::1]/list.html' }, `列表页网址指向 [fe80::1]：${metadataWhy}`],
      [{ listUrl: 'http://100.100.100.200/latest/meta-data/' }, `列表页网址指向 100.100.100.200：${metadataWhy}`],
      [{ listUrl: site.url + cards.listPath, detailUrls: ['http://169.254.170.2/v2/credentials'] }, `留言详情页网址指向 169.254.170.2：${metadataWhy}`],
      [{ listUrl: 'http://metadata.minsheng.test/latest/meta-data/' }, `列表页网址的域名 metadata.minsheng.test 解析为 169.254.169.254：${metadataWhy}`],
      [{ listUrl: site.url + cards.listPath, detailUrls: ['http://metadata.minsheng.test/1.html'] }, `留言详情页网址的域名 metadata.minsheng.test 解析为 169.254.169.254：${metadataWhy}`],
    ];
    for (const [body, message] of refusals) {
      const res = await call('admin', 'POST', '/api/console/source-drafts', body);
      expect({ body, status: res.status, message: res.data.error?.message }).toEqual({ body, status: 400, message });
    }
  });

  it('fails a draft whose list page redirects to the metadata address, by address or by name, without asking it', async () => {
    for (const [path, error] of [
      ['/by-address', `网站页面地址指向 169.254.169.254：${metadataWhy}`],
      ['/by-name', `网站页面地址的域名 metadata.minsheng.test 解析为 169.254.169.254：${metadataWhy}`],
    ]) {
      const started = await call('admin', 'POST', '/api/console/source-drafts', { listUrl: redirectingUrl + path });
      expect(started.status).toBe(202);
      const t0 = Date.now();
      const job = await finished(started.data.id as string);
      expect({ state: job.state, error: job.error }).toEqual({ state: 'failed', error });
      // Refused, not tried: 169.254.169.254 answers nothing here, and asking it would wait out the 20 s limit.
      expect(Date.now() - t0).toBeLessThan(5_000);
    }
  }, 60_000);

  it('does not refuse loopback or private addresses (intranet sites, the demo mailbox)', async () => {
    for (const listUrl of ['http://intranet.minsheng.test/xxgk/list.html', 'http://192.168.10.5:8080/list.html', 'http://[fd12:3456::1]/list.html', 'http://localhost:9/list.html']) {
      const started = await call('admin', 'POST', '/api/console/source-drafts', { listUrl });
      expect({ listUrl, status: started.status }).toEqual({ listUrl, status: 202 });
      // Not left to time out on an address nobody answers here.
      await call('admin', 'POST', `/api/console/source-drafts/${started.data.id as string}/cancel`);
      await finished(started.data.id as string);
    }
  }, 60_000);
});
