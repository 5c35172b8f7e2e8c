import { describe, expect, it } from 'vitest';
import { letterReplyRequest, readReply, replyRequest, type ReplySend, type ReplySpec } from './reply-request.js';

const spec = (over: Partial<ReplySpec>): ReplySpec => ({ url: '/hdjl/reply.do?id={siteId}&token={token}', method: 'GET', bodyType: 'form', format: 'json', fields: { replyText: 'data.hfnr' }, ...over });
const pageUrl = 'http://127.0.0.1:8000/hdjl/show.do?id=1201';

describe('replyRequest', () => {
  it('puts a token read from the page into the address percent-encoded: its + / = reach the site as they were, and its & adds no field', () => {
    const { url } = replyRequest(spec({}), { siteId: '1201' }, pageUrl, undefined, { token: 'a+b/c==&admin=1' });
    const sent = new URL(url);
    expect(sent.pathname).toBe('/hdjl/reply.do');
    expect(sent.searchParams.get('token')).toBe('a+b/c==&admin=1');
    expect(sent.searchParams.get('admin')).toBeNull();
  });

  it('sends the same token in a form body encoded once, and in a JSON body as it is', () => {
    const body = { xjid: '{siteId}', token: '{token}' };
    const form = replyRequest(spec({ url: '/hdjl/reply.do', method: 'POST', body }), { siteId: '1201' }, pageUrl, undefined, { token: 'a+b/c==' });
    expect(new URLSearchParams(form.send!.body!).get('token')).toBe('a+b/c==');
    const json = replyRequest(spec({ url: '/hdjl/reply.do', method: 'POST', body, bodyType: 'json' }), { siteId: '1201' }, pageUrl, undefined, { token: 'a+b/c==' });
    expect(JSON.parse(json.send!.body!)).toEqual({ xjid: '1201', token: 'a+b/c==' });
  });

  it('sends a token read from the page in a header as read, beside a constant header, on a GET and a POST', () => {
    const headers = { 'X-CSRF-Token': '{token}', 'X-Requested-With': 'XMLHttpRequest' };
    const get = replyRequest(spec({ url: '/hdjl/reply.do?id={siteId}', headers }), { siteId: '1201' }, pageUrl, undefined, { token: 'a+b/c==' });
    expect(get).toEqual({ url: 'http://127.0.0.1:8000/hdjl/reply.do?id=1201', send: { headers: { 'X-CSRF-Token': 'a+b/c==', 'X-Requested-With': 'XMLHttpRequest' } } });
    const post = replyRequest(spec({ url: '/hdjl/reply.do', method: 'POST', body: { id: '{siteId}' }, headers }), { siteId: '1201' }, pageUrl, undefined, { token: 'a+b/c==' });
    expect(post.send).toMatchObject({ body: 'id=1201', headers: { 'X-CSRF-Token': 'a+b/c==' } });
  });

  it('refuses a page value that would break a header into two', () => {
    expect(() => replyRequest(spec({ headers: { 'X-CSRF-Token': '{token}' } }), { siteId: '1201' }, pageUrl, undefined, { token: 'abc\r\nX-Admin: 1' })).toThrow(/X-CSRF-Token/);
  });
});

describe('letterReplyRequest', () => {
  it('sends the cookies the letter\'s page set that the reply\'s address is in scope of', () => {
    const page = { url: pageUrl, setCookies: ['JSESSIONID=A1; Path=/hdjl', 'other=1; Path=/elsewhere'] };
    expect(letterReplyRequest(spec({}), { siteId: '1201' }, page, undefined, { token: 't' }).send).toEqual({ cookie: 'JSESSIONID=A1' });
    expect(letterReplyRequest(spec({ url: 'http://127.0.0.2:8000/hdjl/reply.do?id={siteId}' }), { siteId: '1201' }, page, undefined, { token: 't' }).send).toBeUndefined();
  });
});

describe('readReply', () => {
  it('leaves a letter whose token holds a line break for the next run, sending nothing', async () => {
    const sent: string[] = [];
    const fetchText = async (url: string, _send?: ReplySend) => {
      sent.push(url);
      return '{}';
    };
    const page = { url: pageUrl, body: '<input id="token" value="abc&#13;&#10;X-Admin: 1">' };
    const answer = await readReply(spec({ headers: { 'X-CSRF-Token': '{token}' }, page: { token: { selector: '#token', attr: 'value' } } }), {}, '1201', page, fetchText);
    expect(answer).toEqual({ error: '请求头 X-CSRF-Token 的值含有换行符', url: pageUrl });
    expect(sent).toEqual([]);
  });
});
