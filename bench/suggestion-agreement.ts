/**
 * 建议准确率 on the embedded store (PGlite) as the reviewed cases grow: the time of one request
 * before (measureSuggestionAgreement, every reviewed case read on each request) and after
 * (SuggestionAgreementCache: a check of the event log, then the figures kept), as a ratio in the
 * same run; also the first request after a review, which reads everything again.
 *   npx tsx bench/suggestion-agreement.ts [--n 2000,20000] [--rounds 5]
 * Each n gets a fresh PGlite store in a temporary folder (removed after): n reviewed cases with a
 * stored suggestion as the committed classifier gives it, decided over six months (9 in 10
 * registered, half of those assigned, 1 in 10 not accepted, a correction on 1 in 10), plus
 * n / 10 cases awaiting review and a copy linked to 1 in 20 cases. Checks that both give the same
 * figures.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadClassifier, loadUnitDirectory } from '../classifier/index.js';
import { measureSuggestionAgreement, openStore, SuggestionAgreementCache, syncUnits, type Store } from '../workflow/index.js';
import { registerCase } from '../workflow/cases/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const sizes = option('--n', '2000,20000').split(',').map(Number);
const rounds = Number(option('--rounds', '5'));

const texts = [
  { title: '小区供暖不热', content: '我们小区今年供暖温度一直只有十五度，多次找物业和热力公司都没有解决，请有关部门尽快处理。' },
  { title: '咨询医保缴费', content: '请问城乡居民医保今年什么时候开始缴费，在哪里可以缴？' },
  { title: '建议增设公交站点', content: '城关街道新建小区居民多，出行不便，建议增设公交站点。' },
  { title: '求助办理低保', content: '家里老人生病，生活困难，想申请低保，不知道怎么办，请帮助。' },
  { title: '高价回收旧手机', content: '本公司高价回收旧手机电脑，上门服务，联系电话见下。' },
  { title: '新华路路面破损', content: '新华路印台中学段路面破损，雨天积水严重，电动车经过很危险，请尽快修补。' },
];
const classifier = await loadClassifier();
const suggestions = texts.map((t) => JSON.parse(JSON.stringify(classifier.classify(t))) as Record<string, unknown> & { category: string; unit: { value: string | null } });
const categories = ['咨询', '建议', '投诉', '求助', '其他'];

async function seed(store: Store, n: number): Promise<string> {
  const db = store.db;
  await syncUnits(db, loadUnitDirectory());
  const units = await db.unit.findMany({ select: { id: true, name: true } });
  await db.source.create({ data: { id: 'bench', name: '基准来源', channel: 'district_mailbox', definition: {} } });
  const awaiting = Math.round(n / 10);
  let waitingCase = '';
  for (let start = 0; start < n + awaiting; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, n + awaiting - start) }, (_, k) => {
      const i = start + k;
      const s = suggestions[i % suggestions.length]!;
      const at = new Date(Date.UTC(2026, 4 + (i % 6), 1 + (i % 28), 2));
      const reviewed = i < n;
      const notAccepted = reviewed && i % 10 === 9;
      return { id: randomUUID(), i, s, at, reviewed, notAccepted, assigned: reviewed && !notAccepted && i % 2 === 0, decided: categories[(i * 7) % 13 < 10 ? categories.indexOf(s.category) : i % 5]! };
    });
    await db.message.createMany({
      data: rows.map((r) => ({ id: `m-${r.id}`, sourceId: 'bench', siteId: String(r.i), channel: 'district_mailbox' as const, title: texts[r.i % texts.length]!.title, content: texts[r.i % texts.length]!.content, contentHash: r.id, classification: r.s as object })),
    });
    await db.case.createMany({
      data: rows.map((r) => ({
        id: r.id,
        ledgerNo: `YT-2026-${String(r.i + 1).padStart(6, '0')}`,
        title: texts[r.i % texts.length]!.title,
        channel: 'district_mailbox' as const,
        primaryMessageId: `m-${r.id}`,
        category: r.reviewed ? r.decided : r.s.category,
        categoryConfirmed: r.reviewed && !r.notAccepted,
        state: !r.reviewed ? 'awaiting_review' : r.notAccepted ? 'not_accepted' : r.assigned ? 'assigned' : 'registered',
        unitId: r.assigned ? units[r.i % units.length]!.id : null,
        createdAt: r.at,
      })),
    });
    await store.sql.exec(`UPDATE "Message" SET "caseId" = substring("id" from 3) WHERE "caseId" IS NULL`);
    await db.event.createMany({
      data: rows.flatMap((r) => [
        { caseId: r.id, messageId: `m-${r.id}`, type: 'case_created', actor: 'system', at: r.at },
        ...(r.reviewed ? [{ caseId: r.id, type: r.notAccepted ? 'decide_not_accepted' : 'register', actor: 'egov', role: 'egov_centre', data: r.notAccepted ? { reasons: ['advertising'] } : { from: 'awaiting_review', to: 'registered' }, at: new Date(r.at.getTime() + 86_400_000) }] : []),
        ...(r.i % 20 === 0 ? [{ caseId: r.id, messageId: `m-${r.id}`, type: 'duplicate_linked', actor: 'system', at: r.at }] : []),
      ]),
    });
    await db.assignment.createMany({
      data: rows.filter((r) => r.assigned).map((r) => ({ caseId: r.id, unitId: units[r.i % units.length]!.id, assignedBy: 'office', assignedAt: new Date(r.at.getTime() + 2 * 86_400_000), assignedDate: '2026-06-01', workingDays: 2, originalDueDate: '2026-06-03', dueDate: '2026-06-03' })),
    });
    await db.correction.createMany({
      data: rows.filter((r) => r.reviewed && r.i % 10 === 3).map((r) => ({ messageId: `m-${r.id}`, caseId: r.id, field: 'urgency', suggested: 'normal', corrected: 'urgent', actor: 'egov', at: new Date(r.at.getTime() + 86_400_000) })),
    });
    const waiting = rows.find((r) => !r.reviewed);
    if (waiting) waitingCase = waiting.id;
  }
  return waitingCase;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

for (const n of sizes) {
  const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-bench-agreement-'));
  const store = await openStore({ dataDir: dir });
  try {
    process.stderr.write(`正在写入 ${n} 件已审核案件…\n`);
    const waitingCase = await seed(store, n);
    const cache = new SuggestionAgreementCache(store.db);
    const first = await timed(() => cache.measure());
    const before: number[] = [];
    const after: number[] = [];
    let old = first.value;
    // Alternating, so both see the same machine load.
    for (let r = 0; r < rounds; r++) {
      const o = await timed(() => measureSuggestionAgreement(store.db));
      before.push(o.ms);
      old = o.value;
      for (let k = 0; k < 4; k++) after.push((await timed(() => cache.measure())).ms);
    }
    const same = isDeepStrictEqual(await cache.measure(), old) && isDeepStrictEqual(await cache.measure({ from: '2026-07-01', to: '2026-08-31' }), await measureSuggestionAgreement(store.db, { from: '2026-07-01', to: '2026-08-31' }));
    // A review: the next request reads everything again.
    await registerCase(store.db, { caseId: waitingCase, category: '咨询', actor: { userId: 'egov', username: 'egov', role: 'egov_centre' } });
    const afterReview = await timed(() => cache.measure());
    const sameAfterReview = isDeepStrictEqual(afterReview.value, await measureSuggestionAgreement(store.db));
    const b = median(before);
    const a = median(after);
    process.stdout.write(
      `已审核 ${n} 件（PGlite）：之前每次请求 ${b.toFixed(0)} ms（中位数，${rounds} 次）；之后 ${a.toFixed(1)} ms（中位数，${after.length} 次），之前/之后 = ${(b / a).toFixed(0)} 倍；` +
        `首次请求 ${first.ms.toFixed(0)} ms，审核一件后的首次请求 ${afterReview.ms.toFixed(0)} ms（${(afterReview.ms / b).toFixed(2)} 倍于之前）；结果相同：${same && sameAfterReview ? '是' : '否'}；读取次数 ${JSON.stringify(cache.reads)}\n`,
    );
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
