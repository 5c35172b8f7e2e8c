import { describe, expect, it } from 'vitest';
import { loadPage } from './css-path.js';
import { joinedRequestHeaders, scriptRequest } from './script-requests.js';

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

  it('reads a token sent in a header of $.ajax, of $.ajaxSetup in another script of the page, and of setRequestHeader', () => {
    const meta = { x_csrf_token: { selector: 'meta[name=csrf-token]', attr: 'content' } };
    expect(read(`$.ajax({ url: 'getReply.do', type: 'POST', headers: { 'X-CSRF-Token': $('meta[name=csrf-token]').attr('content') }, data: { id: '1201' } })`)).toEqual({
      url: 'getReply.do',
      method: 'POST',
      body: { id: '{siteId}' },
      bodyType: 'form',
      headers: { 'X-CSRF-Token': '{x_csrf_token}' },
      page: meta,
    });
    const setup = `$.ajaxSetup({ headers: { 'X-CSRF-TOKEN': $('meta[name=csrf-token]').attr('content') } });`;
    const html = page(setup);
    expect(scriptRequest(`$.post('reply.do', { id: $('#xjid').val() })`, loadPage(html), html, '1201', setup)).toMatchObject({ headers: { 'X-CSRF-TOKEN': '{x_csrf_token}' }, page: meta });
    expect(read(`$.ajax({ url: 'reply.do', type: 'POST', data: { id: '1201' }, beforeSend: function (xhr) { xhr.setRequestHeader('X-CSRF-Token', document.querySelector('meta[name=csrf-token]').content); } })`)).toMatchObject({ headers: { 'X-CSRF-Token': '{x_csrf_token}' }, page: meta });
  });

  it('reads axios: a POST of an object sent as JSON with a header of the config, a GET of params, a token of axios.defaults', () => {
    expect(read(`axios.post('/api/reply', { id: '1201' }, { headers: { 'X-XSRF-TOKEN': document.querySelector('meta[name=csrf-token]').content } })`)).toEqual({
      url: '/api/reply',
      method: 'POST',
      body: { id: '{siteId}' },
      bodyType: 'json',
      headers: { 'X-XSRF-TOKEN': '{x_xsrf_token}' },
      page: { x_xsrf_token: { selector: 'meta[name=csrf-token]', attr: 'content' } },
    });
    expect(read(`var token = 'a8f3e1'; axios.defaults.headers.common['X-CSRF-Token'] = token; axios.get('/api/reply', { params: { id: '1201' } })`)).toEqual({
      url: '/api/reply?id={siteId}',
      method: 'GET',
      headers: { 'X-CSRF-Token': '{x_csrf_token}' },
      page: { x_csrf_token: { regex: "\\b(?:var|let|const)\\s+token\\s*=\\s*'([^']*)'" } },
    });
    expect(read(`axios({ url: '/api/reply', method: 'post', data: { id: '1201' }, headers: { 'X-Requested-With': 'XMLHttpRequest' } })`)).toMatchObject({ method: 'POST', bodyType: 'json', headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  });

  it('keeps a constant header as a constant, leaves out the body\'s type and a header it cannot read, and tells no request whose credential header it cannot read', () => {
    const sent = read(`fetch('reply.do', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Requested-With': 'XMLHttpRequest' }, body: 'id=1201' })`);
    expect(sent?.headers).toEqual({ 'X-Requested-With': 'XMLHttpRequest' });
    expect(sent?.page).toBeUndefined();
    expect(read(`$.ajax({ url: 'reply.do', type: 'POST', headers: { 'X-Sign': sign(id) }, data: { id: '1201' } })`)).toBeUndefined();
    expect(read(`$.ajax({ url: 'reply.do', type: 'POST', headers: { 'X-Timestamp': Date.now(), 'X-Requested-With': 'XMLHttpRequest' }, data: { id: '1201' } })`)?.headers).toEqual({ 'X-Requested-With': 'XMLHttpRequest' });
  });
});

describe('joinedRequestHeaders', () => {
  it('gives an address joined to the id the headers of the fetch it is written in', () => {
    const code = `var letterId = '1201'; var csrfToken = 'a8f3e1'; fetch('/api/reply?id=' + letterId, { headers: { 'X-CSRF-TOKEN': csrfToken } });`;
    const html = page(code);
    expect(joinedRequestHeaders({ url: '/api/reply?id={siteId}', method: 'GET' }, '/api/reply?id=', code, loadPage(html), html, '1201')).toEqual({
      url: '/api/reply?id={siteId}',
      method: 'GET',
      headers: { 'X-CSRF-TOKEN': '{x_csrf_token}' },
      page: { x_csrf_token: { regex: "\\b(?:var|let|const)\\s+csrfToken\\s*=\\s*'([^']*)'" } },
    });
  });
});
