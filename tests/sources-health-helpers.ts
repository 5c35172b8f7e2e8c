/**
 * What the tests of a source's health on 采集来源 and in `minsheng sources status` share: one run of
 * the real crawl stage into a console fixture's store, the `sources status` command against that
 * store, and a source's row on the console's 采集来源 page.
 */
import { main } from '../cli/main.js';
import { silentLogger } from '../core/index.js';
import type { SourceDefinition } from '../crawlers/index.js';
import { crawlStage } from '../pipeline/index.js';
import type { Store } from '../workflow/index.js';
import type { ConsoleFixture } from './console-fixture.js';
import { testDatabaseUrl } from './helpers/services.js';

/** One run of the real crawl stage (the first of `sources`) into the fixture's store. */
export async function crawlIntoStore(f: ConsoleFixture, sources: SourceDefinition[]): Promise<void> {
  const stage = crawlStage({ store: f.store, sources, config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } });
  await stage({ sourceId: sources[0]!.id }, { enqueue: async () => undefined, logger: silentLogger, attempt: 1, signal: new AbortController().signal });
}

/** `minsheng sources status --sources file …more` on the fixture's store, with `dataDir` as the data folder. */
export async function sourcesStatus(f: ConsoleFixture, dataDir: string, file: string, ...more: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const schema = (f.store as Store & { schema: string }).schema;
  const code = await main(['sources', 'status', '--sources', file, ...more], {
    env: { DATABASE_URL: `${testDatabaseUrl}?schema=${schema}`, MINSHENG_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
  });
  return { code, out, err };
}

/** The source's row on 采集来源 as 区电子政务管理中心 sees it: its 状态, its 问题, whether it is marked bad, and the page's head line. */
export async function sourceRow(f: ConsoleFixture, id: string): Promise<{ status: string; problem: string; bad: boolean; head: string }> {
  const { context, page } = await f.signIn('egov');
  try {
    await page.goto(`${f.url}/#/sources`);
    await page.waitForSelector('#sources tbody tr');
    const row = page.locator('#sources tbody tr', { hasText: id });
    return {
      status: ((await row.locator('td').nth(2).textContent()) ?? '').trim(),
      problem: ((await row.locator('td.problem').textContent()) ?? '').trim(),
      bad: ((await row.getAttribute('class')) ?? '').includes('bad'),
      head: ((await page.locator('.page-head').textContent()) ?? '').trim(),
    };
  } finally {
    await context.close();
  }
}
