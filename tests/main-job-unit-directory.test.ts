/**
 * The district changes its unit directory (MINSHENG_UNITS) and restarts, as docs/production.md
 * says: a unit renamed (区发展和改革局 → 区发改局) or taken out (区教育局) is retired (停用) by the
 * main job, so 拟办, 交办 and new accounts no longer offer it beside its new name; its accounts and
 * the ledger's filter keep it. Before, a unit once loaded stayed active for ever: both names were
 * offered, and cases could be handed to a unit that no longer exists. A unit put back is active
 * again; a worker still on the old directory does not undo the retirement.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMainJob } from '../cli/app/main-job.js';
import { loadConfig, silentLogger } from '../core/index.js';
import { startWorker } from '../pipeline/redis.js';
import { createUser, unitIdFor, type Store } from '../workflow/index.js';
import { listRetiredUnits, listUnits } from '../workflow/console-queries/index.js';
import { deleteQueuePrefix, openTestPostgresStore, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';
import { writeSiteSourceFile } from './helpers/source-files.js';
import { sampleMessages, startSite, type RunningSite } from '../sites/index.js';
import { sharedClassifier } from './pipeline-helpers.js';

const unit = (name: string) => ({ name, kind: 'department', keywords: [name.replace(/^区|局$/g, '')] });

describe('a unit directory changed between two starts of the main job', () => {
  let store: Store & { schema: string };
  let dir: string;
  let site: RunningSite;
  let sources: { file: string; cleanup: () => Promise<void> };
  const prefix = uniqueName('msunitdir');
  let env: Record<string, string>;

  beforeAll(async () => {
    store = await openTestPostgresStore();
    dir = await mkdtemp(path.join(tmpdir(), 'minsheng-unitdir-'));
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(1, 3), pageSize: 10 });
    sources = await writeSiteSourceFile([site], { id: 'unit-directory-site' });
    env = {
      DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`,
      REDIS_URL: testRedisUrl,
      MINSHENG_QUEUE_PREFIX: prefix,
      MINSHENG_SOURCES: sources.file,
      MINSHENG_UNITS: path.join(dir, 'units.json'),
      PORT: '0',
      LOG_LEVEL: 'silent',
      MINSHENG_ADMIN_PASSWORD: 'Unit-dir-admin-1',
    };
  });

  afterAll(async () => {
    await deleteQueuePrefix(prefix);
    await sources?.cleanup();
    await site?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const directory = (names: string[]) => writeFile(env.MINSHENG_UNITS!, JSON.stringify({ units: names.map(unit) }));
  const restartMainJob = async () => (await startMainJob(loadConfig(env), silentLogger)).close();
  const active = async () => (await listUnits(store.db)).map((u) => u.name).sort();
  const retired = async () => (await listRetiredUnits(store.db)).map((u) => u.name).sort();

  it('retires a renamed or removed unit, keeps its accounts, and puts it back when listed again', { timeout: 120_000 }, async () => {
    await directory(['区住建局', '区教育局', '区发展和改革局']);
    await restartMainJob();
    expect(await active()).toEqual(['区住建局', '区发展和改革局', '区教育局'].sort());
    await createUser(store.db, { username: 'fagai1', displayName: '发改局王五', password: 'Fagai-2027!', role: 'unit', unitId: unitIdFor('区发展和改革局') });

    // The district renames 区发展和改革局 and merges 区教育局 away, then restarts.
    await directory(['区住建局', '区发改局']);
    const job = await startMainJob(loadConfig(env), silentLogger);
    try {
      // The console offers the directory's units for 拟办, 交办 and accounts; the ledger's filter and the accounts page also name the retired ones.
      const login = await fetch(`${job.url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: env.MINSHENG_ADMIN_PASSWORD }) });
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
      const meta = (await (await fetch(`${job.url}/api/console/meta`, { headers: { cookie } })).json()) as { units: { name: string }[]; retiredUnits: { name: string }[] };
      expect(meta.units.map((u) => u.name).sort()).toEqual(['区住建局', '区发改局'].sort());
      expect(meta.retiredUnits.map((u) => u.name).sort()).toEqual(['区发展和改革局', '区教育局'].sort());
    } finally {
      await job.close();
    }
    expect(await active()).toEqual(['区住建局', '区发改局'].sort());
    expect(await retired()).toEqual(['区发展和改革局', '区教育局'].sort());
    // Its account still signs in to its cases; no new one is made for a retired unit.
    expect(await store.db.user.findUniqueOrThrow({ where: { username: 'fagai1' } })).toMatchObject({ disabled: false, unitId: unitIdFor('区发展和改革局') });
    await expect(createUser(store.db, { username: 'fagai2', displayName: '发改局赵六', password: 'Fagai-2027!', role: 'unit', unitId: unitIdFor('区发展和改革局') })).rejects.toThrow(
      '区发展和改革局已停用（不在承办单位目录中），不能再为它新建账号',
    );

    // A worker still on the old directory adds nothing back to the active list.
    await directory(['区住建局', '区教育局', '区发展和改革局']);
    const worker = await startWorker({ config: loadConfig({ ...env, MINSHENG_SOURCES: '' }), logger: silentLogger, classifier: await sharedClassifier(), concurrency: 1 });
    await worker.close();
    expect(await active()).toEqual(['区住建局', '区发改局'].sort());

    // Listed again and restarted: 区教育局 is active again.
    await directory(['区住建局', '区发改局', '区教育局']);
    await restartMainJob();
    expect(await active()).toEqual(['区住建局', '区发改局', '区教育局'].sort());
    expect(await retired()).toEqual(['区发展和改革局']);
  });
});
