/**
 * QA of 收集 behind access walls: the look-alike mailbox of hostile-sites.test.ts on 127.0.0.1, its
 * letter and list pages answered by a login page or a firewall's challenge (HTTP 200, 403, 405,
 * 412), crawled with the product's engine. A wall is said as a wall (`accessAlert`), never as a
 * redesign (详情页可能改版), a removal or an empty list; nothing is recorded from it, and the next run
 * after the wall is gone records every letter. A real letter page with 登录 | 注册 in its header is read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { html, letters, mailboxSource, startMailbox, type Mailbox } from './fixtures/hostile-mailbox.js';

let site: Mailbox | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** A site's header: a greeting, 登录 and 注册 links, as government portals show on every page. */
const header = '<div class="top">您好，欢迎访问印台区区长信箱！<a href="/login.jsp">请登录</a> | <a href="/reg.jsp">免费注册</a> | <a href="/sso/">统一身份认证</a></div>';
/** A 统一身份认证 login page with its form. */
const loginPage = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>用户登录 - 陕西省统一身份认证平台</title></head><body>${header}<form action="/login.do" method="post"><label>用户名</label><input name="u"><label>密码</label><input type="password" name="p"><button>登录</button></form></body></html>`;
/** A firewall's block page (the wording of common Chinese WAFs). */
const wafPage = html('<h2>访问被拦截</h2><p>您的访问请求可能对网站造成安全威胁，已被网站防火墙拦截。</p><p>事件编号：9a3f00c1</p>');
/** An anti-bot challenge: a slider. */
const sliderPage = html('<div id="nc">安全验证：请按住滑块，拖动到最右边</div><noscript>请开启JavaScript后刷新本页</noscript>');
/** A page whose only content is a script that sets a cookie and loads the page again. */
const cookieScript = `<html><head><meta charset="utf-8"></head><body><script>document.cookie='__jsl_clearance_s=1764489600.123|0|abc;max-age=3600;path=/';location.href=location.pathname+location.search</script></body></html>`;

const allAlerts = (h: { layoutAlert?: string | undefined; accessAlert?: string | undefined }) => [h.layoutAlert, h.accessAlert];

describe('access walls in front of a mailbox', () => {
  it('takes a login page at every letter page for a login wall, not a redesign: nothing recorded, said as such, and every letter read once it is gone', async () => {
    site = await startMailbox(letters(4));
    const box = site;
    box.frame = (content) => header + content;
    const source = mailboxSource(box.url);
    source.watch.revisitOpenAfter = 0;
    const state = new MemoryCrawlStateStore();
    // Letters 1 and 2 are known (and revisited at every run); 3 and 4 come while the wall is up.
    box.letters = letters(2);
    // A first crawl with every letter page the login page.
    box.hook = (path) => (path.startsWith('/d?') ? loginPage : undefined);
    const behind = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    // Redteam: 本次 2 个详情页都未取到必填字段：详情页可能改版, sending staff to rewrite the source file.
    expect(allAlerts(behind.health)).toEqual([undefined, '本次 2 个详情页被网站拦截（要求登录）：请在浏览器中打开核对，必要时联系网站管理方']);
    expect(behind.messages).toEqual([]);
    box.hook = undefined;
    const first = await crawlSource(source, { state });
    expect(first.changes.map((c) => c.kind)).toEqual(['new', 'new']);
    box.letters = letters(4);
    // The login page at the letter's own address for letters 1, 3 and 4; letter 2 sent there by a redirect, as most sites do.
    box.hook = (path, _req, res) => {
      if (path === '/d?id=2') {
        res.writeHead(302, { Location: '/cas/login?service=%2Fd%3Fid%3D2' }).end();
        return null;
      }
      if (path.startsWith('/cas/login')) return loginPage;
      return path.startsWith('/d?') ? loginPage : undefined;
    };
    const walled = await crawlSource(source, { state });
    // Redteam: letter 2, sent to the login page, was reported removed from the site (已从网站删除:
    // a redirect away from the detail pages); the others were read as pages lacking their text.
    expect(walled.health.layoutAlert).toBeUndefined();
    expect(walled.health.accessAlert).toBe('本次 4 个详情页被网站拦截（要求登录）：请在浏览器中打开核对，必要时联系网站管理方');
    expect(walled.changes).toEqual([]);
    expect(walled.messages).toEqual([]);
    expect(walled.health.removedItems).toBe(0);
    expect(walled.health.lastSuccessAt).toBe(first.health.lastSuccessAt);
    const errors = walled.health.pageErrors.map((e) => e.error).sort();
    expect(errors).toEqual([
      '详情页被网站拦截（要求登录：“用户登录 - 陕西省统一身份认证平台”），未显示留言 1：下次运行再取',
      '详情页被网站拦截（要求登录：“用户登录 - 陕西省统一身份认证平台”），未显示留言 3：下次运行再取',
      '详情页被网站拦截（要求登录：“用户登录 - 陕西省统一身份认证平台”），未显示留言 4：下次运行再取',
      '详情页被网站拦截（要求登录：“转到登录页 /cas/login”），未显示留言 2：下次运行再取',
    ]);

    box.hook = undefined;
    box.letters[3]!.reply = '已安排维修。';
    const open = await crawlSource(source, { state });
    expect(allAlerts(open.health)).toEqual([undefined, undefined]);
    expect(open.health.pageErrors).toEqual([]);
    expect(open.changes.sort((a, b) => a.siteId.localeCompare(b.siteId))).toEqual([
      { siteId: '1', kind: 'changed', fields: ['replyText'] },
      { siteId: '3', kind: 'new' },
      { siteId: '4', kind: 'new' },
    ]);
    expect(open.messages.find((m) => m.siteId === '1')?.content).toBe(box.letters[3]!.content);
    expect(open.health.lastSuccessAt! > walled.health.lastRunAt!).toBe(true);
  });

  it('takes a firewall\'s or anti-bot challenge at the letter pages for one (HTTP 200, 403, 405, 412), not a redesign', async () => {
    site = await startMailbox(letters(5));
    const box = site;
    const source = mailboxSource(box.url);
    const state = new MemoryCrawlStateStore();
    const answers: Record<string, [number, string]> = {
      '/d?id=1': [200, wafPage],
      '/d?id=2': [403, wafPage],
      '/d?id=3': [200, sliderPage],
      '/d?id=4': [200, cookieScript],
      '/d?id=5': [412, '<html><head><meta charset="utf-8"><meta content="x8Fq2" r="m"><script src="/j/aBc1.js"></script></head><body></body></html>'],
    };
    box.hook = (path) => answers[path];
    const walled = await crawlSource(source, { state });
    expect(walled.health.layoutAlert).toBeUndefined();
    expect(walled.health.accessAlert).toBe('本次 5 个详情页被网站拦截（安全验证）：请在浏览器中打开核对，必要时联系网站管理方');
    expect(walled.messages).toEqual([]);
    const byId = Object.fromEntries(walled.health.pageErrors.map((e) => [e.url.replace(box.url, ''), e.error]));
    expect(byId['/d?id=1']).toBe('详情页被网站拦截（安全验证：“访问被拦截”），未显示留言 1：下次运行再取');
    expect(byId['/d?id=2']).toBe('详情页被网站拦截（安全验证：“访问被拦截”，HTTP 403），未显示留言 2：下次运行再取');
    expect(byId['/d?id=3']).toMatch(/^详情页被网站拦截（安全验证：“安全验证：请按住滑块/);
    expect(byId['/d?id=4']).toBe('详情页被网站拦截（安全验证：“页面只有设置 Cookie 后刷新的脚本”），未显示留言 4：下次运行再取');
    expect(byId['/d?id=5']).toBe('详情页被网站拦截（安全验证：“HTTP 412，页面只有脚本”，HTTP 412），未显示留言 5：下次运行再取');

    box.hook = undefined;
    const open = await crawlSource(source, { state });
    expect(allAlerts(open.health)).toEqual([undefined, undefined]);
    expect(open.changes.map((c) => c.siteId).sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('takes a wall on the list page for a wall, not for an empty list or a redesign, and walks on from a walled later page next run', async () => {
    site = await startMailbox(letters(8), 4);
    const box = site;
    const source = mailboxSource(box.url);
    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source, { state });
    expect(first.messages).toHaveLength(8);
    box.letters.unshift(...letters(2, 20));

    for (const [status, page] of [
      [200, sliderPage],
      [403, wafPage],
      [405, wafPage],
    ] as const) {
      box.hook = (path) => (path === '/list' ? [status, page] : undefined);
      const walled = await crawlSource(source, { state });
      // Redteam: 200 raised 列表首页原有 4 条，本次解析出 0 条：网站可能改版; 405 said the list might want POST.
      expect(walled.health.layoutAlert, String(status)).toBeUndefined();
      expect(walled.health.accessAlert, String(status)).toBe('列表页被网站拦截（安全验证）：请在浏览器中打开列表页核对，必要时联系网站管理方');
      expect(walled.health.pageErrors.map((e) => e.error), String(status)).toEqual([`列表第 1 页被网站拦截（安全验证：“${status === 200 ? '安全验证：请按住滑块，拖动到最右边' : '访问被拦截'}”${status === 200 ? '' : `，HTTP ${status}`}），本次未读取，下次运行从这一页继续`]);
      expect(walled.messages).toEqual([]);
      expect(walled.health.lastSuccessAt).toBe(first.health.lastSuccessAt);
    }

    // A first crawl whose second list page is a login wall: page 2 is read next run, not left for good.
    const fresh = new MemoryCrawlStateStore();
    box.hook = (path) => (path === '/list?page=2' ? loginPage : undefined);
    const partial = await crawlSource(source, { state: fresh });
    expect(partial.messages).toHaveLength(4);
    expect(partial.health.accessAlert).toBe('列表页被网站拦截（要求登录）：请在浏览器中打开列表页核对，必要时联系网站管理方');
    expect(partial.health.layoutAlert).toBeUndefined();
    box.hook = undefined;
    const rest = await crawlSource(source, { state: fresh });
    expect(allAlerts(rest.health)).toEqual([undefined, undefined]);
    expect(rest.messages).toHaveLength(6);
  });

  it('reads a real letter page whose header has 请登录 and 注册 links, or a login box, as the letter; a redesigned one is still a redesign', async () => {
    site = await startMailbox(letters(3));
    const box = site;
    const loginBox = '<div class="side"><h3>用户登录</h3><form action="/login.do"><input name="u"><input type="password" name="p"><button>登录</button></form><p>您尚未登录</p></div>';
    box.frame = (content) => header + content + loginBox;
    box.letters[0]!.content = '我在网上办事大厅办理社保，每次都提示请先登录，登录后又要安全验证，滑动验证总是失败，请有关部门尽快解决。';
    const read = await crawlSource(mailboxSource(box.url), { state: new MemoryCrawlStateStore() });
    expect(allAlerts(read.health)).toEqual([undefined, undefined]);
    expect(read.health.pageErrors).toEqual([]);
    expect(read.messages.map((m) => [m.siteId, m.content])).toEqual(box.letters.map((l) => [l.id, l.content]));

    // The detail pages re-designed (the text rule matches nothing), with the same header and login box: 详情页可能改版, as before.
    const redesigned = mailboxSource(box.url);
    if (redesigned.kind === 'config' && redesigned.detail) redesigned.detail.fields.content = 'div.letter-body';
    const moved = await crawlSource(redesigned, { state: new MemoryCrawlStateStore() });
    expect(moved.health.accessAlert).toBeUndefined();
    expect(moved.health.layoutAlert).toBe('本次 3 个详情页都未取到必填字段：详情页可能改版');
  });
});
