import { describe, expect, it } from 'vitest';
import { loadPage } from './css-path.js';
import { scriptRequest } from './script-requests.js';

const page = (script: string) => `<html><head><meta name="csrf-token" content="c0ffee"></head><body><input type="hidden" id="xjid" value="1201"><script>${script}</script></body></html>`;
const read = (script: string) => {
  const html = page(script);
  return scriptRequest(script, loadPage(html), html, '1201');
};

describe('scriptRequest', () => {
  it('reads a fetch POSTing a string body joined of the id and a token of the page', () => {
    expect(read(`var id = '1201'; var token = 'a8f3e1'; fetch('reply.do', { method: 'POST', body: 'id=' + id + '&token=' + token });`)).toEqual({
      url: 'reply.do',
      method: 'POST',
      body: { id: '{siteId}', token: '{token}' },
      bodyType: 'form',
      page: { token: { regex: "\\b(?:var|let|const)\\s+token\\s*=\\s*'([^']*)'" } },
    });
  });

  it('reads a fetch POSTing a literal body', () => {
    expect(read(`fetch('reply.do', { method: 'POST', body: 'id=1201' })`)).toMatchObject({ url: 'reply.do', method: 'POST', body: { id: '{siteId}' }, bodyType: 'form' });
  });

  it('puts a GET\'s object in the query, reading the id from a hidden input and a token from a meta', () => {
    expect(read(`$.getJSON('/api/reply', { id: $('#xjid').val(), t: $('meta[name=csrf-token]').attr('content') }, show);`)).toEqual({
      url: '/api/reply?id={siteId}&t={t}',
      method: 'GET',
      page: { t: { selector: 'meta[name=csrf-token]', attr: 'content' } },
    });
  });

  it('reads nothing from a body built by a function, nor from a request sending nothing of the letter', () => {
    expect(read(`$.ajax({ url: 'getReply.do', type: 'POST', data: buildQuery(id) })`)).toBeUndefined();
    expect(read(`$.post('/count.do', { type: 'visit' })`)).toBeUndefined();
  });
});
