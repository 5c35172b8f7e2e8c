/**
 * `minsheng cases list --search`: the ledger searched from the command line as the console's 台账
 * 搜索 does (ledger number or title, every word typed apart), on a real PostgreSQL store; a search
 * longer than the console takes is refused as a bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { ensureSource, recordMessage, registerMessage } from '../workflow/index.js';
import { plainSuggestion } from './helpers/ledger-suggestion.js';
import { openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';

const titles = ['广阳镇罗寨村巷道路灯坏了一个多月', '阿庄镇寺沟村巷道路灯坏了', '罗寨村垃圾清运不及时'];
let store: Awaited<ReturnType<typeof openTestPostgresStore>>;

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { env: { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent' }, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
  return { code, out, err };
}

beforeAll(async () => {
  store = await openTestPostgresStore();
  await ensureSource(store.db, { id: 'src-district', name: '印台区区长信箱', channel: 'district_mailbox' });
  for (const [i, title] of titles.entries()) {
    const { messageId } = await recordMessage(store.db, { sourceId: 'src-district', channel: 'district_mailbox', siteId: `m${i}`, title, content: `${title}，请尽快处理。第${i}封`, fetchedAt: new Date().toISOString() });
    await registerMessage(store.db, { messageId, classification: plainSuggestion });
  }
});

afterAll(async () => {
  await store?.close();
});

describe('minsheng cases list --search', () => {
  it('lists the cases whose title holds every word, or whose ledger number matches', async () => {
    const both = await cli(['cases', 'list', '--search', '罗寨村 路灯']);
    expect(both.code, both.err).toBe(0);
    expect(both.out).toContain(titles[0]);
    expect(both.out).not.toContain(titles[1]);
    expect(both.out).not.toContain(titles[2]);
    expect(both.out).toContain('共 1 件');

    const json = JSON.parse((await cli(['cases', 'list', '--json', '--search', '路灯'])).out) as { title: string; ledgerNo: string }[];
    expect(json.map((c) => c.title).sort()).toEqual([titles[0], titles[1]].sort());
    const byNumber = JSON.parse((await cli(['cases', 'list', '--json', '--search', json[0]!.ledgerNo.toLowerCase()])).out) as { ledgerNo: string }[];
    expect(byNumber.map((c) => c.ledgerNo)).toEqual([json[0]!.ledgerNo]);

    expect(await cli(['cases', 'list', '--search', '路灯 垃圾'])).toEqual({ code: 0, out: '没有符合条件的案件\n', err: '' });
  });

  it('prints a very long title clipped to one screen line, and whole with --json', async () => {
    // QA (hostile text): a 500-character title filled the screen with one case.
    const long = `阿庄镇${'长'.repeat(497)}`;
    const { messageId } = await recordMessage(store.db, { sourceId: 'src-district', channel: 'district_mailbox', siteId: 'long-title', title: long, content: '正文', fetchedAt: new Date().toISOString() });
    await registerMessage(store.db, { messageId, classification: plainSuggestion });
    const listed = await cli(['cases', 'list', '--search', '阿庄镇长长']);
    expect(listed.code, listed.err).toBe(0);
    const line = listed.out.split('\n').find((l) => l.includes('阿庄镇'))!;
    expect(line).toContain(`阿庄镇${'长'.repeat(56)}…`);
    expect(line).not.toContain('长'.repeat(58));
    const json = JSON.parse((await cli(['cases', 'list', '--json', '--search', '阿庄镇长长'])).out) as { title: string }[];
    expect(json.map((c) => c.title)).toEqual([long]);
  });

  it('refuses a search longer than the console takes', async () => {
    const long = await cli(['cases', 'list', '--search', '路'.repeat(101)]);
    expect(long.code).toBe(2);
    expect(long.err).toContain('--search 最多 100 个字');
  });

  it('lists only the overdue cases with --overdue, and the closed cases never reached with --unreached', async () => {
    // QA (year-end 归档): the console's 仅逾期 and 仅无法联系 had no command-line twin.
    const numberOf = async (title: string) => (JSON.parse((await cli(['cases', 'list', '--json', '--search', title])).out) as { ledgerNo: string }[])[0]!.ledgerNo;
    const late = await numberOf(titles[0]!);
    const closed = await numberOf(titles[2]!);
    await store.db.case.update({ where: { ledgerNo: late }, data: { state: 'assigned', dueDate: '2020-01-02' } });
    await store.db.case.update({ where: { ledgerNo: closed }, data: { state: 'closed' } });
    const overdue = JSON.parse((await cli(['cases', 'list', '--json', '--overdue'])).out) as { ledgerNo: string; daysLeft: number | null; reportedLateDays: number | null }[];
    expect(overdue.map((c) => c.ledgerNo)).toEqual([late]);
    // QA (README walk-through): the README promises `daysLeft` and `reportedLateDays` in `cases list --json`; they were missing.
    expect(overdue[0]!.daysLeft).toBeLessThan(0);
    expect(overdue[0]).toHaveProperty('reportedLateDays', null);
    const unreached = await cli(['cases', 'list', '--unreached']);
    expect(unreached.code, unreached.err).toBe(0);
    expect(unreached.out).toContain(closed);
    expect(unreached.out).not.toContain(late);
    expect(unreached.out).toContain('共 1 件');
    expect(await cli(['cases', 'list', '--overdue', '--search', '垃圾'])).toEqual({ code: 0, out: '没有符合条件的案件\n', err: '' });
  });
});
