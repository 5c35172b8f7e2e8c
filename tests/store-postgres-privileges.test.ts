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
    await expect(opened).rejects.toThrow(`createdb -O ${role}`);
    await expect(opened).rejects.toThrow(`GRANT CREATE ON DATABASE "${database}" TO "${role}"`);
    // Nothing was left behind: the schema was never created.
    const { rows } = await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
    expect(rows).toEqual([]);
  });
});
