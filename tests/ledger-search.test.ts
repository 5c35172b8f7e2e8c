/**
 * The ledger's text search takes `%`, `_` and `\` literally (they are LIKE wildcards and escape),
 * on both stores: embedded PGlite and PostgreSQL; words typed apart must each be in the title or
 * the ledger number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSource, listCases, recordMessage, registerMessage, type Store } from '../workflow/index.js';
import { egovActor, plainSuggestion } from './helpers/ledger-suggestion.js';
import { openTestPgliteStore, openTestPostgresStore } from './helpers/services.js';

const suggestion = plainSuggestion;
const egov = egovActor;
const titles = ['水费一年上涨100%', '王家河_东段路灯不亮', '公示文件路径写成 C:\\docs 打不开', '小区门口道路破损'];

describe.each([
  ['PGlite', openTestPgliteStore],
  ['PostgreSQL', openTestPostgresStore],
] as const)('ledger search on %s', (_kind, open) => {
  let store: Store;
  const search = async (q: string) => (await listCases(store.db, { actor: egov, filter: { q } })).items.map((c) => c.title).sort();

  beforeAll(async () => {
    store = await open();
    await ensureSource(store.db, { id: 'src-district', name: '区长信箱', channel: 'district_mailbox' });
    for (const [i, title] of titles.entries()) {
      const { messageId } = await recordMessage(store.db, {
        sourceId: 'src-district',
        channel: 'district_mailbox',
        siteId: `m${i}`,
        title,
        content: `${title}。第${i}封，内容各不相同：${'甲乙丙丁'[i]}`,
        fetchedAt: new Date().toISOString(),
      });
      await registerMessage(store.db, { messageId, classification: suggestion });
    }
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
    const all = await listCases(store.db, { actor: egov });
    expect(all.total).toBe(4);
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
});
