/** Where a page sends the browser without an HTTP redirect (meta refresh, short inline scripts), and the message box before a step back. */
import { describe, expect, it } from 'vitest';
import { alertAndBack, inPageRedirect } from './in-page-redirect.js';

const at = 'http://site.gov.cn/zmhd/detail.jsp?id=17';

describe('inPageRedirect', () => {
  it('reads a meta refresh, however its attributes are spelt, resolved against the page', () => {
    expect(inPageRedirect('<meta http-equiv="refresh" content="0;url=/">', at)).toBe('http://site.gov.cn/');
    expect(inPageRedirect("<META CONTENT='3; URL=list.jsp?type=1' HTTP-EQUIV='Refresh'>", at)).toBe('http://site.gov.cn/zmhd/list.jsp?type=1');
    expect(inPageRedirect('<meta http-equiv=refresh content="0; url=\'detail.jsp?id=18&amp;x=1\'">', at)).toBe('http://site.gov.cn/zmhd/detail.jsp?id=18&x=1');
  });

  it('ignores a late refresh, a refresh without a target and other meta tags', () => {
    expect(inPageRedirect('<meta http-equiv="refresh" content="300;url=/">', at)).toBeUndefined();
    expect(inPageRedirect('<meta http-equiv="refresh" content="5">', at)).toBeUndefined();
    expect(inPageRedirect('<meta name="description" content="0;url=/">', at)).toBeUndefined();
  });

  it('reads location assignments and location.replace/assign in a short inline script', () => {
    expect(inPageRedirect("<script>alert('信件不存在');location.href='/';</script>", at)).toBe('http://site.gov.cn/');
    expect(inPageRedirect('<script type="text/javascript">window.location = "list.jsp?type=1"</script>', at)).toBe('http://site.gov.cn/zmhd/list.jsp?type=1');
    expect(inPageRedirect("<script>top.location.replace('/index.html')</script>", at)).toBe('http://site.gov.cn/index.html');
  });

  it('ignores external scripts, long scripts, javascript: targets and pages without any redirect', () => {
    expect(inPageRedirect('<script src="/a.js">location.href="/"</script>', at)).toBeUndefined();
    expect(inPageRedirect(`<script>${'var a = 1;'.repeat(40)} function go() { location.href = '/'; }</script>`, at)).toBeUndefined();
    expect(inPageRedirect("<script>location.href='javascript:void(0)'</script>", at)).toBeUndefined();
    expect(inPageRedirect('<table><tr><td>来信内容</td></tr></table>', at)).toBeUndefined();
  });

  describe('alertAndBack', () => {
    it('gives the text of an alert followed by a step back or a closed window', () => {
      expect(alertAndBack("<script>alert('该信件不存在或已被删除！');history.back();</script>")).toBe('该信件不存在或已被删除！');
      expect(alertAndBack('<SCRIPT language="javascript">alert("信件未公开");window.history.go( -1 );</SCRIPT>')).toBe('信件未公开');
      expect(alertAndBack("<script>alert('无权查看\\n请返回'); window.close();</script>")).toBe('无权查看 请返回');
    });

    it('ignores an alert that stays on the page, a step back behind a button, and external or long scripts', () => {
      expect(alertAndBack("<script>alert('提交成功');</script><p>来信内容</p>")).toBeUndefined();
      expect(alertAndBack('<button onclick="history.back()">返回</button>')).toBeUndefined();
      expect(alertAndBack("<script src=\"/a.js\">alert('x');history.back();</script>")).toBeUndefined();
      expect(alertAndBack(`<script>${'var a = 1;'.repeat(40)} alert('x'); history.back();</script>`)).toBeUndefined();
    });
  });
});
