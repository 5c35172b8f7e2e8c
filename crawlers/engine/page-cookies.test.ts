import { describe, expect, it } from 'vitest';
import { joinCookies, pageCookies } from './page-cookies.js';

describe('pageCookies', () => {
  it('sends a letter page\'s cookies to a reply on its site, in the scope of their path', () => {
    // `here` has no Path: the page's folder (/wsxj), as a browser scopes it.
    const set = ['JSESSIONID=A1; Path=/wsxj; HttpOnly', 'theme=blue; Path=/theme', 'lang=zh; Path=/', 'here=1'];
    expect(pageCookies(set, 'http://mail.example.gov.cn/wsxj/xjxq.do?xjbh=1201', 'http://mail.example.gov.cn/wsxj/hfxx.do?xjbh=1201')).toBe('JSESSIONID=A1; here=1; lang=zh');
    expect(pageCookies(set, 'http://mail.example.gov.cn/wsxj/xjxq.do?xjbh=1201', 'http://mail.example.gov.cn/api/reply')).toBe('lang=zh');
  });

  it('never sends them to another site: a host-only cookie stays on its host, a Domain cookie in its domain, a public suffix is refused', () => {
    const page = 'http://mail.example.gov.cn/wsxj/xjxq.do?xjbh=1201';
    expect(pageCookies(['JSESSIONID=A1; Path=/'], page, 'http://other.example.com/reply')).toBeUndefined();
    expect(pageCookies(['JSESSIONID=A1; Path=/'], page, 'http://api.example.gov.cn/reply')).toBeUndefined();
    expect(pageCookies(['sid=B2; Domain=example.gov.cn; Path=/'], page, 'http://api.example.gov.cn/reply')).toBe('sid=B2');
    expect(pageCookies(['sid=B2; Domain=example.gov.cn; Path=/'], page, 'http://example.com/reply')).toBeUndefined();
    expect(pageCookies(['sid=C3; Domain=gov.cn; Path=/', 'x=1; Domain=other.gov.cn'], page, 'http://other.gov.cn/reply')).toBeUndefined();
  });

  it('drops what a browser drops: a Secure cookie over http, one already expired, a malformed one', () => {
    const set = ['s=1; Secure', 'old=1; Max-Age=0', '=novalue; ;', 'ok=1'];
    expect(pageCookies(set, 'http://mail.example.gov.cn/a', 'http://mail.example.gov.cn/b')).toBe('ok=1');
    expect(pageCookies(undefined, 'http://mail.example.gov.cn/a', 'http://mail.example.gov.cn/b')).toBeUndefined();
  });
});

describe('joinCookies', () => {
  it('joins the session\'s cookies and the page\'s, the page\'s value winning a name both carry', () => {
    expect(joinCookies('JSESSIONID=OLD; route=r1', 'JSESSIONID=NEW')).toBe('route=r1; JSESSIONID=NEW');
    expect(joinCookies(undefined, 'a=1')).toBe('a=1');
    expect(joinCookies('a=1', undefined)).toBe('a=1');
  });
});
