/**
 * First start on a PostgreSQL whose user may not create tables (PostgreSQL 15 and later no longer
 * let every user create them in `public`; a database or schema owned by another role): the store
 * refuses with a configuration error in Chinese that names the user and database and says how to
 * grant the right, rather than `内部错误：permission denied for schema public`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ConfigError } from '../core/index.js';
import { openStore } from '../workflow/index.js';
import { testDatabaseUrl, uniqueName } from './helpers/services.js';

describe('a database user without the right to create tables', () => {
  const role = uniqueName('msnoperm');
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  const database = new URL(testDatabaseUrl).pathname.slice(1);

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE ROLE "${role}" LOGIN`);
  });

  afterAll(async () => {
    await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    await admin.end();
  });

  it('is told which right is missing and how to grant it', async () => {
    const url = new URL(testDatabaseUrl);
    url.username = role;
    const schema = uniqueName('t');
    const opened = openStore({ databaseUrl: url.toString(), schema });
    await expect(opened).rejects.toBeInstanceOf(ConfigError);
    await expect(opened).rejects.toThrow(`数据库用户 ${role} 没有在数据库 ${database} 中建表的权限`);
    await expect(opened).rejects.toThrow(`createdb -O ${role} -E UTF8 -T template0 ${database}`);
    await expect(opened).rejects.toThrow(`GRANT CREATE ON DATABASE "${database}" TO "${role}"`);
    // Nothing was left behind: the schema was never created.
    const { rows } = await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
    expect(rows).toEqual([]);
  });
});

describe('a database user who may create tables but not extensions', () => {
  /**
   * The ledger's search index needs pg_trgm (20261205000000_ledger_search_trigram), which only a
   * user with CREATE on the database (its owner) may install. On a database of its own, without
   * the extension, a user granted CREATE on `public` alone is told to have the administrator
   * install it once; after that the same user migrates the store.
   */
  const role = uniqueName('msnotrgm');
  const database = uniqueName('msnotrgm');
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${database}`;
  const adminOfDatabase = new pg.Client({ connectionString: url.toString() });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE ROLE "${role}" LOGIN`);
    await admin.query(`CREATE DATABASE "${database}"`);
    await adminOfDatabase.connect();
    await adminOfDatabase.query(`GRANT CREATE ON SCHEMA public TO "${role}"`);
  });

  afterAll(async () => {
    await adminOfDatabase.end();
    await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
    await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    await admin.end();
  });

  it('is told to have pg_trgm installed, and migrates once it is', async () => {
    const asRole = new URL(url);
    asRole.username = role;
    const opened = openStore({ databaseUrl: asRole.toString(), poolSize: 2 });
    await expect(opened).rejects.toBeInstanceOf(ConfigError);
    await expect(opened).rejects.toThrow(`数据库用户 ${role} 无权在数据库 ${database} 中安装 pg_trgm 扩展`);
    await expect(opened).rejects.toThrow('CREATE EXTENSION pg_trgm');
    // The failed migration was rolled back as a whole: no index, not recorded.
    const { rows } = await adminOfDatabase.query(`SELECT indexname FROM pg_indexes WHERE indexname = 'Case_title_idx'`);
    expect(rows).toEqual([]);

    await adminOfDatabase.query('CREATE EXTENSION pg_trgm');
    const store = await openStore({ databaseUrl: asRole.toString(), poolSize: 2 });
    try {
      const indexes = await store.sql.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'Case' AND indexdef LIKE '%gin_trgm_ops%' ORDER BY 1`);
      expect(indexes.map((r) => r.indexname)).toEqual(['Case_searchText_idx']);
    } finally {
      await store.close();
    }
  });
});
