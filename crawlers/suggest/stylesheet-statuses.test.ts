import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPage } from './css-path.js';
import { suggestList } from './suggest-list.js';
import { contentText, drawnStatuses, drawnWords, pageStylesheets, stylesheetStatuses } from './stylesheet-statuses.js';

const inline = (css: string) => [{ css, where: '页面内 <style> ' }];
const statusOf = (css: string, tokens: string[]) => {
  const drawn = drawnStatuses(tokens, drawnWords(inline(css)));
  return drawn && Object.fromEntries([...drawn].map(([t, s]) => [t, s.status]));
};

describe('contentText', () => {
  it('reads double and single quoted strings, several joined, their escapes unescaped', () => {
    expect(contentText('"已办结"')).toBe('已办结');
    expect(contentText("'已办结'")).toBe('已办结');
    expect(contentText('"已" \'办结\'')).toBe('已办结');
    expect(contentText("'\\5DF2\\529E\\7ED3'")).toBe('已办结');
    // One white space after a hex escape ends it and is no text; an escaped quote is itself.
    expect(contentText('"\\5df2 \\529e\\7ed3"')).toBe('已办结');
    expect(contentText('"a\\"b"')).toBe('a"b');
  });

  it('reads nothing from what is not strings alone', () => {
    for (const value of ['counter(item)', 'attr(title)', 'none', 'url(/img/ok.png)', '"已办结" attr(title)', '"unclosed', ''])
      expect(contentText(value), value).toBeUndefined();
    expect(contentText('""')).toBe('');
  });
});

describe('drawn statuses', () => {
  it("maps a class to the word its own ::after or :before writes, in the site's words", () => {
    expect(statusOf('.zt1:before{content:"办理中"} .zt2::after { content: "已办结"; color: green }', ['zt1', 'zt2'])).toEqual({ zt1: '办理中', zt2: '已办结' });
  });

  it('maps a class a rule names above the element it draws in (tr.st2 td:last-child::after), in @media too, escapes read', () => {
    const css = "@media screen { tr.st1 td:last-child::after { content: '\\529E\\7406\\4E2D' } }\n.lb tr.st2 td:last-child::after, .lb tr.st3 td:last-child::after { content: '\\5DF2\\529E\\7ED3' }";
    expect(statusOf(css, ['st1', 'st2', 'st3'])).toEqual({ st1: '办理中', st2: '已办结', st3: '已办结' });
  });

  it('maps a class attribute of several words by the one class whose rule writes a word (st st2), and notes the rule', () => {
    const drawn = drawnStatuses(['st st2', 'st st1'], drawnWords(inline('.st{display:inline-block} .st2::after{content:"已回复"} .st1::after{content:"未回复"}')));
    expect(drawn?.get('st st2')).toMatchObject({ status: '已回复', by: 'stylesheet', drawnBy: '页面内 <style> 中 .st2::after 的 content' });
    expect(drawn?.get('st st1')?.status).toBe('未回复');
  });

  it('draws nothing from an icon font, a counter, an empty content, a word that is no status, or a rule with no pseudo-element', () => {
    const css = [
      '.zt1::before { content: "\\e601"; font-family: iconfont }',
      '.zt2::after { content: counter(n) }',
      '.zt3::after { content: "" }',
      ".zt4::after { content: '' }",
      '.zt5::after { content: "热点" }',
      '.zt6 { content: "已办结" }',
      '.zt7::after { content: attr(data-status) }',
    ].join('\n');
    expect(statusOf(css, ['zt1', 'zt2', 'zt3', 'zt4', 'zt5', 'zt6', 'zt7'])).toBeUndefined();
  });

  it('leaves out a class two rules give different words, and a token whose classes write different words', () => {
    expect(statusOf('.zt2::after{content:"已办结"} .box .zt2::after{content:"已回复"} .zt1::after{content:"未回复"}', ['zt1', 'zt2'])).toEqual({ zt1: '未回复' });
    expect(statusOf('.a::after{content:"已办结"} .b::after{content:"未回复"}', ['a b'])).toBeUndefined();
  });

  it('draws nothing from a sheet postcss cannot parse', () => {
    expect(statusOf('.zt2::after { content: "已办结" ', ['zt2'])).toBeUndefined();
  });
});

