/**
 * Why the first connection to PostgreSQL failed, said to the administrator who set DATABASE_URL:
 * what is wrong and what to do, in Chinese, with the server's own words kept at the end (for a
 * search, or the database's administrator). Before, `minsheng start` and `minsheng worker` printed
 * the driver's English text alone (`database "minsheng" does not exist`, `connect ECONNREFUSED …`).
 *
 * A server that answers and refuses the settings (no such database or user, a wrong or missing
 * password, no pg_hba.conf entry) is a ConfigError: restarting cannot help. A server that cannot
 * be reached (refused, unknown host, timed out) is an UnavailableError: the supervisor's restart
 * tries again, as docs/production.md §3 says.
 */
import { ConfigError, UnavailableError } from '../../core/index.js';

interface Target {
  user: string;
  database: string;
  host: string;
  address: string;
}

/** The user, database and host:port a connection string names (pg's defaults where it names none). */
function targetOf(url: string): Target {
  try {
    const parsed = new URL(url);
    const host = decodeURIComponent(parsed.hostname) || 'localhost';
    const user = decodeURIComponent(parsed.username) || '（当前系统用户）';
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user;
    return { user, database, host, address: `${host}:${parsed.port || '5432'}` };
  } catch {
    return { user: '（DATABASE_URL 中的用户）', database: '（DATABASE_URL 中的数据库）', host: '（DATABASE_URL 中的主机）', address: '（DATABASE_URL 中的主机和端口）' };
  }
}

/**
 * The error to stop a process with when `pool.connect()` failed on `url`: the cause in staff words
 * and what to do, then `（PostgreSQL：<the driver's text>）`. `url` is the connection string
 * without minsheng's `?schema=` (the error never repeats a password).
 */
export function describeConnectFailure(error: unknown, url: string): ConfigError | UnavailableError {
  const { user, database, host, address } = targetOf(url);
  const code = String((error as { code?: unknown }).code ?? '');
  // Node gives an AggregateError without a message when every address of a name refused (localhost: ::1 and 127.0.0.1).
  const original = (error as Error).message || code || String(error);
  const said = `（PostgreSQL：${original}）`;
  const head = `无法连接 PostgreSQL（${address}）：`;
  const config = (text: string) => new ConfigError(`${head}${text}${said}`, { cause: error });
  const unavailable = (text: string) => new UnavailableError(`${head}${text}${said}`, { cause: error });

  if (code === '3D000') {
    return config(`数据库 ${database} 不存在。请先建库并让 DATABASE_URL 中的用户拥有它（它的迁移要建表）：sudo -u postgres createdb -O ${user} -E UTF8 -T template0 ${database}；或改正 DATABASE_URL 中的数据库名`);
  }
  if (code === '28000' && /role .* does not exist/.test(original)) {
    return config(`数据库用户 ${user} 不存在。请先创建：sudo -u postgres createuser --pwprompt ${user}；或改正 DATABASE_URL 中的用户名`);
  }
  if (code === '28000') {
    return config(`服务器不允许用户 ${user} 从本机连接数据库 ${database}（pg_hba.conf 中没有相应条目）。请数据库管理员在 pg_hba.conf 中加上这台机器，并重新加载 PostgreSQL 的配置`);
  }
  if (code === '28P01') {
    return config(`用户 ${user} 的密码不对。请核对 DATABASE_URL 中的密码（密码中的 @ : / ? # % 要写成 %40 %3A %2F %3F %23 %25）`);
  }
  if (/client password must be a string|password authentication/i.test(original)) {
    return config(`服务器要求用户 ${user} 提供密码，DATABASE_URL 中没有：写成 postgresql://${user}:密码@${address}/${database}`);
  }
  if (code === 'ECONNREFUSED') {
    return unavailable('连接被拒绝：PostgreSQL 没有启动，或 DATABASE_URL 中的主机、端口不对（默认端口 5432）');
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return unavailable(`找不到主机 ${host}：请核对 DATABASE_URL 中的主机名，或本机的域名解析`);
  }
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return unavailable('网络不通或连接超时：请检查网络、防火墙，以及数据库服务器是否在该地址监听（postgresql.conf 的 listen_addresses）');
  }
  // pg's connectionTimeoutMillis (open-postgres.ts): something accepted the connection and did not
  // answer as PostgreSQL within the time, most often another service's port (Redis's 6379).
  if (original === 'timeout expired' || /connection timeout/i.test(original)) {
    return unavailable(`${address} 上的服务没有以 PostgreSQL 的方式应答（该端口上的服务可能不是 PostgreSQL，或服务器过忙）：请核对 DATABASE_URL 中的主机、端口（默认端口 5432）`);
  }
  if (code === '57P03') return unavailable('数据库服务器正在启动或关闭，请稍后再试');
  return new UnavailableError(`${head}${original}`, { cause: error });
}
