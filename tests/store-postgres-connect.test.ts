/**
 * An administrator's DATABASE_URL that PostgreSQL refuses or cannot reach, on the real server: the
 * store says in Chinese what is wrong and what to do (create the database, the user; start the
 * server or correct the host or port), with PostgreSQL's own words kept at the end, rather than the
 * driver's English alone (`无法连接 PostgreSQL：database "…" does not exist`). A real
 * `minsheng start` stops with that line and exit code 1, having written nothing.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, UnavailableError } from '../core/index.js';
import { openStore } from '../workflow/index.js';
import { closedPort, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';

function urlWith(change: (url: URL) => void): string {
  const url = new URL(testDatabaseUrl);
  change(url);
  return url.toString();
}

describe('opening a PostgreSQL store the server refuses or cannot be reached', () => {
  it('a database that does not exist: says so and how to create it, as a configuration error', async () => {
    const database = uniqueName('msnodb');
    const opened = openStore({ databaseUrl: urlWith((u) => void (u.pathname = `/${database}`)) });
    await expect(opened).rejects.toBeInstanceOf(ConfigError);
    const { hostname, port } = new URL(testDatabaseUrl);
    await expect(opened).rejects.toThrow(`无法连接 PostgreSQL（${hostname}:${port || '5432'}）：数据库 ${database} 不存在。`);
    await expect(opened).rejects.toThrow(`createdb -O postgres -E UTF8 -T template0 ${database}`);
    // The server's own words stay, for a search or the database's administrator.
    await expect(opened).rejects.toThrow(`（PostgreSQL：database "${database}" does not exist）`);
  });

  it('a user that does not exist: says so and how to create it', async () => {
    const user = uniqueName('msnouser');
    const opened = openStore({ databaseUrl: urlWith((u) => void (u.username = user)) });
    await expect(opened).rejects.toBeInstanceOf(ConfigError);
    await expect(opened).rejects.toThrow(`数据库用户 ${user} 不存在。请先创建：sudo -u postgres createuser --pwprompt ${user}`);
  });

  it('a port where nothing listens: connection refused, the server not started or the port wrong', async () => {
    const port = await closedPort();
    const opened = openStore({ databaseUrl: urlWith((u) => void ((u.hostname = '127.0.0.1'), (u.port = String(port)))) });
    await expect(opened).rejects.toBeInstanceOf(UnavailableError);
    await expect(opened).rejects.toThrow(`无法连接 PostgreSQL（127.0.0.1:${port}）：连接被拒绝：PostgreSQL 没有启动，或 DATABASE_URL 中的主机、端口不对`);
  });

  it("another service's port (Redis's, which answers nothing to PostgreSQL's startup): stops within seconds saying so", { timeout: 40_000 }, async () => {
    // Before, pg waited for ever: `minsheng worker` with such a DATABASE_URL said nothing and ignored Ctrl-C.
    const redis = new URL(testRedisUrl);
    const address = `${redis.hostname}:${redis.port || '6379'}`;
    const started = Date.now();
    const opened = openStore({ databaseUrl: urlWith((u) => void ((u.hostname = redis.hostname), (u.port = redis.port || '6379'))) });
    await expect(opened).rejects.toBeInstanceOf(UnavailableError);
    await expect(opened).rejects.toThrow(`无法连接 PostgreSQL（${address}）：${address} 上的服务没有以 PostgreSQL 的方式应答（该端口上的服务可能不是 PostgreSQL`);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a host name that does not resolve: names the host', async () => {
    const opened = openStore({ databaseUrl: urlWith((u) => void (u.hostname = 'minsheng-db.invalid')) });
    await expect(opened).rejects.toBeInstanceOf(UnavailableError);
    await expect(opened).rejects.toThrow('找不到主机 minsheng-db.invalid：请核对 DATABASE_URL 中的主机名');
  });

  it('minsheng start on a database not yet created stops at once with the Chinese line, exit code 1', { timeout: 90_000 }, async () => {
    const database = uniqueName('msnodb');
    const child = spawn(process.execPath, ['bin/minsheng.js', 'start'], {
      env: { ...process.env, DATABASE_URL: urlWith((u) => void (u.pathname = `/${database}`)), REDIS_URL: testRedisUrl, MINSHENG_QUEUE_PREFIX: uniqueName('msconnect'), PORT: '0', MINSHENG_DEMO_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => void (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => void (output += b.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    expect(code).toBe(1);
    expect(output).toContain(`错误：无法连接 PostgreSQL（`);
    expect(output).toContain(`数据库 ${database} 不存在。请先建库`);
  });
});
