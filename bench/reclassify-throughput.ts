/**
 * Bulk re-classification throughput (`minsheng reclassify`): cases per second against PostgreSQL.
 *   npx tsx bench/reclassify-throughput.ts [--n 3000]
 * Needs PostgreSQL on 127.0.0.1 (the tests' `test` database; a fresh schema, dropped after).
 * n real messages from ../shared/data (Dalian, used again when n exceeds the file), each its own case awaiting review with the
 * committed model's suggestion; a second model is trained on 2,000 Jiamusi rows. Baseline measured
 * in the same run: classifying the same messages with the second model alone, no store. Then the
 * re-classification with the second model (every case changes: the messages, the case and an
 * event each, a batch of 100 cases per transaction) and a second run with the same model (nothing
 * changes: read and compare). Before/after in the same run: the same re-classification on a second,
 * identical schema with one transaction per case (as before batching), as a ratio.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createClassifier, defaultSharedDataDir, loadClassifier, loadUnitDirectory, trainModel } from '../classifier/index.js';
import { applyNewSuggestion, openStore, reclassifyAwaitingCases, storeReclassifyPort, syncUnits, type ReclassifyStore, type Store } from '../workflow/index.js';

const args = process.argv.slice(2);
const nIndex = args.indexOf('--n');
const n = nIndex >= 0 ? Number(args[nIndex + 1]) : 3000;

function readRows(name: string, limit: number): { title: string; content: string; label: string }[] {
  const file = path.join(defaultSharedDataDir(), name);
  if (!existsSync(file)) return [];
  const rows: { title: string; content: string; label: string }[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (rows.length >= limit) break;
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { title?: string; content?: string; label?: string };
    if (r.title && r.content && r.label) rows.push({ title: r.title, content: r.content, label: r.label });
  }
  return rows;
}

// The Dalian file holds fewer rows than a large n: its rows are used again (each copy its own case).
const real = readRows('dalian-train.jsonl', n);
// Without the shared data: one synthetic text (the figures then say little about what changes).
const messages = Array.from({ length: n }, (_, i) =>
  real.length > 0 ? real[i % real.length]! : { title: `小区供暖不热${i}`, content: '我们小区今年供暖温度一直只有十五度，多次找物业和热力公司都没有解决，请有关部门尽快处理。', label: '投诉' },
);
process.stderr.write(`留言：大连 ${real.length} 条${real.length < n ? `，循环使用到 ${n} 条` : ''}\n`);
const committed = await loadClassifier();
process.stderr.write('正在训练第二个模型（2,000 条佳木斯留言）…\n');
const training = readRows('jiamusi-train.jsonl', 2000);
const second = createClassifier(trainModel(training.length >= 20 ? training : messages, { epochs: 3 }));

const schema = `bench_reclassify_${Date.now().toString(36)}`;
const store = await openStore({ databaseUrl: 'postgresql://postgres@127.0.0.1:5432/test', schema, poolSize: 4 });
// The same cases in a second schema, re-classified one transaction per case (before batching).
const perCaseStore = await openStore({ databaseUrl: 'postgresql://postgres@127.0.0.1:5432/test', schema: `${schema}_per_case`, poolSize: 4 });

async function seed(store: Store): Promise<void> {
  await syncUnits(store.db, loadUnitDirectory());
  const units = new Map((await store.db.unit.findMany()).map((u) => [u.name, u.id]));
  await store.db.source.create({ data: { id: 'bench', name: '基准来源', channel: 'district_mailbox', definition: {} } });
  process.stderr.write(`正在写入 ${n} 件待审核分类的案件…\n`);
  for (let start = 0; start < n; start += 1000) {
    const rows = messages.slice(start, start + 1000).map((m, i) => ({ id: randomUUID(), i: start + i, m, s: committed.classify(m) }));
    await store.db.message.createMany({
      data: rows.map((r) => ({ id: `m-${r.id}`, sourceId: 'bench', siteId: String(r.i), channel: 'district_mailbox' as const, title: r.m.title, content: r.m.content, contentHash: r.id, classification: JSON.parse(JSON.stringify(r.s)) as object })),
    });
    await store.db.case.createMany({
      data: rows.map((r) => ({
        id: r.id,
        ledgerNo: `YT-2026-${String(r.i + 1).padStart(6, '0')}`,
        title: r.m.title,
        channel: 'district_mailbox' as const,
        primaryMessageId: `m-${r.id}`,
        category: r.s.category,
        outOfScope: r.s.outOfScope.flagged,
        outOfScopeReasons: JSON.parse(JSON.stringify(r.s.outOfScope.reasons)) as object,
        complexity: r.s.complexity.value,
        urgency: r.s.urgency.value,
        unitId: (r.s.unit.value && units.get(r.s.unit.value)) ?? null,
        state: 'awaiting_review',
      })),
    });
    await store.sql.exec(`UPDATE "Message" SET "caseId" = substring("id" from 3) WHERE "caseId" IS NULL`);
  }
}

try {
  await seed(store);
  await seed(perCaseStore);
  const t0 = performance.now();
  for (const m of messages) second.classify(m);
  const classifySeconds = (performance.now() - t0) / 1000;
  const port = storeReclassifyPort(store.db, { userId: 'bench', username: 'bench', role: 'admin' });
  const run = async () => {
    const start = performance.now();
    const summary = await reclassifyAwaitingCases(port, { classifier: second });
    return { summary, seconds: (performance.now() - start) / 1000 };
  };
  // Before batching: the same work, each case applied in its own transaction.
  const perCasePort: ReclassifyStore = {
    ...storeReclassifyPort(perCaseStore.db, { userId: 'bench', username: 'bench', role: 'admin' }),
    apply: async (cases, dryRun) => {
      const results = [];
      for (const c of cases) results.push(await applyNewSuggestion(perCaseStore.db, { ...c, dryRun, actor: { userId: 'bench', username: 'bench', role: 'admin' } }));
      return results;
    },
  };
  const perCaseStart = performance.now();
  const perCase = await reclassifyAwaitingCases(perCasePort, { classifier: second });
  const perCaseSeconds = (performance.now() - perCaseStart) / 1000;
  const changing = await run();
  const unchanged = await run();
  const rate = (count: number, seconds: number) => Math.round(count / seconds);
  const base = rate(n, classifySeconds);
  const report = (what: string, r: Awaited<ReturnType<typeof run>>) =>
    `${what}：${r.summary.examined} 件（改变 ${r.summary.changed}），${r.seconds.toFixed(1)} 秒，${rate(r.summary.examined, r.seconds)} 件/秒，为单纯分类的 ${(rate(r.summary.examined, r.seconds) / base).toFixed(3)} 倍\n`;
  process.stdout.write(`单纯分类（第二个模型，不读写数据库）：${n} 条，${classifySeconds.toFixed(1)} 秒，${base} 条/秒\n`);
  process.stdout.write(`重新分类，逐件一个事务（批量化之前）：${perCase.examined} 件（改变 ${perCase.changed}），${perCaseSeconds.toFixed(1)} 秒，${rate(perCase.examined, perCaseSeconds)} 件/秒\n`);
  process.stdout.write(report('重新分类（每件都改变，每批 100 件一个事务）', changing));
  process.stdout.write(`批量/逐件 = ${(perCaseSeconds / changing.seconds).toFixed(2)} 倍（同一次运行，同样的案件）\n`);
  process.stdout.write(report('再次运行（无改变，只读取比较）', unchanged));
  const unitsDiffer = messages.filter((m) => committed.classify(m).unit.value !== second.classify(m).unit.value).length;
  process.stdout.write(`（两个模型建议的承办单位不同的留言 ${unitsDiffer} 条）\n`);
  process.stdout.write(`类别改变 ${changing.summary.fields.category} 件，承办单位改变 ${changing.summary.fields.unit} 件\n`);
} finally {
  for (const [s, name] of [[store, schema], [perCaseStore, `${schema}_per_case`]] as const) {
    await s.sql.exec(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await s.close();
  }
}
