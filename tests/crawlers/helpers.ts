/** Shared plumbing of the crawler suites: example source files pointed at a running look-alike site. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSourceFile, type SourceDefinition } from '../../crawlers/index.js';
import type { RunningSite } from '../../sites/index.js';

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
