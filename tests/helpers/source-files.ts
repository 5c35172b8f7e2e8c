/**
 * Source files for tests and benches that watch look-alike sites: the demo mailbox's definition
 * (crawlers/sources/demo.yaml, the `paged-html` shape) once per site, with its own id, name and
 * schedule. Written to a temporary file, because worker processes read MINSHENG_SOURCES.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { demoSourceFile } from '../../cli/app/demo-source.js';
import { loadSourceFile, type SourceDefinition } from '../../crawlers/index.js';

export interface SiteSourceOptions {
  /** Source id of the first site; more sites get `-1`, `-2` … @default test-mailbox */
  id?: string;
  name?: string;
  /** schedule.every. @default 1h */
  every?: string;
  maxConcurrency?: number;
}

export async function writeSiteSourceFile(
  sites: { url: string }[],
  options: SiteSourceOptions = {},
): Promise<{ file: string; sources: SourceDefinition[]; cleanup: () => Promise<void> }> {
  const demo = (parse(await readFile(demoSourceFile, 'utf8')) as { sources: Record<string, unknown>[] }).sources[0]!;
  const id = options.id ?? 'test-mailbox';
  const sources = sites.map((site, i) => ({
    ...demo,
    id: i === 0 ? id : `${id}-${i}`,
    name: `${options.name ?? '测试信箱'}${i === 0 ? '' : i}`,
    startUrls: [`${site.url}/list_1.html`],
    schedule: { every: options.every ?? '1h' },
    politeness: { ...(demo.politeness as object), maxConcurrency: options.maxConcurrency ?? 2, backoff: '200ms' },
  }));
  const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-sources-'));
  const file = path.join(dir, 'sources.yaml');
  await writeFile(file, stringify({ sources }));
  return { file, sources: await loadSourceFile(file), cleanup: () => rm(dir, { recursive: true, force: true }) };
}
