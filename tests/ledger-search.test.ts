/**
 * The ledger's text search takes `%`, `_` and `\` literally (they are LIKE wildcards and escape),
 * matches the ledger number, the title, or a message's text or writer, on both stores: embedded
 * PGlite and PostgreSQL; words typed apart must each be in one of them. Full-width and half-width
 * forms, traditional and simplified characters and Latin capitals match alike (core/search-fold.ts;
 * since 20261210000000_ledger_search_fold the folded text is a generated column, Case.searchText and
 * Message.searchText, each with a pg_trgm GIN index): each search is checked against the same rule
 * computed here, once as the planner chooses (on a few rows, reading the table) and once with
 * sequential scans turned off, so the answer comes through the trigram indexes; and a store
 * created before either migration is migrated when it opens, its cases found as before.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, ensureSource, listCases, openStore, readMigrations, recordMessage, registerMessage, type Store } from '../workflow/index.js';
import { foldForSearch, searchWords } from '../core/search-fold.js';
import { egovActor, plainSuggestion } from './helpers/ledger-suggestion.js';
import { openTestPgliteStore, openTestPostgresStore, testDatabaseUrl, uniqueName } from './helpers/services.js';

const suggestion = plainSuggestion;
const egov = egovActor;
const titles = [
  '水费一年上涨100%',
  '王家河_东段路灯不亮',
  '公示文件路径写成 C:\\docs 打不开',
  '小区门口道路破损',
  // A title quoting another case's number (the second registered: …-000002) in lower case.
  '追问 yt 编号 000002 的答复',
  'ABC小区停车难',
  '噪音扰民问题长期无人处理',
];
/** Searches staff might type: wildcards, the escape character, numbers, case, spaces, no match. */
const searches = [
  '%', '100%', '%%', '_', '河_东', '_东段', '\\', 'C:\\docs', '\\docs', 'docs 打', '路灯', '小区', '道路破损', '噪音扰民问题',
  '000002', '00000', 'yt', 'YT', 'yt 编号', 'abc', 'ABC', 'ABC小区', 'Abc', '  路灯 ', '一年上涨100', '扰民问题长期', '不存在的文字', 'x',
  '王家河 路灯', '路灯　王家河', '噪音扰民 长期无人', '小区 停车难', '小区 路灯', '000002 追问', '100% 水费', '第3封', '内容各不相同', '孙', '建国 丁',
  // Folded: full-width, traditional, capitals.
  '１００％', '第３封', 'ａｂｃ', '路燈', '噪音擾民', '孫建國', 'ＹＴ－', 'Yt 編號',
];

async function registerTitles(store: Store, list: readonly string[], from = 0): Promise<void> {
  await ensureSource(store.db, { id: 'src-district', name: '区长信箱', channel: 'district_mailbox' });
  for (const [i, title] of list.entries()) {
    const { messageId } = await recordMessage(store.db, {
      sourceId: 'src-district',
      channel: 'district_mailbox',
      siteId: `m${from + i}`,
      title,
      content: `${title}。第${from + i}封，内容各不相同：${'甲乙丙丁戊己庚辛壬癸'[(from + i) % 10]}`,
      ...((from + i) % 7 === 3 ? { author: '孙建国' } : {}),
      fetchedAt: new Date().toISOString(),
    });
    await registerMessage(store.db, { messageId, classification: suggestion });
  }
}

const searchTitles = async (store: Store, q: string) => (await listCases(store.db, { actor: egov, filter: { q } })).items.map((c) => c.title).sort();

/**
 * The ledger's rule, computed here: each word typed (apart by ASCII or full-width spaces) is in the
 * ledger number, the title, or a message's text or writer, all folded in code (foldForSearch) where
 * the store folds its columns in the database.
 */
