/**
 * `minsheng train --from-store`: the categories staff confirmed or corrected in review become
 * training data (issue 4: "staff corrections become training data").
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFile } from '../classifier/index.js';
import { main } from '../cli/main.js';
import { ensureSource, recordMessage, registerCase, registerMessage, type Actor } from '../workflow/index.js';
import { openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';
import { writeTinyTrainingSet } from './helpers/tiny-training-set.js';

const egov: Actor = { userId: 'u1', username: 'egov', role: 'egov_centre' };
let store: Awaited<ReturnType<typeof openTestPostgresStore>>;
let dir: string;

beforeAll(async () => {
  store = await openTestPostgresStore();
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-train-'));
  await ensureSource(store.db, { id: 's', name: 's', channel: 'district_mailbox' });
  const texts = [
    ['印台区哪里可以办理居住证', '请问在印台区办理居住证需要带什么材料，去哪个窗口办理？'],
    ['建议在城关街道增设公交站', '城关街道新建小区居民多，出行不便，建议增设一个公交站点。'],
  ];
  for (const [i, [title, content]] of texts.entries()) {
    const { messageId } = await recordMessage(store.db, { sourceId: 's', channel: 'district_mailbox', siteId: `m${i}`, title: title!, content: content!, fetchedAt: new Date().toISOString() });
    const { caseId } = await registerMessage(store.db, {
      messageId,
      classification: { category: '投诉', confidence: 0.5, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: null } },
    });
    // Staff correct the suggestion 投诉 to what the message really is.
    await registerCase(store.db, { caseId, category: i === 0 ? '咨询' : '建议', actor: egov });
    // The office changed the suggested unit at 拟办 (the row proposeHandling records).
    if (i === 1) await store.db.correction.create({ data: { messageId, caseId, field: 'unit', suggested: '区住建局', corrected: '区交通局', actor: 'office' } });
  }
  await writeTinyTrainingSet(path.join(dir, 'base.jsonl'));
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('minsheng train --from-store', () => {
  it('adds the reviewed cases and their corrections to the training data and writes a model', async () => {
    let err = '';
    let out = '';
    const code = await main(['train', '--data', path.join(dir, 'base.jsonl'), '--from-store', '--output', path.join(dir, 'model.json.gz')], {
      env: { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent', MINSHENG_DATA_DIR: dir },
      io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
    });
    expect(code, err).toBe(0);
    expect(err).toContain('台账中审核过分类的留言 2 条（每条按 2 倍权重计；其中工作人员更正分类 2 次）');
    expect(err).toContain('工作人员拟办时更正承办单位 1 次');
    // The weight is a weight: the reviewed rows are used once each, none "skipped" as repeats.
    expect(err).toContain('提取特征：32 条（其中加权 2 条）\n');
    expect(out).toMatch(/模型已写出/);
    expect(out).toContain('用于训练的留言 32 条');
    // How to put the model to use: a restart with MINSHENG_MODEL; queued cases keep their suggestions.
    expect(out).toContain(`MINSHENG_MODEL=${path.join(dir, 'model.json.gz')}`);
    expect(out).toContain('已在分类审核队列中的案件保留原来的分类建议');
    expect(await readdir(dir)).toContain('model.json.gz');
    // The district's rows train as a source of their own (a class bias dropped at prediction, as each shared site's).
    const model = readModelFile(path.join(dir, 'model.json.gz'));
    expect(model.training.bySource['本区台账']).toBe(2);
  });

  it('refuses to write the model over one of its --data files', async () => {
    let err = '';
    const data = path.join(dir, 'base.jsonl');
    const before = await readFile(data, 'utf8');
    const code = await main(['train', '--data', data, '--output', data], {
      env: { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent', MINSHENG_DATA_DIR: dir },
      io: { stdout: () => {}, stderr: (t) => void (err += t) },
    });
    expect(code).toBe(2);
    expect(err).toContain(`--output ${data} 与 --data ${data} 是同一个文件`);
    expect(await readFile(data, 'utf8')).toBe(before);
  });
});
