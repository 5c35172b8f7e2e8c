/**
 * What the start-up repair of placeholder replies costs (workflow/intake/clear-placeholder-replies.ts,
 * run by the pipeline's start): the first start after an upgrade, which judges every stored reply
 * of up to 200 characters (messages and excluded letters) and clears the placeholders, against the
 * starts after it, which read the one StoreRepair row. Baseline, same run: counting the same rows
 * (`SELECT count(*)` of the replies the repair reads, both tables), the floor of reading them
 * without judging or writing. Each round puts the placeholders back (and drops the changes the
 * repair wrote), then times the baseline, the first start and the second start (median of 5), so
 * a burst of load from other jobs falls on all three.
 *
 * Messages: real letters and their real replies from ../shared/data (most replies are short
 * enough to be judged), a share of them given a placeholder as an older release stored it
 * (暂无回复, 正在办理中, —, 该信件正在办理中，请耐心等候。); `--excluded` excluded letters alike.
 * Written by SQL (createMany), since recording them through intake would drop the placeholders.
 *   npx tsx bench/placeholder-repair.ts [--messages 50000] [--excluded 5000] [--share 0.01] [--rounds 3] [--store pglite|postgres]
 * The embedded store by default (a temporary folder); postgres: a fresh schema on 127.0.0.1, dropped at the end.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { isReplyPlaceholder } from '../core/index.js';
import { loadRows } from '../dedup/eval/data.js';
import { openTestPgliteStore, openTestPostgresStore } from '../tests/helpers/services.js';
import { clearPlaceholderReplies, contentHashOf, ensureSource, placeholderClearedNote, placeholderRepairName } from '../workflow/index.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const messages = Number(arg('messages', '50000'));
const excluded = Number(arg('excluded', '5000'));
const share = Number(arg('share', '0.01'));
const rounds = Number(arg('rounds', '3'));
const kind = arg('store', 'pglite');
if (kind !== 'pglite' && kind !== 'postgres') throw new Error('--store: pglite 或 postgres');

const placeholders = ['暂无回复', '正在办理中', '—', '该信件正在办理中，请耐心等候。'];
const every = Math.max(1, Math.round(1 / share));
/** The placeholder the i-th row was stored with by the older release, if any. */
const placeholderOf = (i: number): string | undefined => (i % every === every - 1 ? placeholders[Math.floor(i / every) % placeholders.length] : undefined);

const real = (['jiamusi', 'dalian', 'beijing'] as const).flatMap((set) => loadRows(set) as (ReturnType<typeof loadRows>[number] & { reply?: string })[]);
const store = kind === 'postgres' ? await openTestPostgresStore() : await openTestPgliteStore();
const db = store.db;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = async (run: () => Promise<unknown>): Promise<number> => {
  const t = performance.now();
  await run();
  return performance.now() - t;
};

