import { describe, expect, it } from 'vitest';
import { joinCookies, pageCookies as letterCookies, scriptCookies } from './page-cookies.js';

/** The `Cookie` header a letter's page answered with `setCookies` gives a request to `requestUrl`. */
const pageCookies = (setCookies: readonly string[] | undefined, url: string, requestUrl: string) => letterCookies({ url, setCookies }, requestUrl);

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

describe('cookies set before and after the letter\'s page answered', () => {
  const page = 'http://mail.example.gov.cn/wsxj/xjxq.jsp?xjbh=1201';
  const reply = 'http://mail.example.gov.cn/wsxj/hfxx.do?xjbh=1201';

  it('keeps a redirect\'s cookies in the letter\'s jar, each scoped to the address that set it, the page\'s own answer replacing one of the same name', () => {
    const redirects = [{ url: 'http://mail.example.gov.cn/wsxj/open.do?xjbh=1201', setCookies: ['SID=R1; Path=/wsxj; HttpOnly', 'old=1; Path=/wsxj', 'elsewhere=1; Path=/other'] }];
    expect(letterCookies({ url: page, redirects, setCookies: ['old=2; Path=/wsxj'] }, reply)).toBe('SID=R1; old=2');
    // A redirect on another site sets nothing for this one.
    expect(letterCookies({ url: page, redirects: [{ url: 'http://sso.example.com/login', setCookies: ['SSO=1; Path=/'] }] }, reply)).toBeUndefined();
  });

  it('reads the page\'s inline scripts assigning quoted literals to document.cookie, and nothing computed', () => {
    const html = `<html><head><script>
document.cookie = "token=abc123; path=/"; // the reply's check
document.cookie = 'k=' + 'v' + "; path=/wsxj";
document.cookie = 'computed=' + token;
document.cookie = 'called=' + 'x' + suffix();
if (document.cookie == 'a=b') {}
document.cookie = 'esc=\\x41\\u0042';
</script><script type="text/template">document.cookie = 'tpl=1'</script><script src="/js/a.js">document.cookie = 'src=1'</script></head></html>`;
    expect(scriptCookies(html)).toEqual(['token=abc123; path=/', 'k=v; path=/wsxj', 'esc=AB']);
    expect(letterCookies({ url: page, html }, reply)).toBe('k=v; esc=AB; token=abc123');
    expect(scriptCookies('<p>document.cookie = "shown=1" in a letter\'s text</p>')).toEqual([]);
  });

  it('lets no script replace an HttpOnly cookie the answer set, nor set one HttpOnly', () => {
    const html = '<script>document.cookie = "SID=forged; path=/"; document.cookie = "h=1; HttpOnly";</script>';
    expect(letterCookies({ url: page, setCookies: ['SID=S1; Path=/; HttpOnly'], html }, reply)).toBe('SID=S1');
  });
});

describe('joinCookies', () => {
  it('joins the session\'s cookies and the page\'s, the page\'s value winning a name both carry', () => {
    expect(joinCookies('JSESSIONID=OLD; route=r1', 'JSESSIONID=NEW')).toBe('route=r1; JSESSIONID=NEW');
    expect(joinCookies(undefined, 'a=1')).toBe('a=1');
    expect(joinCookies('a=1', undefined)).toBe('a=1');
  });
});
