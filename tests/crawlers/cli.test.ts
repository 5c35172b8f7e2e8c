/** `minsheng crawl --once --output` and `minsheng sources status` against a look-alike site. */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { crawlSource, FileCrawlStateStore } from '../../crawlers/index.js';
import { sampleMessages, startSite, type RunningSite } from '../../sites/index.js';
import { examplesDir, exampleSource, tempDir } from './helpers.js';

let site: RunningSite;
let tmp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  site = await startSite({ shape: 'paged-html', messages: sampleMessages(18, 4), pageSize: 10 });
  tmp = await tempDir();
});
afterEach(async () => {
  await site.close();
  await tmp.cleanup();
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { env: { MINSHENG_DATA_DIR: tmp.dir, LOG_LEVEL: 'silent' }, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
  return { code, out, err };
}

describe('minsheng crawl --once', () => {
  it('writes every extracted message as a JSON line and reports progress in Chinese', async () => {
    const output = path.join(tmp.dir, 'out.jsonl');
    const { code, err } = await run(['crawl', '--sources', path.join(examplesDir, 'paged-html.yaml'), '--var', `base=${site.url}`, '--once', '--output', output]);
    expect(err).toContain('完成：example-paged-html 新留言 18 条');
    expect(code).toBe(0);
    const lines = (await readFile(output, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(18);
    expect(lines[0]).toMatchObject({ sourceId: 'example-paged-html', channel: 'district_mailbox' });
    expect(Object.keys(lines[0] ?? {})).toEqual(expect.arrayContaining(['siteId', 'title', 'content', 'postedAt', 'siteType', 'siteStatus', 'url', 'fetchedAt']));
  });

  it('hints at a rule of an optional field that no message matched, and says a layout alert once', async () => {
    const good = await run(['crawl', '--sources', path.join(examplesDir, 'paged-html.yaml'), '--var', `base=${site.url}`, '--once']);
    expect(good.err).not.toContain('都没有取到');
    // A staff member types the label 写信人 for the page's 来信人 (QA: nothing said; every author silently missing).
    const text = (await readFile(path.join(examplesDir, 'paged-html.yaml'), 'utf8')).replace('author: { label: 来信人 }', 'author: { label: 写信人 }');
    const file = path.join(tmp.dir, 'typo.yaml');
    await writeFile(file, text);
    const typo = await run(['crawl', '--sources', file, '--var', `base=${site.url}`, '--once']);
    expect(typo.code).toBe(0);
    expect(typo.err).toContain('提示：本次 18 条留言都没有取到 author（detail.fields.author: {"label":"写信人"}）：规则可能写错（选择器或标签未匹配），或这些留言确实都没有该项');
    // A changed list: the alert is said once, not also as a page error.
    site.setFault({ kind: 'redesign' });
    const redesigned = await run(['crawl', '--sources', path.join(examplesDir, 'paged-html.yaml'), '--var', `base=${site.url}`, '--once']);
    expect(redesigned.code).toBe(1);
    expect(redesigned.err.match(/列表首页未解析出任何条目/g)).toHaveLength(1);
  });

  it('prints what a site shows (its ids, a quoted page) with control characters and bidi overrides as U+FFFD', async () => {
    // A list whose letter id carries escape sequences (clear the screen, set the window title) and
    // whose detail page is missing: the page error names the id.
    const hostile = createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      if (req.url?.startsWith('/list_1.html')) {
        const cells = ['7\u001b[2J\u001b]0;pwned\u0007\u202e', '路灯不亮', '投诉', '待回复', ''].map((c) => `<a href="/detail?id=7" title="${c}">${c}</a>`).join('');
        res.end(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><ul class="mt10"><li>${cells}</li></ul></body></html>`);
      } else {
        res.statusCode = 404;
        res.end('<!DOCTYPE html><html><body>not found</body></html>');
      }
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
      const { err } = await run(['crawl', '--sources', path.join(examplesDir, 'paged-html.yaml'), '--var', `base=${base}`, '--once']);
      expect(err).toContain('页面错误：详情页返回 HTTP 404（留言 7\ufffd[2J\ufffd]0;pwned\ufffd\ufffd）');
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point
      expect(err).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/u);
    } finally {
      await new Promise((resolve) => hostile.close(resolve));
    }
  });

  it('names an unknown source and a bad source file field', async () => {
    const unknown = await run(['crawl', '--sources', path.join(examplesDir, 'paged-html.yaml'), '--var', `base=${site.url}`, '--source', 'nope', '--once']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/来源 nope 不在来源文件中/);
    const missingVar = await run(['crawl', '--sources', path.join(examplesDir, 'paged-html.yaml'), '--once']);
    expect(missingVar.err).toMatch(/\{\{base\}\}/);
  });
});

describe('minsheng sources status', () => {
  it('shows health from the crawl state under the data dir, with Chinese headers', async () => {
    const source = await exampleSource('paged-html', site);
    await crawlSource(source, { state: new FileCrawlStateStore(path.join(tmp.dir, 'crawl-state')) });
    const { code, out } = await run(['sources', 'status', '--sources', path.join(examplesDir, 'paged-html.yaml'), '--var', `base=${site.url}`]);
    expect(code).toBe(0);
    expect(out).toMatch(/来源\s+名称\s+渠道/);
    expect(out).toContain('上次成功');
    const line = out.split('\n').find((l) => l.startsWith('example-paged-html'));
    expect(line).toContain('区长信箱');
    expect(line).toMatch(/\s18\s+21\s+18\/\d+/);
  });

  it('says until when the site asked not to be visited (Retry-After), while that lasts', async () => {
    const source = await exampleSource('paged-html', site);
    const states = new FileCrawlStateStore(path.join(tmp.dir, 'crawl-state'));
    await crawlSource(source, { state: states });
    const state = (await states.get(source.id))!;
    const until = Date.now() + 3_600_000;
    state.health.heldOff = { until: new Date(until).toISOString(), status: 429 };
    await states.put(source.id, state);
    const at = new Date(until + 8 * 3_600_000).toISOString();
    const when = at.slice(0, 10) === new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) ? at.slice(11, 16) : at.slice(5, 16).replace('T', ' ');
    const held = await run(['sources', 'status', '--sources', path.join(examplesDir, 'paged-html.yaml'), '--var', `base=${site.url}`]);
    // QA: the table said 启用 and nothing of the pause the site asked for.
    expect(held.out.split('\n').find((l) => l.startsWith('example-paged-html'))).toContain(`启用（网站要求暂停访问至 ${when}）`);
    state.health.heldOff = { until: new Date(Date.now() - 1000).toISOString(), status: 429 };
    await states.put(source.id, state);
    const over = await run(['sources', 'status', '--sources', path.join(examplesDir, 'paged-html.yaml'), '--var', `base=${site.url}`]);
    expect(over.out).not.toContain('暂停访问');
  });

  it('marks a source no longer in the source file as removed, not 启用', async () => {
    const old = await exampleSource('paged-html', site, (s) => {
      s.id = 'old-mailbox';
    });
    await crawlSource(old, { state: new FileCrawlStateStore(path.join(tmp.dir, 'crawl-state')) });
    const { code, out } = await run(['sources', 'status', '--sources', path.join(examplesDir, 'paged-html.yaml'), '--var', `base=${site.url}`]);
    expect(code).toBe(0);
    const line = out.split('\n').find((l) => l.startsWith('old-mailbox'));
    expect(line).toMatch(/^old-mailbox\s+（不在来源文件中）\s+-\s+已移出来源文件\s/);
    expect(line).not.toContain('启用');
  });
});