/** The rows the repair will judge: every reply of up to 200 characters, both tables. */
async function baseline(): Promise<number> {
  const [m] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Message" WHERE "replyText" IS NOT NULL AND char_length("replyText") <= 200`;
  const [e] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "ExcludedMessage" WHERE "replyText" IS NOT NULL AND char_length("replyText") <= 200`;
  return Number(m!.n) + Number(e!.n);
}

/** The i-th row's reply as the older release stored it. */
const storedReply = (i: number): string | null => placeholderOf(i) ?? real[i % real.length]!.reply ?? null;

/** As the older release left the store: every placeholder back (also the few real letters answered 无), no change or repair noted. */
async function toOlderRelease(): Promise<void> {
  await db.messageChange.deleteMany({ where: { note: placeholderClearedNote } });
  await db.storeRepair.deleteMany({ where: { name: placeholderRepairName } });
  const byText = new Map<string, number[]>();
  for (let i = 0; i < Math.max(messages, excluded); i++) {
    const text = storedReply(i);
    if (text !== null && isReplyPlaceholder(text)) byText.set(text, [...(byText.get(text) ?? []), i]);
  }
  for (const [text, rows] of byText) {
    await db.message.updateMany({ where: { sourceId: 'bench-src', siteId: { in: rows.filter((i) => i < messages).map((i) => `b${i}`) } }, data: { replyText: text } });
    await db.excludedMessage.updateMany({ where: { sourceId: 'bench-src', siteId: { in: rows.filter((i) => i < excluded).map((i) => `b${i}`) } }, data: { replyText: text } });
  }
}

async function fill(): Promise<void> {
  await ensureSource(db, { id: 'bench-src', name: '基准测试来源', channel: 'district_mailbox' });
  const when = new Date('2026-03-01T02:00:00Z');
  for (let at = 0; at < Math.max(messages, excluded); at += 1000) {
    const rows = Array.from({ length: 1000 }, (_, k) => at + k).map((i) => {
      const row = real[i % real.length]!;
      const text = { title: row.title, content: `${row.content}（${i}）` };
      return { i, text, replyText: storedReply(i), replyUnit: row.unit ?? null };
    });
    const data = rows.filter((r) => r.i < messages).map((r) => ({
      id: randomUUID(), sourceId: 'bench-src', siteId: `b${r.i}`, channel: 'district_mailbox' as const, title: r.text.title, content: r.text.content,
      replyUnit: r.replyUnit, replyText: r.replyText, contentHash: contentHashOf(r.text), firstSeenAt: when, lastSeenAt: when,
    }));
    if (data.length > 0) await db.message.createMany({ data });
    const kept = rows.filter((r) => r.i < excluded).map((r) => ({
      sourceId: 'bench-src', siteId: `b${r.i}`, channel: 'district_mailbox' as const, title: r.text.title, content: r.text.content,
      replyUnit: r.replyUnit, replyText: r.replyText, reason: '未提及印台区的地名或单位', firstSeenAt: when, lastSeenAt: when,
    }));
    if (kept.length > 0) await db.excludedMessage.createMany({ data: kept });
    process.stderr.write(`\r写入留言 ${Math.min(at + 1000, messages)}/${messages}，非本区留言 ${Math.min(at + 1000, excluded)}/${excluded}`);
  }
  process.stderr.write('\n');
}

const lines: string[] = [];
const ratios: { first: number; second: number }[] = [];
try {
  await fill();
  for (let round = 1; round <= rounds; round++) {
    await toOlderRelease();
    let judgedRows = 0;
    const baseMs = await ms(async () => (judgedRows = await baseline()));
    let result: Awaited<ReturnType<typeof clearPlaceholderReplies>> | undefined;
    const firstMs = await ms(async () => {
      result = await clearPlaceholderReplies(store, { onProgress: (n) => process.stderr.write(`\r第 ${round} 轮首次启动：已检查 ${n}/${judgedRows} 条`) });
    });
    process.stderr.write('\n');
    const seconds: number[] = [];
    for (let k = 0; k < 5; k++) {
      seconds.push(await ms(async () => {
        if ((await clearPlaceholderReplies(store)).ran) throw new Error('第二次启动又检查了一遍');
      }));
    }
    const secondMs = median(seconds);
    const r = result!;
    if (r.judged !== judgedRows) throw new Error(`检查了 ${r.judged} 条，应为 ${judgedRows} 条`);
    ratios.push({ first: firstMs / baseMs, second: secondMs / baseMs });
    lines.push(
      `| ${round} | ${judgedRows.toLocaleString('en')} | ${r.cleared} + ${r.clearedExcluded} | ${baseMs.toFixed(0)} | ${(firstMs / 1000).toFixed(2)} | ${secondMs.toFixed(1)} | ${(firstMs / baseMs).toFixed(1)} | ${(secondMs / baseMs).toFixed(3)} | ${(firstMs / secondMs).toFixed(0)} |`,
    );
  }
} finally {
  await store.close();
}
const load = loadavg().map((l) => l.toFixed(1)).join(' ');
process.stdout.write(
  [
    `${kind === 'postgres' ? 'PostgreSQL' : 'PGlite（内嵌数据库）'}：${messages.toLocaleString('en')} 条留言、${excluded.toLocaleString('en')} 条非本区留言，每 ${every} 条一条占位文字；负载 ${load}`,
    '| 轮 | 检查的回复 | 清除（留言 + 非本区） | 基线：数同样的行 ms | 首次启动 s | 第二次启动 ms（5 次中位数） | 首次/基线 | 第二次/基线 | 首次/第二次 |',
    '|---|---|---|---|---|---|---|---|---|',
    ...lines,
    `中位数：首次 ${median(ratios.map((r) => r.first)).toFixed(1)}x 基线，第二次 ${median(ratios.map((r) => r.second)).toFixed(3)}x 基线`,
  ].join('\n') + '\n',
);
