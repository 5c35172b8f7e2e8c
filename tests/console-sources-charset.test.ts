/**
 * A site whose HTTP header names a wrong charset over GBK pages (an IIS default `charset=utf-8`
 * over `<meta charset=gbk>`): the crawl engine reads the pages in GBK by itself and said so only
 * in its log, which staff never read. The source's health carries it as a notice (编码提示, not an
 * error, not a layout alert: the letters are read right), shown on the console's 采集来源 page
 * and by `minsheng sources status` (and `--json`), through the real crawl stage and store; a run
 * with `encoding: gbk` in the source file clears it. The header is the site's text: only the
 * charset's name is shown, as text.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { crawlSource, draftSourceFromSite, loadSourceFile, MemoryCrawlStateStore, type SourceDefinition } from '../crawlers/index.js';
import { getCrawlState } from '../workflow/index.js';
import { serve, servedAs, type Served } from './crawlers/fixtures/mailbox-layouts/serve.js';
import { letters } from './crawlers/fixtures/mailbox-layouts/index.js';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';
import { crawlIntoStore, sourceRow, sourcesStatus } from './sources-health-helpers.js';

const gbkMeta = '<meta http-equiv="Content-Type" content="text/html; charset=gbk">';
const notice = '编码提示：网站在 HTTP 头中声明的编码（utf-8）与页面内容不符，按页面内 meta 的 gbk 读取（可在来源文件中设置 encoding: gbk）';

let f: ConsoleFixture;
let dir: string;
const sites: Served[] = [];

beforeAll(async () => {
  f = await openConsoleFixture({ sourceIds: ['lying-header', 'markup-header'] });
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-charset-'));
});
afterAll(async () => {
  for (const s of sites) await s.close();
  await f?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A source file for the site drafted with `encoding: gbk`; `encoding` kept or taken out; its path and sources. */
async function sourceFile(site: Served, listPath: string, id: string, keepEncoding: boolean): Promise<{ file: string; sources: SourceDefinition[] }> {
  const draft = await draftSourceFromSite({ listUrl: site.url + listPath, id, name: '市长信箱', channel: 'city_mailbox', encoding: 'gbk' });
  expect(draft.yaml).toMatch(/^\s*encoding: gbk$/m);
  const yaml = (keepEncoding ? draft.yaml : draft.yaml.replace(/^\s*encoding: gbk\n/m, '')).replace(/^(\s*)delay: .*$/m, '$1delay: 0');
  const file = path.join(dir, `${id}-${keepEncoding ? 'gbk' : 'plain'}.yaml`);
  await writeFile(file, yaml);
  return { file, sources: await loadSourceFile(file) };
}

const crawl = (sources: SourceDefinition[]) => crawlIntoStore(f, sources);
const status = (file: string, ...more: string[]) => sourcesStatus(f, dir, file, ...more);
const consoleRow = (id: string) => sourceRow(f, id);

describe('a header naming a wrong charset over GBK pages', () => {
  it('is a notice in the source health on 采集来源 and in sources status, cleared by a run with encoding set', async () => {
    const layout = servedAs('text/html; charset=utf-8', gbkMeta, 'gbk');
    const site = await serve(() => layout.pages(letters));
    sites.push(site);
    const plain = await sourceFile(site, layout.listPath, 'lying-header', false);
    await crawl(plain.sources);

    // The letters are read right: no error, no layout alert, the notice alone.
    const stored = await getCrawlState(f.store.db, 'lying-header');
    expect(stored?.health?.layoutAlert).toBeUndefined();
    expect(stored?.health?.lastError).toBeUndefined();
    expect(await f.store.db.message.count({ where: { sourceId: 'lying-header', title: letters[0]!.title } })).toBe(1);

    const shown = await status(plain.file);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`lying-header  ${notice}`);
    expect(shown.out.split('\n').find((l) => l.startsWith('lying-header'))).not.toContain('⚠');
    const json = await status(plain.file, '--json');
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.out) as { id: string; health: { charsetNotice?: { text: string; header?: string; readAs: string } } | null }[];
    expect(rows.find((r) => r.id === 'lying-header')?.health?.charsetNotice).toEqual({ text: notice.replace('编码提示：', ''), header: 'utf-8', readAs: 'gbk' });

    const before = await consoleRow('lying-header');
    expect(before.status).toBe('正常');
    expect(before.bad).toBe(false);
    expect(before.problem).toBe(notice);

    // Staff set `encoding: gbk` as advised: the next run clears the notice everywhere.
    const fixed = await sourceFile(site, layout.listPath, 'lying-header', true);
    await crawl(fixed.sources);
    expect((await getCrawlState(f.store.db, 'lying-header'))?.health).not.toHaveProperty('charsetNotice');
    const after = await status(fixed.file);
    expect(after.out).not.toContain('编码提示');
    const afterJson = JSON.parse((await status(fixed.file, '--json')).out) as { id: string; health: Record<string, unknown> | null }[];
    expect(afterJson.find((r) => r.id === 'lying-header')?.health).not.toHaveProperty('charsetNotice');
    expect((await consoleRow('lying-header')).problem).toBe('');
  });

  it('is kept by a run that reads no page (a held-off site) and cleared by one after the site fixed its header', async () => {
    const layout = servedAs('text/html; charset=utf-8', gbkMeta, 'gbk');
    let type = 'text/html; charset=utf-8';
    const site = await serve(() => new Map([...layout.pages(letters)].map(([p, page]) => [p, { ...page, type }])));
    sites.push(site);
    const [source] = (await sourceFile(site, layout.listPath, 'fixed-header', false)).sources;
    const states = new MemoryCrawlStateStore();
    const first = await crawlSource(source!, { state: states, logger: silentLogger });
    expect(first.health.charsetNotice).toEqual({ text: notice.replace('编码提示：', ''), header: 'utf-8', readAs: 'gbk' });
    // The site asked for a pause: the next run sends it nothing, and says nothing new of its charset.
    const state = (await states.get(source!.id))!;
    state.health.heldOff = { until: new Date(Date.now() + 3_600_000).toISOString(), status: 429 };
    await states.put(source!.id, state);
    const held = await crawlSource(source!, { state: states, logger: silentLogger });
    expect(held.health.pagesFetched).toBe(0);
    expect(held.health.charsetNotice).toEqual(first.health.charsetNotice);
    state.health.heldOff = undefined;
    await states.put(source!.id, state);
    type = 'text/html; charset=gbk';
    const fixed = await crawlSource(source!, { state: states, logger: silentLogger });
    expect(fixed.health.pagesFetched).toBeGreaterThan(0);
    expect(fixed.health.charsetNotice).toBeUndefined();
  });

  it('shows of the header only the charset name it gives (the site\'s text, as text)', async () => {
    // A header with markup after the charset (a quoted parameter): only the charset's name (letters, digits, `-`, `_`) is taken, shown as text.
    const layout = servedAs('text/html; charset=UTF-8; x="<img src=x onerror=alert(1)>"', gbkMeta, 'gbk');
    const site = await serve(() => layout.pages(letters));
    sites.push(site);
    const plain = await sourceFile(site, layout.listPath, 'markup-header', false);
    await crawl(plain.sources);
    const row = await consoleRow('markup-header');
    expect(row.problem).toBe(notice);
    const { context, page } = await f.signIn('egov');
    try {
      await page.goto(`${f.url}/#/sources`);
      await page.waitForSelector('#sources tbody tr');
      expect(await page.locator('#sources img').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
