/**
 * A minimal SQL connection over either store, for what Prisma cannot do here: applying
 * migrations (Prisma's migrate engine is unavailable offline) and schema checks in tests.
 */
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export interface SqlRunner {
  /** Runs a script of one or more statements (no parameters). */
  exec(sql: string): Promise<void>;
  /** Runs one parameterised statement and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

export function pgliteRunner(db: PGlite | Parameters<Parameters<PGlite['transaction']>[0]>[0]): SqlRunner {
  return {
    async exec(sql) {
      await db.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await db.query<T>(sql, params);
      return result.rows;
    },
    async transaction(fn) {
      if (!('transaction' in db)) return fn(pgliteRunner(db));
      return db.transaction((tx) => fn(pgliteRunner(tx)));
    },
  };
}

export function pgClientRunner(client: pg.ClientBase): SqlRunner {
  const runner: SqlRunner = {
    async exec(sql) {
      await client.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await client.query(sql, params);
      return result.rows as T[];
    },
    async transaction(fn) {
      await client.query('BEGIN');
      try {
        const value = await fn(runner);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
  };
  return runner;
}
