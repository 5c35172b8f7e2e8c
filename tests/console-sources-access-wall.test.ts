/**
 * A mailbox whose letter pages all answer a login page (统一身份认证): through the real crawl stage
 * and store, the console's 采集来源 shows the source as 网站拦截访问 with the access alert, not as
 * 页面结构变化 (详情页可能改版, which sent staff to rewrite the source file), and `minsheng sources
 * status` says it below the table (拦截告警) with no layout alert; once the wall is gone the next run
 * records every letter and clears it everywhere.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSourceFile, type SourceDefinition } from '../crawlers/index.js';
import { getCrawlState } from '../workflow/index.js';
import { letters, mailboxSourceYaml, startMailbox, type Mailbox } from './crawlers/fixtures/hostile-mailbox.js';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';
import { crawlIntoStore, sourceRow, sourcesStatus } from './sources-health-helpers.js';

const alert = '本次 3 个详情页被网站拦截（要求登录）：请在浏览器中打开核对，必要时联系网站管理方';
const loginPage = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>统一身份认证</title></head><body><form><input name="u"><input type="password" name="p"><button>登录</button></form></body></html>';

let f: ConsoleFixture;
let dir: string;
let site: Mailbox;

beforeAll(async () => {
  f = await openConsoleFixture({ sourceIds: ['walled'] });
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-walled-'));
  site = await startMailbox(letters(3));
});
afterAll(async () => {
  await site?.close();
  await f?.close();
  await rm(dir, { recursive: true, force: true });
});

const crawl = (sources: SourceDefinition[]) => crawlIntoStore(f, sources);
const status = (file: string, ...more: string[]) => sourcesStatus(f, dir, file, ...more);
const consoleRow = (id: string) => sourceRow(f, id);

describe('a login page in front of every letter page', () => {
  it('is 网站拦截访问 on 采集来源 and a 拦截告警 in sources status, not a layout change; cleared once the letters are read', async () => {
    const file = path.join(dir, 'walled.yaml');
    await writeFile(file, mailboxSourceYaml(site.url, '', 'walled'));
    const sources = await loadSourceFile(file);
    site.hook = (p) => (p.startsWith('/d?') ? loginPage : undefined);
    await crawl(sources);

    const stored = await getCrawlState(f.store.db, 'walled');
    expect(stored?.health?.layoutAlert).toBeUndefined();
    expect(stored?.health?.accessAlert).toBe(alert);
    expect(await f.store.db.message.count({ where: { sourceId: 'walled' } })).toBe(0);
    // Redteam: 页面结构变化 with 本次 3 个详情页都未取到必填字段：详情页可能改版.
    const walled = await consoleRow('walled');
    expect(walled.status).toBe('网站拦截访问');
    expect(walled.bad).toBe(true);
    expect(walled.problem).toBe(alert);
    expect(walled.head).toContain('异常 1');

    const shown = await status(file);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`walled  拦截告警：${alert}`);
    expect(shown.out.split('\n').find((l) => l.startsWith('walled'))).not.toContain('⚠');
    expect(shown.err).toContain('1 个来源被网站拦截（要求登录或安全验证）');
    expect(shown.err).not.toContain('布局告警');
    const json = JSON.parse((await status(file, '--json')).out) as { id: string; health: { accessAlert?: string } | null }[];
    expect(json.find((r) => r.id === 'walled')?.health?.accessAlert).toBe(alert);

    site.hook = undefined;
    await crawl(sources);
    expect(await f.store.db.message.count({ where: { sourceId: 'walled' } })).toBe(3);
    expect((await getCrawlState(f.store.db, 'walled'))?.health).not.toHaveProperty('accessAlert');
    const open = await consoleRow('walled');
    expect(open.status).toBe('正常');
    expect(open.problem).toMatch(/^已恢复（.*出错：详情页被网站拦截（要求登录/);
    const after = await status(file);
    expect(after.out).not.toContain('拦截告警');
    expect(after.err).not.toContain('被网站拦截');
  });
});
