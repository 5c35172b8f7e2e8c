/**
 * Opens the PostgreSQL store (DATABASE_URL): the pool, the migrations under an advisory lock, the
 * Prisma client on @prisma/adapter-pg. Imported by open-store.ts only when a database URL is given,
 * so the embedded default never loads pg (about a tenth of the production-only modules' memory,
 * bench/main-job-memory.ts; .dependency-cruiser.cjs keeps it so).
 */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../prisma/generated/client.js';
import { ConfigError, UnavailableError, type Logger } from '../../core/index.js';
import { describeConnectFailure } from './connect-errors.js';
import { applyMigrations } from './migrate.js';
import { pgClientRunner, type SqlRunner } from './sql-runner.js';
import { upgradeNotice, type Store, type StoreOptions } from './store-types.js';

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;
const migrationLockKey = 727_274_2012; // any constant shared by every minsheng process
/**
 * How long the first connection may take to be answered as PostgreSQL. pg waits for ever by
 * default: a DATABASE_URL naming another server's port (Redis's 6379, which reads the startup
 * packet and says nothing) left `minsheng worker` silent for good, deaf to Ctrl-C. Only this
 * connection is timed: the pool's own timeout would also cut a query waiting for a free connection.
 */
const firstConnectTimeoutMs = 10_000;

/** Splits Prisma's `?schema=` convention off a connection string (pg does not know it). */
function splitSchema(url: string): { url: string; schema?: string } {
  try {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema');
    if (!schema) return { url };
    parsed.searchParams.delete('schema');
    return { url: parsed.toString(), schema };
  } catch {
    return { url };
  }
}

/**
 * The database user may not create the schema or its tables (PostgreSQL 15 and later no longer let
 * every user create tables in `public`), or the pg_trgm extension the migrations install (which
 * takes CREATE on the database, or the server lacks it): said with what the administrator should
 * do, instead of the driver's `permission denied for schema public` as an internal error.
 */
function insufficientPrivilege(error: unknown, url: string, schema: string | undefined): ConfigError | undefined {
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message ?? '';
  let user = '（DATABASE_URL 中的用户）';
  let database = '（数据库）';
  try {
    const parsed = new URL(url);
    user = decodeURIComponent(parsed.username) || user;
    database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || database;
  } catch {
    // Not a URL pg could use either: the general wording.
  }
  // The ledger's search index needs pg_trgm (20261205000000_ledger_search_trigram): a user who may
  // create tables but not extensions (no CREATE on the database), or a server without contrib.
  if (message.includes('pg_trgm') && (code === '42501' || code === '0A000')) {
    return new ConfigError(
      code === '0A000'
        ? `PostgreSQL 服务器没有 pg_trgm 扩展（台账搜索的索引需要它；${message}）：请在数据库服务器上安装 PostgreSQL 的 contrib 组件（Debian/Ubuntu 已随 postgresql 安装；其他系统如 postgresql-contrib），再启动`
        : `数据库用户 ${user} 无权在数据库 ${database} 中安装 pg_trgm 扩展（台账搜索的索引需要它；${message}）。` +
            `请由数据库管理员在该数据库中执行一次 CREATE EXTENSION pg_trgm;（之后本用户即可完成迁移），或让该用户拥有这个数据库：ALTER DATABASE "${database}" OWNER TO "${user}"`,
      { cause: error },
    );
  }
  if (code !== '42501') return undefined;
  const target = schema ?? 'public';
  return new ConfigError(
    `数据库用户 ${user} 没有在数据库 ${database} 中建表的权限（${(error as Error).message}），无法执行数据库迁移。` +
      `请由数据库管理员让该用户拥有这个数据库（新建时：createdb -O ${user} -E UTF8 -T template0 ${database}；已有的数据库：ALTER DATABASE "${database}" OWNER TO "${user}"），` +
      `或授权：GRANT CREATE ON SCHEMA ${target} TO "${user}"${schema ? `（schema 尚不存在时还需 GRANT CREATE ON DATABASE "${database}" TO "${user}"）` : ''}`,
    { cause: error },
  );
}

export async function openPostgres(rawUrl: string, options: StoreOptions, logger: Logger): Promise<Store> {
  const { url, schema: urlSchema } = splitSchema(rawUrl);
  const schema = options.schema ?? urlSchema;
  if (schema !== undefined && !schemaName.test(schema)) throw new UnavailableError(`数据库 schema 名称无效：${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    // JIT off on every connection: the ledger's queries are short, and a search whose plan the
    // planner costs high (an OR over the messages, bench/ledger-content-search.ts) spent 230 ms
    // compiling for a 60 ms run. A SET rather than a startup option, which a connection pooler
    // such as PgBouncer refuses unless configured to. Awaited in the pool's onConnect hook, before
    // the pool hands the connection out: a SET merely queued (the 'connect' event) had the first
    // query queued behind it, and pg 8.x prints an English DeprecationWarning for that on the
    // stderr of every command and process (tests/store-postgres-warnings.test.ts).
    onConnect: async (client: pg.ClientBase) => {
      try {
        await client.query('SET jit = off');
      } catch (error) {
        logger.warn({ err: error }, '无法关闭数据库 JIT');
      }
    },
  });
  pool.on('error', (error) => logger.warn({ err: error }, '数据库连接出错'));
  // The start-up work (schema, migrations) on a connection of its own, the one timed.
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: firstConnectTimeoutMs,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  client.on('error', (error) => logger.warn({ err: error }, '数据库连接出错'));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    await pool.end();
    throw describeConnectFailure(error, url);
  }
  try {
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    if (options.migrate !== false) {
      await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
      try {
        const applied = await applyMigrations(pgClientRunner(client), undefined, upgradeNotice(logger, 'PostgreSQL'));
        if (applied.length > 0) logger.info({ applied }, `已执行数据库迁移 ${applied.length} 项（PostgreSQL）`);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
      }
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    await pool.end();
    throw insufficientPrivilege(error, url, schema) ?? error;
  }
  await client.end();
  const db = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
  const sql: SqlRunner = {
    exec: async (text) => void (await pool.query(text)),
    query: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    transaction: async (fn) => {
      const c = await pool.connect();
      try {
        return await pgClientRunner(c).transaction(fn);
      } finally {
        c.release();
      }
    },
  };
  return {
    kind: 'postgres',
    db,
    sql,
    async withExclusiveLock(name, fn) {
      // Advisory locks are per database, not per schema: the key names the schema too, so that
      // two installations in two schemas of one database (a test and a live one, or two test
      // runs) never skip each other's crawls of a source with the same id.
      const key = `${schema ?? 'public'}/${name}`;
      const c = await pool.connect();
      // A checked-out client has no pool error listener: without this, the database going away
      // while the lock is held would crash the process instead of failing the work under it.
      const onError = (error: Error) => logger.warn({ err: error }, '数据库连接中断（持有锁期间）');
      c.on('error', onError);
      try {
        const [row] = (await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key])).rows;
        if (!row?.ok) return undefined;
        try {
          return await fn();
        } finally {
          await c.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
        }
      } finally {
        c.off('error', onError);
        c.release();
      }
    },
    async close() {
      await db.$disconnect();
      await pool.end();
    },
  };
}
