/**
 * A mistake in the source file (MINSHENG_SOURCES) stops `npm start` before anything is opened, as
 * one in the unit directory does: no embedded store created, no default accounts made and no
 * passwords printed by a start that cannot run (production QA: the first start with a broken file
 * printed the generated passwords, then stopped on the file).
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMainJob } from '../cli/app/main-job.js';
import { loadConfig, silentLogger } from '../core/index.js';

describe('npm start with a broken source file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'minsheng-sources-first-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the file and opens no store, creates no account', async () => {
    const sourcesFile = path.join(dir, 'sources.yaml');
    // A source without startUrls, as a hand-edited file may have it.
    await writeFile(sourcesFile, 'sources:\n  - id: district\n    name: 区长信箱\n    channel: district_mailbox\n');
    const dataDir = path.join(dir, 'data');
    const env = { MINSHENG_DATA_DIR: dataDir, MINSHENG_SOURCES: sourcesFile, PORT: '0', LOG_LEVEL: 'silent' };
    await expect(startMainJob(loadConfig(env), silentLogger)).rejects.toThrow(/sources\.yaml/);
    const left = await readdir(dataDir).catch(() => [] as string[]);
    expect(left.filter((name) => name !== 'minsheng-store.lock')).toEqual([]);
  });
});
