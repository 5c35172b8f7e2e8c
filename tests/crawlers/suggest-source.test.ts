/**
 * `minsheng sources suggest`: a source file drafted from a look-alike site's pages alone (no
 * example file read) crawls every message of that site with the right fields, also after the
 * site's list was re-designed, and the command writes a draft that loads as a source file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { crawlSource, draftSourceFromSite, loadSourceFile, MemoryCrawlStateStore, type SourceDefinition } from '../../crawlers/index.js';
import { sampleMessages, startSite, type RunningSite, type SiteShape } from '../../sites/index.js';
import { exampleSource, expectEveryMessage, tempDir } from './helpers.js';

let site: RunningSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** Crawls the whole site with `source` and checks each message against the site's own data. */
async function expectWholeSite(source: SourceDefinition, running: RunningSite): Promise<void> {
  source.politeness.delay = 0;
  expectEveryMessage(await crawlSource(source, { state: new MemoryCrawlStateStore() }), running);
}

const shapes: SiteShape[] = ['paged-html', 'table-fixed-cells', 'offset', 'gbk-html', 'forwarded'];

describe.each(shapes)('a source drafted from the pages of a %s site', (shape) => {
  it('crawls every message with its title, text, status, reply and time', async () => {
    site = await startSite({ shape, messages: sampleMessages(35, 11) });
    const draft = await draftSourceFromSite({ listUrl: site.startUrls[0]!, id: 'drafted', name: '草稿', channel: shape === 'forwarded' ? 'forwarded' : 'district_mailbox' });
    expect(draft.source.pagination.type).not.toBe('none');
    await expectWholeSite(draft.source, site);
  });
});

describe('a re-designed list', () => {
  it('raises a layout alert with the old source; a source drafted from the new pages crawls everything again', async () => {
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(30, 5) });
    site.setFault({ kind: 'redesign' });
    const old = await exampleSource('paged-html', site, (s) => (s.politeness.delay = 0));
    const before = await crawlSource(old, { state: new MemoryCrawlStateStore() });
    expect(before.health.layoutAlert).toBeDefined();
    const draft = await draftSourceFromSite({ listUrl: site.startUrls[0]!, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
    await expectWholeSite(draft.source, site);
  });
});

describe('minsheng sources suggest', () => {
  async function run(args: string[], dir: string): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(args, { env: { MINSHENG_DATA_DIR: dir, LOG_LEVEL: 'silent' }, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
    return { code, out, err };
  }

  it('writes a draft that loads as a source file, and says in Chinese what it read and what to check', async () => {
    site = await startSite({ shape: 'table-fixed-cells', messages: sampleMessages(20, 2), pageSize: 5 });
    const tmp = await tempDir();
    try {
      const output = path.join(tmp.dir, 'draft.yaml');
      const { code, err } = await run(['sources', 'suggest', site.startUrls[0]!, '--output', output], tmp.dir);
      expect(code).toBe(0);
      expect(err).toContain('渠道按页面标题猜测为');
      expect(err).toMatch(/td:nth-of-type\(1\)\s+编号\s+编号（siteId）/);
      expect(err).toContain('按草稿读出的第一封信');
      const [source] = await loadSourceFile(output);
      expect(source).toMatchObject({ id: '127-0-0-1', kind: 'config', pagination: { type: 'query', param: 'page' } });
      expect(await readFile(output, 'utf8')).toMatch(/^# 由 minsheng sources suggest/);

      // An existing file is not overwritten; a URL that is not http(s) is refused.
      await writeFile(output, 'keep');
      const again = await run(['sources', 'suggest', site.startUrls[0]!, '--output', output], tmp.dir);
      expect(again.code).not.toBe(0);
      expect(again.err).toContain('输出文件已存在，不覆盖');
      expect(await readFile(output, 'utf8')).toBe('keep');
      const bad = await run(['sources', 'suggest', 'file:///etc/passwd'], tmp.dir);
      expect(bad.err).toContain('应以 http:// 或 https:// 开头');
      const gone = await run(['sources', 'suggest', `${site.url}/no-such-list.html`, '--channel', 'other_web', '--name', '试'], tmp.dir);
      expect(gone.err).toContain('网站答复 HTTP 404');
      expect(gone.err).not.toContain('内部错误');
      expect(gone.code).toBe(1);
    } finally {
      await tmp.cleanup();
    }
  });

  it('says in Chinese why a site cannot be reached, not as an internal error with fetch\'s English', async () => {
    // A port nobody listens on: the address of a site that is down.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const tmp = await tempDir();
    try {
      const down = await run(['sources', 'suggest', `http://127.0.0.1:${port}/list_1.html`, '--no-browser'], tmp.dir);
      expect(down.code).toBe(1);
      expect(down.err).toContain(`错误：无法打开 http://127.0.0.1:${port}/list_1.html：无法连接网站（拒绝连接：127.0.0.1:${port}）`);
      expect(down.err).not.toMatch(/内部错误|fetch failed|ECONNREFUSED/);
    } finally {
      await tmp.cleanup();
    }
  });
});
