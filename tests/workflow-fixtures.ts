/**
 * Shared set-up of the workflow suites: a fresh PostgreSQL schema per test file, units, one actor
 * per role, and cases entered through the real intake (recordMessage + registerMessage).
 */
import { randomBytes } from 'node:crypto';
import type { Channel, CrawledMessage } from '../core/index.js';
import { openStore, recordMessage, ensureSource, registerMessage, type Store } from '../workflow/index.js';
import type { Actor } from '../workflow/users/index.js';

export const databaseUrl = 'postgresql://postgres@127.0.0.1:5432/test';

export interface Fixture {
  store: Store;
  schema: string;
  actors: {
    egov: Actor;
    office: Actor;
    leader: Actor;
    supervision: Actor;
    admin: Actor;
    roads: Actor;
    water: Actor;
  };
  units: { roads: string; water: string };
  close(): Promise<void>;
}

export async function openFixture(): Promise<Fixture> {
  const schema = `t_wf_${randomBytes(5).toString('hex')}`;
  const store = await openStore({ databaseUrl, schema, poolSize: 4 });
  await store.db.unit.createMany({
    data: [
      { id: 'u-roads', name: '区交通运输局', keywords: ['道路', '公交'] },
      { id: 'u-water', name: '区水务局', keywords: ['供水', '自来水'] },
    ],
  });
  const actor = (role: Actor['role'], username: string, unitId?: string): Actor => ({ userId: username, username, role, unitId });
  return {
    store,
    schema,
    actors: {
      egov: actor('egov_centre', 'egov'),
      office: actor('gov_office', 'office'),
      leader: actor('leader', 'leader'),
      supervision: actor('supervision', 'duchashi'),
      admin: actor('admin', 'admin'),
      roads: actor('unit', 'roads', 'u-roads'),
      water: actor('unit', 'water', 'u-water'),
    },
    units: { roads: 'u-roads', water: 'u-water' },
    async close() {
      await store.sql.exec(`DROP SCHEMA "${schema}" CASCADE`);
      await store.close();
    },
  };
}

let seq = 0;

/** Enters a message through intake and returns its case id (state awaiting_review). */
export async function newCase(
  f: Fixture,
  options: { title?: string; content?: string; channel?: Channel; category?: string; outOfScope?: boolean; complexity?: 'simple' | 'complex'; unit?: string | null; author?: string; url?: string } = {},
): Promise<{ caseId: string; messageId: string }> {
  seq += 1;
  const channel = options.channel ?? 'district_mailbox';
  await ensureSource(f.store.db, { id: `src-${channel}`, name: `测试来源 ${channel}`, channel });
  const crawled: CrawledMessage = {
    sourceId: `src-${channel}`,
    channel,
    siteId: `m-${seq}-${randomBytes(4).toString('hex')}`,
    title: options.title ?? `城关街道道路破损路灯不亮问题 ${seq}`,
    content: options.content ?? `我们小区门口的道路破损严重，晚上路灯不亮，行人出行不便，请尽快维修。编号${seq}-${randomBytes(3).toString('hex')}`,
    fetchedAt: new Date().toISOString(),
    ...(options.author ? { author: options.author } : {}),
    ...(options.url ? { url: options.url } : {}),
    ...(channel === 'forwarded' ? { forwarding: { originLevel: 'city' as const, forwardNo: `TC-${seq}` } } : {}),
  };
  const recorded = await recordMessage(f.store.db, crawled);
  const registered = await registerMessage(f.store.db, {
    messageId: recorded.messageId,
    classification: {
      category: options.category ?? '投诉',
      confidence: 0.8,
      outOfScope: { flagged: options.outOfScope ?? false, reasons: options.outOfScope ? [{ code: 'advertising', evidence: ['广告'] }] : [] },
      complexity: { value: options.complexity ?? 'simple' },
      urgency: { value: 'normal' },
      unit: { value: options.unit === undefined ? '区交通运输局' : options.unit },
    },
  });
  return { caseId: registered.caseId, messageId: recorded.messageId };
}

/** China time 10:00 on a date, as an instant. */
export function at(date: string, hour = 10): Date {
  return new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);
}
