import { describe, expect, it } from 'vitest';
import { replyRequest, type ReplySpec } from './reply-request.js';

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
    expect(new URLSearchParams(form.send!.body).get('token')).toBe('a+b/c==');
    const json = replyRequest(spec({ url: '/hdjl/reply.do', method: 'POST', body, bodyType: 'json' }), { siteId: '1201' }, pageUrl, undefined, { token: 'a+b/c==' });
    expect(JSON.parse(json.send!.body)).toEqual({ xjid: '1201', token: 'a+b/c==' });
  });
});
