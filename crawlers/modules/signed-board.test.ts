/** The signed-board module behind the same engine: a tiny signed JSON API on 127.0.0.1 checks every signature. */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlSource } from '../engine/crawl-source.js';
import { parseSourceText } from '../source/load-source-file.js';
import { MemoryCrawlStateStore } from '../state/file-state-store.js';
import { signBoardRequest } from './signed-board.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const threads = Array.from({ length: 23 }, (_v, i) => ({ tid: String(9000 - i), title: `留言${i}`, threadCreateTime: 1764200000000 - i * 60_000, typeName: '投诉', stateInfo: i % 2 ? '已回复' : '待回复' }));
let server: Server;
let base: string;
let rejected = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      const expected = md5(`${path}${body}${md5('APP').slice(0, 16)}TOKEN`);
      res.setHeader('content-type', 'application/json');
      if (req.headers.signature !== expected) {
        rejected++;
        res.statusCode = 401;
        res.end('{"result":"fail"}');
        return;
      }
      const payload = JSON.parse(body) as { lastItem?: string; tid?: string; pageSize?: number };
      if (path === '/v2/threads/search') {
        const from = payload.lastItem ? threads.findIndex((t) => t.tid === payload.lastItem) + 1 : 0;
        res.end(JSON.stringify({ resultData: { data: threads.slice(from, from + (payload.pageSize ?? 10)) } }));
      } else {
        const t = threads.find((x) => x.tid === payload.tid);
        res.end(JSON.stringify({ resultData: [{ dataType: 1, content: `正文${t?.tid}` }, ...(t?.stateInfo === '已回复' ? [{ dataType: 4, content: '答复', answerOrganization: '区政府', createTime: '2026-11-27 10:00' }] : [])] }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('signed-board module', () => {
  it('signs as documented', () => {
    expect(signBoardRequest('/p', '{}', 'APP', 'T')).toBe(md5(`/p{}${md5('APP').slice(0, 16)}T`));
  });
  it('crawls through the engine with a cursor and typed reply records', async () => {
    const [source] = parseSourceText(
      `sources:\n  - { id: board, name: 留言板, channel: other_web, kind: module, module: signed-board, startUrls: ['${base}/'], politeness: { delay: 0 }, options: { appCode: APP, token: TOKEN, pageSize: 10 } }`,
      'board.yaml',
    );
    const result = await crawlSource(source!, { state: new MemoryCrawlStateStore() });
    expect(rejected).toBe(0);
    expect(result.health.pageErrors).toEqual([]);
    expect(result.messages).toHaveLength(23);
    const replied = result.messages.find((m) => m.siteId === '8999');
    expect(replied).toMatchObject({ content: '正文8999', replyText: '答复', replyUnit: '区政府', replyAt: '2026-11-27T10:00:00+08:00', siteStatus: '已回复' });
  });
});
