/**
 * schema.prisma is the source of truth and prisma/migrations must build exactly that database:
 * this test applies the migrations to a fresh PostgreSQL schema and compares tables, columns,
 * types, nullability, enums, unique keys and indexes with schema.prisma. It fails when someone
 * changes one without the other. It also checks the migrator's own contract.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, ensureSource, readMigrations, recordMessage, registerMessage, type Store } from '../workflow/index.js';
import { assignCase, decideProposal, getCase, proposeHandling, registerCase, submitReport } from '../workflow/cases/index.js';
import type { Actor } from '../workflow/users/index.js';
import { goodReply } from './helpers/case-steps.js';
import { openTestPgliteStore, openTestPostgresStore } from './helpers/services.js';
import { parsePrismaSchema, postgresTypeOf, type PrismaSchema } from './helpers/prisma-schema.js';

const schemaFile = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url));

let store: Store & { schema: string };
let prisma: PrismaSchema;

beforeAll(async () => {
  store = await openTestPostgresStore();
  prisma = parsePrismaSchema(await readFile(schemaFile, 'utf8'));
});
afterAll(async () => {
  await store.close();
});

describe('schema.prisma and prisma/migrations agree', () => {
  it('has every model as a table, and no other table', async () => {
    const tables = await store.sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`,
      [store.schema],
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual(prisma.models.map((m) => m.name).sort());
  });

  it('has every column with its type and nullability, and no other column', async () => {
    const columns = await store.sql.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1 AND table_name <> '_prisma_migrations'`,
      [store.schema],
    );
    const actual = columns.map((c) => `${c.table_name}.${c.column_name}: ${c.data_type}${c.is_nullable === 'YES' ? '?' : ''}`).sort();
    const expected = prisma.models
      .flatMap((m) => m.columns.map((c) => `${m.name}.${c.name}: ${postgresTypeOf(c, prisma.enums)}${c.optional || c.list ? '?' : ''}`))
      .sort();
    expect(actual).toEqual(expected);
  });

  it('has the enums with their values', async () => {
    const rows = await store.sql.query<{ typname: string; enumlabel: string }>(
      `SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 ORDER BY t.typname, e.enumsortorder`,
      [store.schema],
    );
    const actual = new Map<string, string[]>();
    for (const r of rows) actual.set(r.typname, [...(actual.get(r.typname) ?? []), r.enumlabel]);
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(prisma.enums));
  });

  it('has every unique key and index, by Prisma naming', async () => {
    const rows = await store.sql.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename <> '_prisma_migrations'`, [store.schema]);
    const actual = new Set(rows.map((r) => r.indexname));
    const expected = new Set<string>();
    for (const m of prisma.models) {
      expected.add(`${m.name}_pkey`);
      for (const c of m.columns) if (c.unique) expected.add(`${m.name}_${c.name}_key`);
      for (const u of m.uniques) expected.add(`${m.name}_${u.join('_')}_key`);
      for (const i of m.indexes) expected.add(`${m.name}_${i.join('_')}_idx`);
    }
    expect([...actual].sort()).toEqual([...expected].sort());
  });
});

describe('the migrator', () => {
  it('records each migration in Prisma\'s table and applies nothing twice', async () => {
    const migrations = await readMigrations();
    const rows = await store.sql.query<{ migration_name: string; checksum: string }>('SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    expect(rows.map((r) => r.checksum)).toEqual(migrations.map((m) => m.checksum));
    expect(await applyMigrations(store.sql)).toEqual([]);
  });

  it('says an upgrade is running before its migrations run, and says nothing when none is pending', async () => {
    const upgrades: string[][] = [];
    expect(await applyMigrations(store.sql, undefined, (pending) => upgrades.push(pending))).toEqual([]);
    expect(upgrades).toEqual([]);
    // The store as a release without one migration left it (this one is an UPDATE that may run twice).
    const latest = (await readMigrations()).find((m) => m.name === '20261211000000_source_stop_not_error')!;
    await store.sql.query('DELETE FROM "_prisma_migrations" WHERE migration_name = $1', [latest.name]);
    expect(await applyMigrations(store.sql, undefined, (pending) => upgrades.push(pending))).toEqual([latest.name]);
    expect(upgrades).toEqual([[latest.name]]);
  });

  it('refuses a store whose applied migration was edited afterwards', async () => {
    const migrations = await readMigrations();
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(applyMigrations(store.sql, edited)).rejects.toThrow(/已被修改/);
  });

  it('keeps the event log append-only in the database itself', async () => {
    await store.db.event.create({ data: { type: 'test', actor: 'test' } });
    await expect(store.sql.exec(`UPDATE "Event" SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(store.sql.exec(`DELETE FROM "Event"`)).rejects.toThrow(/append-only/);
  });
});

describe('主办/协办 on a store from before it (20261204000000_co_units)', () => {
  /**
   * A case assigned and a proposal made by the release before 协办, on the store as it was (the
   * migration's columns and table not there), then the migration: the assignment is the lead's, the
   * proposal has no assisting unit, and the case goes on (the lead unit reports).
   */
  async function upgradeKeepsAssignment(target: Store): Promise<void> {
    const migration = (await readMigrations()).find((m) => m.name.endsWith('_co_units'))!;
    await target.db.unit.createMany({ data: [{ id: 'u-roads', name: '区交通运输局', keywords: [] }] });
    await ensureSource(target.db, { id: 'src-mailbox', name: '区长信箱', channel: 'district_mailbox' });
    const recorded = await recordMessage(target.db, {
      sourceId: 'src-mailbox', channel: 'district_mailbox', siteId: 'm-1', title: '道路破损', content: '城关街道道路破损，请维修。', fetchedAt: new Date().toISOString(),
    });
    const { caseId } = await registerMessage(target.db, {
      messageId: recorded.messageId,
      classification: { category: '投诉', confidence: 0.8, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: '区交通运输局' } },
    });
    const actor = (role: Actor['role'], username: string, unitId?: string): Actor => ({ userId: username, username, role, unitId });
    await registerCase(target.db, { caseId, category: '投诉', actor: actor('egov_centre', 'egov') });
    await proposeHandling(target.db, { caseId, unitId: 'u-roads', opinion: '请区交通运输局办理', actor: actor('gov_office', 'office') });
    await decideProposal(target.db, { caseId, approve: true, actor: actor('leader', 'leader') });
    await assignCase(target.db, { caseId, actor: actor('gov_office', 'office') });
    // The store as the release before 协办 left it.
    await target.sql.exec(`DROP TABLE "AssistOpinion"; ALTER TABLE "Assignment" DROP COLUMN "role"; ALTER TABLE "Proposal" DROP COLUMN "assistUnitIds"`);
    await target.sql.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1`, [migration.name]);

    expect(await applyMigrations(target.sql)).toEqual([migration.name]);
    expect(await target.sql.query(`SELECT "role" FROM "Assignment" WHERE "caseId" = $1`, [caseId])).toEqual([{ role: 'lead' }]);
    expect((await target.db.proposal.findFirstOrThrow({ where: { caseId } })).assistUnitIds).toEqual([]);
    const roads = actor('unit', 'roads', 'u-roads');
    expect((await getCase(target.db, { caseId, actor: roads })).myRole).toBe('lead');
    await submitReport(target.db, { caseId, text: goodReply, actor: roads });
    expect((await target.db.case.findUniqueOrThrow({ where: { id: caseId } })).state).toBe('reported');
  }

  it('makes every existing assignment the lead unit\'s on PostgreSQL', async () => {
    const target = await openTestPostgresStore();
    try {
      await upgradeKeepsAssignment(target);
    } finally {
      await target.close();
    }
  });

  it('does the same on the embedded store', async () => {
    const target = await openTestPgliteStore();
    try {
      await upgradeKeepsAssignment(target);
    } finally {
      await target.close();
    }
  });
});
