import { describe, expect, it } from 'vitest';
import type { CapturedResponse } from './capture-list-api.js';
import { draftPagination } from './suggest-json-pagination.js';

const base = 'http://www.example.gov.cn';
const posted = (request: unknown, answer: unknown = { rows: [] }): CapturedResponse => ({
  url: `${base}/api/list`,
  method: 'POST',
  requestBody: JSON.stringify(request),
  requestContentType: 'application/json',
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify(answer),
});
const drafted = (response: CapturedResponse, asked: { page?: number } = {}) => {
  const notes: string[] = [];
  return { pagination: draftPagination(response, 10, notes, false, asked), notes: notes.join('\n') };
};

describe('draftPagination: page fields real mailbox APIs post', () => {
  it('finds a page number three objects down, and one inside an array', () => {
    expect(drafted(posted({ query: { page: { current: 1, size: 10 } } })).pagination).toEqual({ type: 'json-body', body: { query: { page: { current: '{page}', size: '{pageSize}' } } }, start: 1, pageSize: 10 });
    expect(drafted(posted({ pages: [{ no: 1 }], lx: 'zx' })).pagination).toEqual({ type: 'json-body', body: { pages: [{ no: '{page}' }], lx: 'zx' }, start: 1, pageSize: 10 });
  });

  it('reads a short name in an object named for the pager as the page number (`{"pager":{"n":1}}`)', () => {
    const { pagination, notes } = drafted(posted({ pager: { n: 1, s: 10 } }, { pager: { n: 1, total: 9 }, rows: [] }));
    expect(pagination).toEqual({ type: 'json-body', body: { pager: { n: '{page}', s: '{pageSize}' } }, start: 1, pageSize: 10 });
    expect(notes).toContain('字段 pager.n 指定（第一页为 1，每页 pager.s = 10）');
  });

  it('takes a field named by no page word when the answer gives it back beside a total, counted from page 2 when page 2 was clicked', () => {
    expect(drafted(posted({ cx: { dqy: 0 } }, { fy: { dqy: 0, zts: 9 } })).pagination).toMatchObject({ type: 'json-body', body: { cx: { dqy: '{page}' } }, start: 0 });
    expect(drafted(posted({ cx: { dqy: 2 } }, { fy: { dqy: 2, zts: 9 } }), { page: 2 }).pagination).toMatchObject({ body: { cx: { dqy: '{page}' } }, start: 1 });
    const query: CapturedResponse = { ...posted({}, { data: [], ym: 1, total: 30 }), method: 'GET', url: `${base}/api/list?ym=1&lx=zx`, requestBody: undefined };
    expect(drafted(query).pagination).toEqual({ type: 'query', param: 'ym', start: 1 });
    // Not given back beside a total: nothing moves that the draft can tell.
    expect(drafted(posted({ cx: { dqy: 1 } }, { rows: [], dqy: 1 })).pagination).toMatchObject({ maxPages: 1 });
  });
});
