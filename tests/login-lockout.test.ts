/**
 * Account lockout counted in the store (workflow/users/login-failures.ts), on both stores: the
 * embedded PGlite and PostgreSQL. Failures add up only while each comes within the lock time of
 * the one before; the lock ends `lockMs` after the last failure; concurrent failures all count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../workflow/index.js';
import { accountLockRemainingMs, clearLoginFailures, recordLoginFailure } from '../workflow/users/index.js';
import { openTestPgliteStore, openTestPostgresStore } from './helpers/services.js';

const policy = { failures: 3, lockMs: 10 * 60_000 };
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 28, 1, 0, 0) + minutes * 60_000);

describe.each([
  ['PGlite', openTestPgliteStore],
  ['PostgreSQL', openTestPostgresStore],
] as const)('login lockout in %s', (_name, open) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('locks after the limit, for lockMs after the last failure, whatever the case of the name', async () => {
    const db = store.db;
    expect(await recordLoginFailure(db, 'zhang', policy, at(0))).toBe(1);
    expect(await recordLoginFailure(db, 'Zhang', policy, at(4))).toBe(2);
    expect(await accountLockRemainingMs(db, 'zhang', policy, at(5))).toBe(0);
    expect(await recordLoginFailure(db, 'ZHANG ', policy, at(8))).toBe(3);
    expect(await accountLockRemainingMs(db, 'zhang', policy, at(9))).toBe(9 * 60_000);
    expect(await accountLockRemainingMs(db, 'zhang', policy, at(18))).toBe(0);
    // Another account is not touched.
    expect(await accountLockRemainingMs(db, 'li', policy, at(9))).toBe(0);
    await clearLoginFailures(db, 'zhang');
    expect(await recordLoginFailure(db, 'zhang', policy, at(20))).toBe(1);
  });

  it('starts counting again when failures are further apart than the lock time', async () => {
    const db = store.db;
    expect(await recordLoginFailure(db, 'wang', policy, at(0))).toBe(1);
    expect(await recordLoginFailure(db, 'wang', policy, at(9))).toBe(2);
    expect(await recordLoginFailure(db, 'wang', policy, at(30))).toBe(1);
  });

  it('counts every one of failures made at the same moment', async () => {
    const db = store.db;
    const counts = await Promise.all(Array.from({ length: 6 }, () => recordLoginFailure(db, 'zhao', policy, at(0))));
    expect(counts.sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await accountLockRemainingMs(db, 'zhao', policy, at(1))).toBe(9 * 60_000);
  });
});
