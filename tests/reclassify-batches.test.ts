/**
 * `minsheng reclassify` writes each batch of cases in one transaction (PostgreSQL): the events of a
 * batch share one transaction id; a real `minsheng reclassify` process killed (SIGKILL) mid-run has
 * written whole batches only, in id order; a second run carries on and ends where an
 * uninterrupted run would, with one event per changed case and nothing left to change.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier, loadUnitDirectory, type Classifier } from '../classifier/index.js';
import { ensureSource, reclassifyAwaitingCases, recordMessage, registerMessage, storeReclassifyPort, syncUnits, type Actor } from '../workflow/index.js';
import { openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';
import { trainTinyModel } from './helpers/tiny-training-set.js';

const admin: Actor = { userId: 'a1', username: 'admin', role: 'admin' };
const topics: [string, string][] = [
  ['城关街道路灯不亮', '小区门口的路灯坏了一个月了，晚上出行很不安全，请尽快修复'],
  ['办理居住证需要什么材料', '请问在印台区办理居住证需要带什么材料，去哪个窗口办理'],
  ['建议增设公交站', '新建小区居民多，出行不便，建议增设一个公交站点'],
  ['小区停水三天', '已经停水三天了，物业不管，老人孩子生活困难，请有关部门帮忙解决'],
  ['工地夜间施工噪音扰民', '工地每天晚上十一点以后还在施工，噪音很大，严重影响居民休息'],
  ['申请低保的条件', '家里老人生病没有收入，想申请低保，请问需要什么条件，到哪里申请'],
];
const cases = 230;
const batch = 50;

type Store = Awaited<ReturnType<typeof openTestPostgresStore>>;
let dir: string;
let committed: Classifier;
let tiny: Classifier;
let tinyFile: string;

/** A fresh store with `cases` cases awaiting review, each with the committed model's suggestion. */
async function awaitingStore(): Promise<Store> {
  const store = await openTestPostgresStore();
  await syncUnits(store.db, loadUnitDirectory());
  await ensureSource(store.db, { id: 's', name: 's', channel: 'district_mailbox' });
  for (let i = 0; i < cases; i++) {
    const [title, content] = topics[i % topics.length]!;
    const text = { title: `${title}（${i}）`, content: `${content}。第 ${i} 号留言，门牌 ${i * 7 + 3} 号。` };
    const { messageId } = await recordMessage(store.db, { sourceId: 's', channel: 'district_mailbox', siteId: `m${i}`, ...text, fetchedAt: new Date().toISOString() });
    await registerMessage(store.db, { messageId, classification: committed.classify(text) });
  }
  return store;
}

/** Ids of the cases awaiting review, in id order (the order reclassify reads them). */
const awaitingIds = async (store: Store) => (await store.db.case.findMany({ where: { state: 'awaiting_review' }, orderBy: { id: 'asc' }, select: { id: true } })).map((c) => c.id);
/** The cases with a suggestion_updated event, and how many transactions wrote those events. */
async function written(store: Store): Promise<{ caseIds: string[]; events: number; transactions: number[] }> {
  const events = await store.db.event.findMany({ where: { type: 'suggestion_updated' }, select: { caseId: true } });
  const groups = await store.sql.query<{ n: string }>(`SELECT count(*) AS n FROM "Event" WHERE "type" = 'suggestion_updated' GROUP BY xmin::text ORDER BY min("id")`);
  return { caseIds: [...new Set(events.map((e) => e.caseId!))].sort(), events: events.length, transactions: groups.map((r) => Number(r.n)) };
}

function reclassify(store: Store, args: string[], onStderr?: (text: string, kill: () => void) => void): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  const env = { ...process.env, DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent', MINSHENG_DATA_DIR: dir };
  const child = spawn(process.execPath, ['bin/minsheng.js', 'reclassify', '--model', tinyFile, '--batch', String(batch), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => void (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => {
    err += b.toString();
    onStderr?.(err, () => child.kill('SIGKILL'));
  });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, out, err })));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-reclassify-batches-'));
  committed = await loadClassifier();
  ({ file: tinyFile, classifier: tiny } = trainTinyModel(dir));
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('reclassify in batches', () => {
  it('writes the changes of each batch in one transaction', { timeout: 180_000 }, async () => {
    const store = await awaitingStore();
    try {
      const ids = await awaitingIds(store);
      const summary = await reclassifyAwaitingCases(storeReclassifyPort(store.db, admin), { classifier: tiny, batchSize: batch });
      expect(summary.changed).toBeGreaterThan(cases / 2);
      const w = await written(store);
      expect(w.events).toBe(summary.changed);
      // One transaction per batch of 50 cases (each holding that batch's changed cases), not one per case.
      const expected = [0, 1, 2, 3, 4].map((b) => ids.slice(b * batch, (b + 1) * batch).filter((id) => summary.cases.some((c) => c.caseId === id && c.outcome === 'changed')).length).filter((n) => n > 0);
      expect(w.transactions).toEqual(expected);
    } finally {
      await store.close();
    }
  });

  it('killed mid-run, has written whole batches only, and a second run finishes the work', { timeout: 240_000 }, async () => {
    const store = await awaitingStore();
    try {
      const ids = await awaitingIds(store);
      const planned = await reclassifyAwaitingCases(storeReclassifyPort(store.db, admin), { classifier: tiny, batchSize: batch, dryRun: true });
      const changing = new Set(planned.cases.map((c) => c.caseId));

      let killedAfter = '';
      const first = await reclassify(store, [], (err, kill) => {
        if (!killedAfter && /已重新分类 \d+\/\d+ 件/.test(err)) {
          killedAfter = /已重新分类 (\d+)\/\d+ 件/.exec(err)![1]!;
          // A moment later: most often in the middle of the next batch's transaction.
          setTimeout(kill, 150);
        }
      });
      expect(first.signal).toBe('SIGKILL');
      expect(Number(killedAfter)).toBeGreaterThanOrEqual(batch);
      // Whole batches in id order: the changed cases among the first k batches, for some k ≥ the one reported.
      const done = await written(store);
      const k = [1, 2, 3, 4, 5].find((n) => {
        const head = ids.slice(0, n * batch).filter((id) => changing.has(id)).sort();
        return head.length === done.caseIds.length && head.every((id, i) => id === done.caseIds[i]);
      });
      expect(k, `written ${done.caseIds.length} cases: not whole batches`).toBeDefined();
      expect(k! * batch).toBeGreaterThanOrEqual(Number(killedAfter));
      expect(done.events).toBe(done.caseIds.length);

      const second = await reclassify(store, ['--json']);
      expect(second.code).toBe(0);
      const summary = JSON.parse(second.out) as { examined: number; changed: number; unchanged: number };
      expect(summary.examined).toBe(cases);
      expect(summary.changed).toBe(changing.size - done.caseIds.length);
      // Every planned change made once, and nothing left to change.
      const all = await written(store);
      expect(all.caseIds).toEqual([...changing].sort());
      expect(all.events).toBe(changing.size);
      const again = await reclassifyAwaitingCases(storeReclassifyPort(store.db, admin), { classifier: tiny, batchSize: batch, dryRun: true });
      expect(again.changed).toBe(0);
      // Progress is still reported after each batch.
      expect(second.err).toContain(`已重新分类 ${batch}/${cases} 件`);
      expect(second.err).toContain(`已重新分类 ${cases}/${cases} 件`);
    } finally {
      await store.close();
    }
  });
});
