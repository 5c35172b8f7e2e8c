/**
 * The ledger search folds the words typed in code (core/search-fold.ts foldForSearch) and the
 * stored text in the database (function "search_fold" behind the generated columns Case.searchText
 * and Message.searchText, migration 20261210000000_ledger_search_fold): the two must agree on every
 * character, or a word typed would miss the text it names. Checked on both stores over every
 * character of the traditional/simplified table's blocks, the full-width and compatibility forms,
 * and ASCII; a change of OpenCC's table or of either side fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldForSearch } from '../core/search-fold.js';
import type { Store } from '../workflow/index.js';
import { openTestPgliteStore, openTestPostgresStore } from './helpers/services.js';

function range(from: number, to: number): string[] {
  const out: string[] = [];
  for (let c = from; c <= to; c++) out.push(String.fromCharCode(c));
  return out;
}

/** CJK (the table's blocks), compatibility ideographs, full-width and half-width forms, enclosed and squared forms, ASCII. */
const characters = [
  ...range(0x20, 0x7e),
  ...range(0x2460, 0x24ff),
  ...range(0x3000, 0x303f),
  ...range(0x3200, 0x33ff),
  ...range(0x3400, 0x9fff),
  ...range(0xf900, 0xfaff),
  ...range(0xff01, 0xffee),
];
const texts = ['３号楼２单元', '東風路的路燈壞了', 'ＡＢＣ小区 WiFi 密码', '１００％的水费', '陳大明（電話：１３９）', '第五条㈥', 'Ǆ Ⅻ ﬁ'];

describe.each([
  ['PGlite', openTestPgliteStore],
  ['PostgreSQL', openTestPostgresStore],
] as const)('search folding on %s', (_kind, open) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('folds every character as the code folds the words typed', async () => {
    const rows = await store.sql.query<{ c: string; folded: string }>(`SELECT c, search_fold(c) AS folded FROM unnest($1::text[]) AS c`, [characters]);
    expect(rows).toHaveLength(characters.length);
    const differ = rows.filter((r) => r.folded !== foldForSearch(r.c)).map((r) => `${r.c} U+${r.c.charCodeAt(0).toString(16)}: ${r.folded} / ${foldForSearch(r.c)}`);
    expect(differ).toEqual([]);
  });

  it('folds all the characters in one text as the code does (a character replaced is never replaced again)', async () => {
    const all = characters.join('');
    const rows = await store.sql.query<{ folded: string }>(`SELECT search_fold($1) AS folded`, [all]);
    expect(rows[0]!.folded === foldForSearch(all)).toBe(true);
  });

  it('folds whole texts alike: full-width, traditional, capitals', async () => {
    const rows = await store.sql.query<{ folded: string }>(`SELECT search_fold(t) AS folded FROM unnest($1::text[]) WITH ORDINALITY AS x(t, i) ORDER BY i`, [texts]);
    expect(rows.map((r) => r.folded)).toEqual(texts.map(foldForSearch));
    expect(rows.slice(0, 4).map((r) => r.folded)).toEqual(['3号楼2单元', '东风路的路灯坏了', 'abc小区 wifi 密码', '100%的水费']);
  });
});
