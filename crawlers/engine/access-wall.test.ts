import { describe, expect, it } from 'vitest';
import { accessWall } from './access-wall.js';

const at = 'http://127.0.0.1/d?id=7';
const page = (body: string, status = 200, url = at) => ({ url, status, body: `<html><head><meta charset="utf-8"><title>区长信箱</title></head><body>${body}</body></html>` });
const chrome = '<div class="top">您好，<a href="/login.jsp">请登录</a> | <a href="/reg.jsp">注册</a> | <a href="/sso/">统一身份认证</a></div>';

describe('accessWall', () => {
  it('takes login notices, login addresses and challenges for walls', () => {
    expect(accessWall(page('<p>您尚未登录或登录已超时，请<a href="/login.jsp">重新登录</a></p>'), at)).toMatchObject({ kind: 'login' });
    expect(accessWall(page('<h2>请稍候</h2>', 200, 'http://127.0.0.1/sso/login?from=%2Fd'), at)).toEqual({ kind: 'login', shown: '转到登录页 /sso/login' });
    expect(accessWall(page("<script>alert('请先登录！');history.back();</script>"), at)).toMatchObject({ kind: 'login' });
    expect(accessWall(page('<p>访问被拒绝</p>', 403), at)).toMatchObject({ kind: 'challenge' });
    expect(accessWall(page('<noscript>请开启JavaScript并刷新该页</noscript>'), at)).toMatchObject({ kind: 'challenge' });
    // The wall's notice in the letter's own template.
    expect(accessWall(page(''), at, '对不起，该信件需登录后才能查看！')).toMatchObject({ kind: 'login' });
  });

  it('does not take a letter page, or a page that only mentions logins in its chrome, for a wall', () => {
    // A letter about logins and verification is the letter.
    expect(accessWall(page(''), at, '网上办事大厅每次都提示请先登录，登录后又要安全验证，一直办不成，请尽快解决。')).toBeUndefined();
    // A redesigned letter page (the text rule found nothing) with 请登录 links and a greeting: no wall (the redesign alert says what it is).
    expect(accessWall(page(`${chrome}<h1>关于陈炉镇路灯不亮的问题</h1><div class="body">路灯坏了一个月。</div>`), at)).toBeUndefined();
    // A login box beside the letter, its title as the list showed it: the letter's page.
    const box = '<div class="side"><h3>用户登录</h3><form><input name="u"><input type="password" name="p"></form><p>您尚未登录</p></div>';
    expect(accessWall(page(`<h1>关于陈炉镇路灯不亮的问题</h1><div class="body">路灯坏了。</div>${box}`), at, undefined, '关于陈炉镇路灯不亮的问题')).toBeUndefined();
    // 您尚未登录 in a header beside a longer page.
    expect(accessWall(page(`<p>您尚未登录</p><div>${'印台区人民政府信息公开。'.repeat(30)}</div>`), at)).toBeUndefined();
    // A page that is a script but no challenge (no cookie set), or a page already on a login address.
    expect(accessWall(page('<div id="app"></div><script src="/app.js"></script>'), at)).toBeUndefined();
    expect(accessWall(page('<h2>出错了</h2>', 200, 'http://127.0.0.1/login/d?id=7'), 'http://127.0.0.1/login/d?id=7')).toBeUndefined();
    // A letter's page gone (404, 410) drawn by a script is a removal, not a challenge; a 412 script is one.
    expect(accessWall(page('<div id="app"></div><script src="/404.js"></script>', 404), at)).toBeUndefined();
    expect(accessWall(page('<script>var _hmt=[];</script><p>404</p>', 410), at)).toBeUndefined();
    expect(accessWall(page('<script>var a=1;</script>', 412), at)).toMatchObject({ kind: 'challenge' });
  });
});