describe('pageStylesheets', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  it("reads the inline <style>s and a few same-site linked sheets, libraries, other sites' and unreadable ones left out", async () => {
    const asked: string[] = [];
    server = createServer((req, res) => {
      asked.push(req.url!);
      if (req.url === '/css/missing.css') return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/css' }).end(`.from-${req.url!.replace(/\W/g, '')}::after{content:"已办结"}`);
    });
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const $ = loadPage(`<html><head><style>.zt1::after{content:"办理中"}</style>
      <link rel="stylesheet" href="/css/bootstrap.min.css"><link rel="stylesheet" href="https://cdn.example.com/list.css">
      <link rel="icon" href="/favicon.css"><link rel="stylesheet" href="/css/missing.css"><link rel="Stylesheet" href="../css/list.css">
      <link rel="stylesheet" href="/css/a.css"><link rel="stylesheet" href="/css/b.css"></head><body></body></html>`);
    const fetchText = async (url: string) => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(String(res.status));
      return res.text();
    };
    const sheets = await pageStylesheets($, `${base}/xxgk/list.jsp`, fetchText);
    expect(asked).toEqual(['/css/missing.css', '/css/list.css', '/css/a.css']);
    expect(sheets.map((s) => s.where)).toEqual(['页面内 <style> ', '样式表 /css/list.css ', '样式表 /css/a.css ']);
    const drawn = await stylesheetStatuses($, `${base}/xxgk/list.jsp`, ['zt1', 'from-csslistcss'], fetchText);
    expect(drawn && Object.fromEntries([...drawn].map(([t, s]) => [t, s.status]))).toEqual({ zt1: '办理中', 'from-csslistcss': '已办结' });
  });
});

describe('suggestList given the drawn statuses', () => {
  it('maps the status cell\'s <span class="zt2"> to the words the inline <style> writes', () => {
    const row = (k: number, zt: number) => `<tr><td>${k}</td><td><a href="detail.jsp?id=${k}">关于小区门口道路破损的问题${k}</a></td><td>2023-05-0${k}</td><td class="zt"><span class="zt${zt}"></span></td></tr>`;
    const html = `<html><head><style>.zt1::after{content:"办理中"}.zt2::after{content:"已办结"}</style></head><body><table>${[row(1, 2), row(2, 1), row(3, 2), row(4, 1)].join('')}</table></body></html>`;
    const $ = loadPage(html);
    const drawn = drawnStatuses(['zt1', 'zt2'], drawnWords([{ css: $('style').text(), where: '页面内 <style> ' }]));
    const list = suggestList(html, 'http://127.0.0.1/list.jsp', undefined, drawn);
    expect(list.fields.siteStatus).toMatchObject({ attr: 'class', map: { zt2: '已办结', zt1: '办理中' } });
    expect(list.notes.join('\n')).toMatch(/zt2 → 已办结、zt1 → 办理中 是网站样式表为它画出的文字（页面内 <style> 中 \.zt2::after 的 content；页面内 <style> 中 \.zt1::after 的 content）/);
  });

  it('reads the row\'s class where the 办理状态 column is blank on every row (tr.st2 td:last-child::after in the sheet)', () => {
    const row = (k: number, st: number) => `<tr class="st${st}"><td><a href="detail.jsp?id=${k}">关于小区门口道路破损的问题${k}</a></td><td>2023-05-0${k}</td><td></td></tr>`;
    const html = `<html><body><table class="lb"><tr><th>标题</th><th>日期</th><th>办理状态</th></tr>${[row(1, 2), row(2, 1), row(3, 2), row(4, 1)].join('')}</table></body></html>`;
    const drawn = drawnStatuses(['st1', 'st2'], drawnWords(inline("tr.st1 td:last-child::after{content:'\\529E\\7406\\4E2D'} tr.st2 td:last-child::after{content:'\\5DF2\\529E\\7ED3'}")));
    const list = suggestList(html, 'http://127.0.0.1/list.jsp', undefined, drawn);
    expect(list.fields.siteStatus).toMatchObject({ selector: ':self', attr: 'class', map: { st2: '已办结', st1: '办理中' } });
    expect(list.notes.join('\n')).toMatch(/办理状态列（办理状态）在每一行都没有文字/);
  });
});