async function expectedTitles(store: Store, q: string): Promise<string[]> {
  const all = (await listCases(store.db, { actor: egov })).items;
  const messages = await store.db.message.findMany({ select: { caseId: true, content: true, author: true } });
  const words = searchWords(q);
  const holds = (text: string, w: string) => foldForSearch(text).includes(w);
  const inMessage = (caseId: string, w: string) => messages.some((m) => m.caseId === caseId && (holds(m.content, w) || holds(m.author ?? '', w)));
  return all.filter((c) => words.every((w) => holds(c.ledgerNo, w) || holds(c.title, w) || inMessage(c.id, w))).map((c) => c.title).sort();
}

/** A PostgreSQL test store whose every connection has sequential scans off (the URL's options win over the pool's). */
async function openPostgresWithoutSeqScans(): Promise<Store> {
  const schema = uniqueName('t');
  const url = `${testDatabaseUrl}?options=${encodeURIComponent(`-c search_path=${schema} -c enable_seqscan=off`)}`;
  const store = await openStore({ databaseUrl: url, schema, poolSize: 5 });
  return {
    ...store,
    async close() {
      await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await store.close();
    },
  };
}

/** An embedded test store with sequential scans off (one connection: the setting holds for Prisma's queries too). */
async function openPgliteWithoutSeqScans(): Promise<Store> {
  const store = await openTestPgliteStore();
  await store.sql.exec('SET enable_seqscan = off');
  return store;
}

async function planOf(store: Store, q: string, table: 'Case' | 'Message' = 'Case'): Promise<string> {
  const rows = await store.sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM "${table}" WHERE "searchText" LIKE $1`, [`%${foldForSearch(q)}%`]);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe.each([
  ['PGlite', openTestPgliteStore, false],
  ['PGlite, through the trigram indexes', openPgliteWithoutSeqScans, true],
  ['PostgreSQL', openTestPostgresStore, false],
  ['PostgreSQL, through the trigram indexes', openPostgresWithoutSeqScans, true],
] as const)('ledger search on %s', (_kind, open, throughIndex) => {
  let store: Store;
  const search = (q: string) => searchTitles(store, q);

  beforeAll(async () => {
    store = await open();
    await registerTitles(store, titles);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('matches %, _ and \\ as themselves', async () => {
    expect(await search('%')).toEqual([titles[0]]);
    expect(await search('100%')).toEqual([titles[0]]);
    expect(await search('_')).toEqual([titles[1]]);
    expect(await search('河_东')).toEqual([titles[1]]);
    expect(await search('\\')).toEqual([titles[2]]);
    expect(await search('C:\\docs')).toEqual([titles[2]]);
    expect(await search('%%')).toEqual([]);
  });

  it('still finds plain text in titles and ledger numbers', async () => {
    expect(await search('路灯')).toEqual([titles[1]]);
    expect(await search('噪音扰民问题')).toEqual([titles[6]]);
    const all = await listCases(store.db, { actor: egov });
    expect(all.total).toBe(titles.length);
    const ledgerNo = all.items[0]!.ledgerNo;
    expect((await listCases(store.db, { actor: egov, filter: { q: ledgerNo } })).items.map((c) => c.ledgerNo)).toEqual([ledgerNo]);
    // As staff type or paste it: lower case, with spaces around.
    expect((await listCases(store.db, { actor: egov, filter: { q: ` ${ledgerNo.toLowerCase()} ` } })).items.map((c) => c.ledgerNo)).toEqual([ledgerNo]);
    expect(await search('  路灯 ')).toEqual([titles[1]]);
  });

  it('finds titles holding every word typed apart, also with a full-width space', async () => {
    expect(await search('王家河 路灯')).toEqual([titles[1]]);
    expect(await search('路灯　王家河')).toEqual([titles[1]]);
    expect(await search('公示文件 打不开')).toEqual([titles[2]]);
    // Every word must be there: a title with one of them is not a match.
    expect(await search('小区 路灯')).toEqual([]);
    const ledgerNo = (await listCases(store.db, { actor: egov, filter: { q: '小区门口' } })).items[0]!.ledgerNo;
    expect(await search(`${ledgerNo.toLowerCase()} 道路`)).toEqual([titles[3]]);
  });

  it("finds a case by its letter's text or its writer's name, as a citizen who calls about it gives them", async () => {
    expect(await search('丁')).toEqual([titles[3]]);
    expect(await search('孙建国')).toEqual([titles[3]]);
    expect(await search('孙建国 道路破损')).toEqual([titles[3]]);
    expect(await search('孙建国 路灯')).toEqual([]);
  });

  it('matches a ledger number and a title quoting it alike, the title in its own case', async () => {
    const second = (await listCases(store.db, { actor: egov })).items.find((c) => c.ledgerNo.endsWith('-000002'))!;
    expect(second.title).toBe(titles[1]);
    expect(await search('000002')).toEqual([titles[1], titles[4]].sort());
    // Ledger numbers and titles alike, in capitals or not.
    expect(await search('yt')).toEqual([...titles].sort());
    expect(await search('abc')).toEqual([titles[5]]);
    expect(await search('ABC')).toEqual([titles[5]]);
  });

  it('finds for every search the cases the ledger\'s rule names', async () => {
    for (const q of searches) expect({ q, found: await search(q) }).toEqual({ q, found: await expectedTitles(store, q) });
    for (const c of (await listCases(store.db, { actor: egov })).items) {
      expect(await search(c.ledgerNo.toLowerCase())).toEqual(await expectedTitles(store, c.ledgerNo));
    }
  });

  it('has the trigram indexes on the folded text of cases and messages, and no other', async () => {
    const rows = await store.sql.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('Case', 'Message') AND indexdef LIKE '%gin_trgm_ops%' ORDER BY indexname`,
    );
    expect(rows.map((r) => r.indexname)).toEqual(['Case_searchText_idx', 'Message_searchText_idx']);
    for (const r of rows) expect(r.indexdef).toMatch(/USING gin \("?searchText"? ([a-z_]+\.)?gin_trgm_ops\)/);
    if (throughIndex) {
      // The searches above came through the indexes, not a read of the table.
      for (const table of ['Case', 'Message'] as const) {
        const plan = await planOf(store, '噪音擾民問題', table);
        expect(plan).toMatch(new RegExp(`Bitmap Index Scan on "${table}_searchText_idx"`));
        expect(plan).not.toMatch(/Seq Scan/);
      }
    }
  });
});

