/** Shared plumbing of the crawler suites: example source files pointed at a running look-alike site. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { crawlSource, draftSourceFromSite, loadSourceFile, MemoryCrawlStateStore, type CrawlResult, type SourceDefinition } from '../../crawlers/index.js';
import type { RunningSite } from '../../sites/index.js';
import { serveJsonListSite, type JsonListSite, type ServedJsonListSite } from './fixtures/json-list-sites.js';
import { lateLetter, letters, type Letter } from './fixtures/mailbox-layouts/index.js';

export const examplesDir = path.resolve(import.meta.dirname, '../../crawlers/sources/examples');

/** Loads `crawlers/sources/examples/<name>.yaml` with `{{base}}` = the site's address; overrides are merged shallowly per key. */
export async function exampleSource(name: string, site: RunningSite, patch: (s: SourceDefinition) => void = () => undefined): Promise<SourceDefinition> {
  const [source] = await loadSourceFile(path.join(examplesDir, `${name}.yaml`), { vars: { base: site.url } });
  if (!source) throw new Error(`no source in ${name}.yaml`);
  patch(source);
  return source;
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-crawl-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Requests the site served, by kind of path. */
export function countRequests(site: RunningSite, match: (path: string) => boolean): number {
  return site.requests().filter((r) => match(r.path)).length;
}

/** A whole crawl of `site` holds every message of the site, each with its title, text, status, reply, day and address. */
export function expectEveryMessage(result: CrawlResult, site: RunningSite): void {
  const expected = site.messages();
  expect(result.health.pageErrors).toEqual([]);
  expect(result.health.layoutAlert).toBeUndefined();
  expect(result.messages.map((m) => m.siteId).sort()).toEqual(expected.map((m) => m.id).sort());
  for (const m of expected) {
    const got = result.messages.find((x) => x.siteId === m.id);
    expect(got?.title, m.id).toBe(m.title);
    expect(got?.content, m.id).toBe(m.content);
    expect(got?.siteStatus, m.id).toBe(m.status);
    expect(got?.replyText, m.id).toBe(m.replyText || undefined);
    expect(got?.postedAt?.slice(0, 10), m.id).toBe(m.postedAt.slice(0, 10));
    expect(got?.url, m.id).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  }
}

/** Paragraphs (`<p>`) come out with a blank line between them, `<br>` lines without: both are the letter's lines. */
const lines = (text: string | undefined) => text?.replace(/\n+/g, '\n');

/**
 * A crawl of a drafted look-alike (fixtures/json-list-sites.ts, script-pager-sites.ts,
 * appending-list-sites.ts) served at `url` holds each of `letters` with its text, status, reply,
 * time to the minute and, where the site has detail pages, its address.
 */
export function expectEveryLetterOf(result: CrawlResult, letters: readonly Letter[], site: JsonListSite, url: string): void {
  for (const letter of letters) {
    const got = result.messages.find((m) => m.title === letter.title);
    expect(got, letter.title).toBeDefined();
    expect(lines(got?.content), letter.title).toBe(letter.paragraphs.join('\n'));
    expect(got?.siteStatus, letter.title).toBe(site.status(letter));
    expect(lines(got?.replyText), letter.title).toBe(letter.reply?.paragraphs.join('\n'));
    expect(got?.postedAt?.slice(0, 16), letter.title).toBe(`${letter.postedAt.slice(0, 10)}T${letter.postedAt.slice(11, 16)}`);
    if (site.detailPath) expect(got?.url, letter.title).toBe(url + site.detailPath(letter));
  }
}

/**
 * The check every drafted JSON look-alike ends with: a first crawl of `source` (its delay set to 0)
 * holds every one of `letters` (expectEveryLetterOf) with no page error or layout alert; then
 * `showLate()` puts `lateLetter` on top of the site's list, and a second crawl with the same state
 * sees it as the one new message (the others keep their ids). Answers the first crawl's result.
 */
export async function expectEveryLetterThenTheLateOne(source: SourceDefinition, letters: readonly Letter[], site: JsonListSite, url: string, showLate: () => void, options: { chromiumPath?: string } = {}): Promise<CrawlResult> {
  source.politeness.delay = 0;
  const state = new MemoryCrawlStateStore();
  const result = await crawlSource(source, { state, ...options });
  expect(result.health.pageErrors).toEqual([]);
  expect(result.health.layoutAlert).toBeUndefined();
  expect(result.messages).toHaveLength(letters.length);
  expectEveryLetterOf(result, letters, site, url);

  showLate();
  const again = await crawlSource(source, { state, ...options });
  expect(again.health.pageErrors).toEqual([]);
  expect(again.changes.map((c) => c.kind)).toEqual(['new']);
  expect(again.messages.map((m) => m.title)).toEqual([lateLetter.title]);
  return result;
}

/**
 * The check of a look-alike whose list the page's script fetches as JSON: served (handed to
 * `served` at once, for the test to close), drafted from its list page's address alone, the draft
 * says where the list came from, reads back with no problem and pages (nothing said of page 2, no
 * "first page only"); then crawled as expectEveryLetterThenTheLateOne checks. Answers the draft
 * and the first crawl's result, for what each site must say besides.
 */
export async function expectDraftedJsonSiteCrawled(site: JsonListSite, served: (running: ServedJsonListSite) => void): Promise<{ draft: Awaited<ReturnType<typeof draftSourceFromSite>>; result: CrawlResult }> {
  let shown: readonly Letter[] = letters;
  const running = await serveJsonListSite(site, () => shown);
  served(running);
  const draft = await draftSourceFromSite({ listUrl: running.url + site.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
  const notes = draft.notes.join('\n');
  expect(notes).toMatch(/列表由浏览器脚本从 JSON 接口取得/);
  expect(draft.preview.problems).toEqual([]);
  // Page 2 was asked with the draft and gave other letters: nothing to say of it.
  expect(notes).not.toMatch(/第 2 页|只读第一页/);
  expect(letters.length).toBeGreaterThan(site.pageSize);
  const result = await expectEveryLetterThenTheLateOne(draft.source, letters, site, running.url, () => (shown = [lateLetter, ...letters]));
  return { draft, result };
}
