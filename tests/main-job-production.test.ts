/**
 * The main job (`npm start`) in production (PostgreSQL + BullMQ), as docs/production.md runs it
 * beside `minsheng scheduler` and other console processes: the deadline scan keeps the interval
 * the installation is configured with (MINSHENG_DEADLINE_SCAN_EVERY) whichever of them starts
 * last (each start used to put its own 15 minutes back), and a console port already taken stops
 * it with a Chinese message that says what to do (it used to be 内部错误：listen EADDRINUSE …);
 * a MINSHENG_ADMIN_PASSWORD shorter than an account's password may be stops the first start before
 * it touches the new database, naming the variable (it used to migrate the database, load the units
 * and then stop on 账号信息有误：密码至少 8 位, which named no setting).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { startMainJob } from '../cli/app/main-job.js';
import { loadConfig, silentLogger } from '../core/index.js';
import { allJobs } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { startSite, sampleMessages, type RunningSite } from '../sites/index.js';
import type { Store } from '../workflow/index.js';
import { deleteQueuePrefix, openTestPostgresStore, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';
import { writeSiteSourceFile } from './helpers/source-files.js';

describe('the main job on PostgreSQL + BullMQ', () => {
  let store: Store & { schema: string };
  let site: RunningSite;
  let sources: { file: string; cleanup: () => Promise<void> };
  let queue: BullmqQueue;
  const prefix = uniqueName('msmain');
  let env: Record<string, string>;

  beforeAll(async () => {
    store = await openTestPostgresStore();
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(3, 5), pageSize: 10 });
    sources = await writeSiteSourceFile([site], { id: 'main-job-site' });
    env = {
      DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`,
      REDIS_URL: testRedisUrl,
      MINSHENG_QUEUE_PREFIX: prefix,
      MINSHENG_SOURCES: sources.file,
      MINSHENG_DEADLINE_SCAN_EVERY: '300',
      PORT: '0',
      LOG_LEVEL: 'silent',
    };
    queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, definitions: allJobs });
  });

  afterAll(async () => {
    await queue?.close();
    await deleteQueuePrefix(prefix);
    await sources?.cleanup();
    await site?.close();
    await store?.close();
  });

  const scanEveryMs = async () => (await queue.schedules()).find((s) => s.key === 'scan-deadlines')?.everyMs;

  it('keeps the configured deadline-scan interval, whether it or `minsheng scheduler` starts last', async () => {
    const job = await startMainJob(loadConfig(env), silentLogger);
    try {
      expect(await scanEveryMs()).toBe(300_000);
    } finally {
      await job.close();
    }
    // `minsheng scheduler --once` without the flag, on the same configuration, leaves it so.
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t) };
    expect(await main(['scheduler', '--once'], { env, io })).toBe(0);
    expect(out).toContain('已设置采集计划 1 个');
    expect(await scanEveryMs()).toBe(300_000);
    // The flag still wins for the scheduler; the next main job puts the configured interval back.
    expect(await main(['scheduler', '--once', '--deadline-scan-every', '600'], { env, io })).toBe(0);
    expect(await scanEveryMs()).toBe(600_000);
    const again = await startMainJob(loadConfig(env), silentLogger);
    await again.close();
    expect(await scanEveryMs()).toBe(300_000);
  });

  it('says in Chinese that the console port is taken, and by what it may be', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const started = startMainJob(loadConfig({ ...env, PORT: String(port) }), silentLogger);
      await expect(started).rejects.toThrow(`控制台端口 127.0.0.1:${port} 已被占用`);
      await expect(started).rejects.toThrow(/PORT/);
      // The command line prints it as a configuration error (exit 1), not 内部错误.
      let err = '';
      const code = await main(['start'], { env: { ...env, PORT: String(port) }, io: { stdout: () => undefined, stderr: (t) => void (err += t) } });
      expect(code).toBe(1);
      expect(err).toContain(`错误：控制台端口 127.0.0.1:${port} 已被占用`);
      expect(err).not.toContain('内部错误');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('stops on a too-short MINSHENG_ADMIN_PASSWORD naming the variable, before migrating a new database', async () => {
    const schema = uniqueName('t');
    const schemaExists = async () => (await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [schema]))[0]?.n === 1;
    try {
      let err = '';
      const code = await main(['start'], {
        env: { ...env, DATABASE_URL: `${testDatabaseUrl}?schema=${schema}`, MINSHENG_ADMIN_PASSWORD: 'abc1234' },
        io: { stdout: () => undefined, stderr: (t) => void (err += t) },
      });
      expect(code).toBe(1);
      expect(err).toContain('错误：配置项 MINSHENG_ADMIN_PASSWORD 无效：应至少 8 个字符');
      expect(await schemaExists()).toBe(false);
    } finally {
      await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });
});