/** Letters as citizens write them: full-width digits and letters, traditional characters, capitals. */
const letters = [
  { title: '３号楼电梯停运三天', content: '印台街道３号楼２单元电梯坏了，ＡＢＣ物业不管。' },
  { title: '東風路路燈不亮', content: '東風路口的路燈壞了一個月，晚上出行很危險。', author: '陳大明' },
  { title: '东风路下水道堵塞', content: '东风路菜市场门口下水道堵了。', author: '刘小红' },
  { title: 'WiFi 信号差', content: 'Community WIFI is down again.' },
  { title: '水费一年上涨１００％', content: '物业说是市里定的。' },
];

async function registerLetters(store: Store): Promise<void> {
  await ensureSource(store.db, { id: 'src-district', name: '区长信箱', channel: 'district_mailbox' });
  for (const [i, letter] of letters.entries()) {
    const { messageId } = await recordMessage(store.db, { sourceId: 'src-district', channel: 'district_mailbox', siteId: `f${i}`, ...letter, fetchedAt: new Date().toISOString() });
    await registerMessage(store.db, { messageId, classification: suggestion });
  }
}

describe.each([
  ['PGlite', openTestPgliteStore],
  ['PGlite, through the trigram indexes', openPgliteWithoutSeqScans],
  ['PostgreSQL', openTestPostgresStore],
  ['PostgreSQL, through the trigram indexes', openPostgresWithoutSeqScans],
] as const)('ledger search folding on %s', (_kind, open) => {
  let store: Store;
  const search = (q: string) => searchTitles(store, q);
  const title = (i: number) => letters[i]!.title;

  beforeAll(async () => {
    store = await open();
    await registerLetters(store);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('finds full-width digits and letters by half-width ones, and the other way round', async () => {
    expect(await search('3号楼')).toEqual([title(0)]);
    expect(await search('３号楼')).toEqual([title(0)]);
    expect(await search('3号楼 2单元')).toEqual([title(0)]);
    expect(await search('abc物业')).toEqual([title(0)]);
    expect(await search('100%')).toEqual([title(4)]);
    expect(await search('１００％')).toEqual([title(4)]);
    // A full-width % is still a percent sign, not a wildcard.
    expect(await search('１％')).toEqual([]);
  });

  it('finds traditional characters by simplified ones, and the other way round', async () => {
    expect(await search('东风路')).toEqual([title(1), title(2)].sort());
    expect(await search('東風路')).toEqual([title(1), title(2)].sort());
    expect(await search('路灯 危险')).toEqual([title(1)]);
    expect(await search('下水道 東風路')).toEqual([title(2)]);
    // The writer's name, written in traditional characters, found as staff type it.
    expect(await search('陈大明')).toEqual([title(1)]);
    expect(await search('劉小紅')).toEqual([title(2)]);
  });

  it('finds Latin letters whatever their case', async () => {
    expect(await search('wifi')).toEqual([title(3)]);
    expect(await search('WiFi')).toEqual([title(3)]);
    expect(await search('community')).toEqual([title(3)]);
    expect(await search('abc')).toEqual([title(0)]);
  });

  it('finds a ledger number typed in full-width forms', async () => {
    const ledgerNo = (await listCases(store.db, { actor: egov, filter: { q: '3号楼' } })).items[0]!.ledgerNo;
    const fullWidth = ledgerNo.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(await search(fullWidth.toLowerCase())).toEqual([title(0)]);
  });

  it('keeps the folded text of a letter a re-crawl changes', async () => {
    await recordMessage(store.db, { sourceId: 'src-district', channel: 'district_mailbox', siteId: 'f3', title: letters[3]!.title, content: '小區無線網絡又斷了。', fetchedAt: new Date().toISOString() });
    expect(await search('无线网络')).toEqual([title(3)]);
    expect(await search('community')).toEqual([]);
  });
});

describe.each([
  [
    'PGlite',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'minsheng-test-'));
      return { open: (migrate: boolean) => openStore({ dataDir, migrate }), cleanup: () => rm(dataDir, { recursive: true, force: true }) };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const schema = uniqueName('t');
      return {
        open: (migrate: boolean) => openStore({ databaseUrl: testDatabaseUrl, schema, migrate, poolSize: 3 }),
        cleanup: async () => {
          const store = await openStore({ databaseUrl: testDatabaseUrl, migrate: false, poolSize: 1 });
          await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await store.close();
        },
      };
    },
  ],
] as const)('a %s store from before the trigram indexes', (_kind, prepare) => {
  it('is migrated when it opens, and its cases are found as before', async () => {
    const { open, cleanup } = await prepare();
    try {
      const migration = (await readMigrations()).find((m) => m.name.endsWith('_ledger_search_trigram'))!;
      // The store as the release before left it: every migration but this one, cases in the ledger.
      // Later migrations too: the cases are registered by this release, which writes their columns
      // (Message.indexDecided, 20261209000000_message_index_match).
      const older = (await readMigrations()).filter((m) => m.name !== migration.name);
      const old = await open(false);
      expect(await applyMigrations(old.sql, older)).toEqual(older.map((m) => m.name));
      expect(await old.sql.query(`SELECT 1 FROM pg_indexes WHERE tablename = 'Case' AND indexname = 'Case_title_idx' AND schemaname = current_schema()`)).toEqual([]);
      await registerTitles(old, titles);
      const before = new Map<string, string[]>();
      for (const q of searches) before.set(q, await searchTitles(old, q));
      await old.close();

      const upgraded = await open(true);
      try {
        const indexes = await upgraded.sql.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'Case' AND indexname IN ('Case_title_idx', 'Case_ledgerNo_idx') AND schemaname = current_schema() ORDER BY 1`);
        expect(indexes.map((r) => r.indexname)).toEqual(['Case_ledgerNo_idx', 'Case_title_idx']);
        for (const q of searches) expect({ q, found: await searchTitles(upgraded, q) }).toEqual({ q, found: before.get(q) });
        // New cases go into the indexed table and are found.
        await registerTitles(upgraded, ['供暖温度不达标请求处理'], titles.length);
        expect(await searchTitles(upgraded, '供暖温度')).toEqual(['供暖温度不达标请求处理']);
        expect(await applyMigrations(upgraded.sql)).toEqual([]);
      } finally {
        await upgraded.close();
      }
      // And it opens again as any store does.
      const reopened = await open(true);
      try {
        expect(await searchTitles(reopened, '供暖温度')).toEqual(['供暖温度不达标请求处理']);
      } finally {
        await reopened.close();
      }
    } finally {
      await cleanup();
    }
  }, 120_000);
});

describe.each([
  ['PGlite', openTestPgliteStore, false],
  ['PostgreSQL', openTestPostgresStore, true],
] as const)('a ledger of 100,000 cases on %s', (_kind, open, analyze) => {
  /**
   * On a table of a district's size the planner itself takes the trigram indexes for a search of
   * 3 characters or more (bench/ledger-search.ts: the same from 20,000 to 300,000 cases of real titles; on this test's shorter rows, 20,000 were not enough). PostgreSQL
   * is analysed, as its autovacuum does after bulk writes; the embedded store never is (PGlite has
   * no autovacuum), so it is planned without statistics, as a user's store is.
   */
  it('is searched through the trigram indexes, with the cases the rule names', async () => {
    const store = await open();
    try {
      await store.sql.exec(`
        INSERT INTO "Case" (id, "ledgerNo", title, channel, "primaryMessageId", category, state, "createdAt", "updatedAt")
        SELECT 'c' || g, 'YT-2025-' || lpad(g::text, 6, '0'),
               (ARRAY['城关街道', '陈炉镇', '王石凹街道', '印台街道', '三里洞街道'])[1 + g % 5]
                 || CASE WHEN g % 1000 = 0 THEN '夜间施工噪音扰民' ELSE (ARRAY['路灯不亮', '供暖温度不达标', '道路破损', '公交站点太远', '垃圾清运不及时', '小区停车难'])[1 + g % 6] END
                 || '（第' || g || '号来信）',
               'district_mailbox', 'm' || g, '投诉', 'awaiting_review', now() - g * interval '1 hour', now()
        FROM generate_series(1, 100000) AS g`);
      if (analyze) await store.sql.exec('ANALYZE "Case"');
      const plan = await planOf(store, '噪音扰民');
      expect(plan).toMatch(/Bitmap Index Scan on "Case_searchText_idx"/);
      expect(plan).not.toMatch(/Seq Scan/);
      const found = await listCases(store.db, { actor: egov, filter: { q: '噪音扰民', limit: 500 } });
      expect(found.total).toBe(100);
      expect(found.items.every((c) => c.title.includes('夜间施工噪音扰民'))).toBe(true);
      expect((await listCases(store.db, { actor: egov, filter: { q: 'yt-2025-001000' } })).items.map((c) => c.title)).toEqual(['城关街道夜间施工噪音扰民（第1000号来信）']);
      // Typed in traditional characters and full-width digits, through the same index.
      expect((await listCases(store.db, { actor: egov, filter: { q: '夜間施工噪音擾民 第１０００號', limit: 500 } })).items.map((c) => c.title)).toEqual(['城关街道夜间施工噪音扰民（第1000号来信）']);
    } finally {
      await store.close();
    }
  }, 120_000);
});

describe.each([
  [
    'PGlite',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'minsheng-test-'));
      return { open: (migrate: boolean) => openStore({ dataDir, migrate }), cleanup: () => rm(dataDir, { recursive: true, force: true }) };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const schema = uniqueName('t');
      return {
        open: (migrate: boolean) => openStore({ databaseUrl: testDatabaseUrl, schema, migrate, poolSize: 3 }),
        cleanup: async () => {
          const store = await openStore({ databaseUrl: testDatabaseUrl, migrate: false, poolSize: 1 });
          await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await store.close();
        },
      };
    },
  ],
] as const)('a %s store from before the folded search', (_kind, prepare) => {
  it('is migrated when it opens: its cases, archived ones too, are found in any form', async () => {
    const { open, cleanup } = await prepare();
    try {
      const older = (await readMigrations()).filter((m) => !m.name.endsWith('_ledger_search_fold'));
      const old = await open(false);
      expect(await applyMigrations(old.sql, older)).toEqual(older.map((m) => m.name));
      // Rows as the release before wrote them (this release's client reads columns they lack).
      await old.sql.exec(`
        INSERT INTO "Source" (id, name, channel, definition, "updatedAt") VALUES ('src-old', '区长信箱', 'district_mailbox', '{}', now());
        INSERT INTO "Case" (id, "ledgerNo", title, channel, "primaryMessageId", category, state, "createdAt", "updatedAt")
        VALUES ('c1', 'YT-2026-000001', '東風路路燈不亮', 'district_mailbox', 'm1', '投诉', 'awaiting_review', now(), now()),
               ('c2', 'YT-2026-000002', '３号楼电梯停运', 'district_mailbox', 'm2', '求助', 'closed', now(), now());
        INSERT INTO "Message" (id, "sourceId", "siteId", channel, title, content, author, "contentHash", "caseId", "firstSeenAt", "lastSeenAt")
        VALUES ('m1', 'src-old', '1', 'district_mailbox', '東風路路燈不亮', '路燈壞了一個月。', '陳大明', 'h1', 'c1', now(), now()),
               ('m2', 'src-old', '2', 'district_mailbox', '３号楼电梯停运', 'ＡＢＣ物业不管。', NULL, 'h2', 'c2', now(), now());
        UPDATE "Case" SET "archivedAt" = now(), "archiveCategory" = '求助', "archiveVolume" = '2026-求助' WHERE id = 'c2';`);
      await old.close();

      const upgraded = await open(true);
      try {
        const found = async (q: string) => (await listCases(upgraded.db, { actor: egov, filter: { q } })).items.map((c) => c.ledgerNo).sort();
        expect(await found('东风路 路灯')).toEqual(['YT-2026-000001']);
        expect(await found('陈大明')).toEqual(['YT-2026-000001']);
        expect(await found('3号楼')).toEqual(['YT-2026-000002']);
        expect(await found('abc')).toEqual(['YT-2026-000002']);
        expect(await found('yt-2026-00000')).toEqual(['YT-2026-000001', 'YT-2026-000002']);
        // The archived case is still immutable, save for its reporter count.
        await expect(upgraded.sql.query(`UPDATE "Case" SET "title" = 'x' WHERE "id" = 'c2'`)).rejects.toThrow(/archived/);
        await upgraded.sql.query(`UPDATE "Case" SET "reporterCount" = "reporterCount" + 1 WHERE "id" = 'c2'`);
        // Rows written by raw SQL are folded by the database as well.
        await upgraded.sql.query(`UPDATE "Message" SET "content" = 'ＷｉＦｉ又斷了。' WHERE "id" = 'm1'`);
        expect(await found('wifi 断了')).toEqual(['YT-2026-000001']);
        expect(await applyMigrations(upgraded.sql)).toEqual([]);
      } finally {
        await upgraded.close();
      }
    } finally {
      await cleanup();
    }
  }, 120_000);
});
