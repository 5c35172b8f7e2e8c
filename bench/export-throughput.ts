/**
 * Export throughput: rows per second of `runExport` (CSV, XLSX, JSON, masked) against PostgreSQL,
 * per message (每条留言一行) and per case (每件一行), in the same run on the same store.
 *   NODE_OPTIONS=--expose-gc npx tsx bench/export-throughput.ts [--n 20000]
 * n cases; every fifth has one copy from the city mailbox (so n * 1.2 messages).
 * Needs PostgreSQL on 127.0.0.1 (the tests' `test` database; a fresh schema, dropped after).
 * Baseline measured in the same run: reading the same rows page by page without formatting or
 * writing (exportRowBatches into nothing); the ratio shows what formatting and writing cost.
 * Memory: peak heap growth during each export (run with NODE_OPTIONS=--expose-gc to measure after
 * collection); it should not grow with n, since rows stream page by page.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { openStore } from '../workflow/index.js';
import { exportRowBatches, runExport, type ExportFormat, type ExportRowKind } from '../workflow/exports/index.js';
import type { Actor } from '../workflow/users/index.js';

const args = process.argv.slice(2);
const nIndex = args.indexOf('--n');
const n = nIndex >= 0 ? Number(args[nIndex + 1]) : 20_000;
const schema = `bench_export_${Date.now().toString(36)}`;
const store = await openStore({ databaseUrl: 'postgresql://postgres@127.0.0.1:5432/test', schema, poolSize: 4 });
const actor: Actor = { userId: 'bench', username: 'bench', role: 'system' };

try {
  process.stderr.write(`正在写入 ${n} 条留言…\n`);
  await store.db.source.create({ data: { id: 'bench', name: '基准来源', channel: 'district_mailbox', definition: {} } });
  const categories = ['咨询', '建议', '投诉', '求助', '其他'];
  for (let start = 0; start < n; start += 2000) {
    const size = Math.min(2000, n - start);
    const cases = Array.from({ length: size }, (_, i) => ({ id: randomUUID(), ledgerNo: `YT-2026-${String(start + i + 1).padStart(6, '0')}`, i: start + i }));
    await store.db.message.createMany({
      data: cases.map((c) => ({
        id: `m-${c.id}`,
        sourceId: 'bench',
        siteId: String(c.i),
        channel: 'district_mailbox' as const,
        title: `关于第${c.i}号小区道路破损的问题`,
        content: `我是张建国，联系电话138${String(c.i).padStart(8, '0')}，身份证号610203199001011234。小区门口道路破损严重，雨天积水，请尽快修补。`.repeat(2),
        author: '张建国',
        contentHash: c.id,
        classification: { category: categories[c.i % 5], confidence: 0.9, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: '区交通运输局' }, explanation: ['道路', '破损'] },
      })),
    });
    await store.db.case.createMany({
      data: cases.map((c) => ({ id: c.id, ledgerNo: c.ledgerNo, title: `关于第${c.i}号小区道路破损的问题`, channel: 'district_mailbox' as const, primaryMessageId: `m-${c.id}`, category: categories[c.i % 5]!, state: 'registered', categoryConfirmed: true })),
    });
    await store.sql.exec(`UPDATE "Message" SET "caseId" = substring("id" from 3) WHERE "caseId" IS NULL`);
    // Every fifth case gets a copy from another channel, with another writer.
    const copied = cases.filter((c) => c.i % 5 === 0);
    await store.db.message.createMany({
      data: copied.map((c) => ({
        id: `c-${c.id}`,
        sourceId: 'bench',
        siteId: `copy-${c.i}`,
        channel: 'city_mailbox' as const,
        title: `关于第${c.i}号小区道路破损的问题`,
        content: `我是李桂兰，联系电话139${String(c.i).padStart(8, '0')}。小区门口道路破损严重，雨天积水，请尽快修补。`,
        author: '李桂兰',
        contentHash: `copy-${c.id}`,
        caseId: c.id,
        duplicateOfId: `m-${c.id}`,
        similarity: 0.9,
        classification: { category: categories[c.i % 5], confidence: 0.9, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: '区交通运输局' }, explanation: ['道路', '破损'] },
      })),
    });
    await store.db.case.updateMany({ where: { id: { in: copied.map((c) => c.id) } }, data: { reporterCount: 2 } });
  }

  const sink = () => new Writable({ write: (_chunk, _enc, cb) => cb() });
  const time = async (fn: () => Promise<number>) => {
    const t0 = performance.now();
    const rows = await fn();
    return { rows, seconds: (performance.now() - t0) / 1000 };
  };
  const perSecond = (r: { rows: number; seconds: number }) => Math.round(r.rows / r.seconds);
  const read = (rowsPer: ExportRowKind) =>
    time(async () => {
      let rows = 0;
      for await (const batch of exportRowBatches(store.db, { filter: { rowsPer }, actor, masked: true })) rows += batch.length;
      return rows;
    });
  const baseline = await read('message');
  process.stdout.write(`基线（每条留言一行，分页读取并组装行，不写出）：${baseline.rows} 行，${baseline.seconds.toFixed(2)} 秒，${perSecond(baseline)} 行/秒\n`);
  const caseRead = await read('case');
  process.stdout.write(
    `每件一行，分页读取并组装行，不写出：${caseRead.rows} 行（${caseRead.rows} 件），${caseRead.seconds.toFixed(2)} 秒，${perSecond(caseRead)} 行/秒；用时为每条留言一行的 ${(caseRead.seconds / baseline.seconds).toFixed(2)} 倍\n`,
  );
  const messageSeconds = new Map<ExportFormat, number>();
  for (const [format, rowsPer] of (['csv', 'json', 'xlsx'] as ExportFormat[]).flatMap((f) => [[f, 'message'], [f, 'case']] as [ExportFormat, ExportRowKind][])) {
    // With --expose-gc the heap is measured after collection, so lazy GC does not look like growth.
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let peak = heap0;
    const watch = setInterval(() => {
      gc?.();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 200);
    const r = await time(async () => (await runExport(store.db, { format, filter: { rowsPer }, masked: true, actor, via: 'cli', out: sink() })).rows);
    clearInterval(watch);
    if (rowsPer === 'message') messageSeconds.set(format, r.seconds);
    const versus = rowsPer === 'case' ? `，用时为同格式每条留言一行的 ${(r.seconds / messageSeconds.get(format)!).toFixed(2)} 倍` : '';
    process.stdout.write(
      `${format.toUpperCase()}（脱敏，${rowsPer === 'case' ? '每件一行' : '每条留言一行'}）：${r.rows} 行，${r.seconds.toFixed(2)} 秒，${perSecond(r)} 行/秒，为基线的 ${(baseline.seconds / r.seconds).toFixed(2)} 倍速度${versus}，堆内存峰值增加 ${Math.round((peak - heap0) / 1e6)} MB\n`,
    );
  }
} finally {
  await store.sql.exec(`DROP SCHEMA "${schema}" CASCADE`);
  await store.close();
}
