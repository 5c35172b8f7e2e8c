/**
 * The demo mailbox: a 区长信箱 look-alike ('paged-html') with 30 seeded messages, a new message
 * every few seconds and replies arriving over time, so a newcomer sees the system work offline.
 */
import { startEngine, type EngineSite } from './engine.js';
import { createRng, formatSiteTime, parseSiteTime, sampleMessages, wrapReply } from './samples.js';
import { pagedHtml } from './shapes/paged-html.js';
import type { RunningSite, SiteMessage } from './types.js';

export interface DemoSiteOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** A new message every intervalMs; replies come on about every second tick. @default 5000 */
  intervalMs?: number;
  seed?: number;
  /** Receives one Chinese line per event (new message, reply). @default none */
  log?: (line: string) => void;
  /** Stop adding messages once the site holds this many. @default 2000 */
  maxMessages?: number;
}

export type DemoSite = RunningSite & { stop(): void };

const demoReplies = [
  '经承办单位现场核实，您反映的问题属实，已安排专人限期整改，整改结果将及时向您反馈。',
  '您反映的问题已转交相关部门办理，相关部门已与您电话联系并说明了有关政策。',
  '经调查，相关问题已于近日处理完毕，如仍有疑问，可拨打区政府值班电话咨询。',
];

export async function startDemoSite(options: DemoSiteOptions = {}): Promise<DemoSite> {
  const seed = options.seed ?? 2026;
  const site: EngineSite = await startEngine(pagedHtml, {
    shape: 'paged-html',
    messages: shiftToNow(sampleMessages(30, seed, { otherDistricts: 0.05, outOfScope: 0.07 })),
    pageSize: 15,
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    seed,
    addMix: { otherDistricts: 0.05, outOfScope: 0.07 },
  });
  const log = options.log ?? (() => undefined);
  const rng = createRng(seed + 1);
  const maxMessages = options.maxMessages ?? 2000;
  let tick = 0;
  const step = () => {
    tick += 1;
    const all = site.messages();
    if (all.length < maxMessages) {
      const added = site.addMessage();
      log(`新来信 #${added.id}【${added.type}】${added.title}`);
    }
    if (tick % 2 === 0) {
      // The oldest open message moves on: 待回复 → 办理中 → 已办结 with a reply.
      const open = site.messages().filter((m) => m.status !== '已办结' && !m.replyText);
      const target = open[open.length - 1];
      if (target && target.status === '待回复') {
        site.update(target.id, { status: '办理中' });
        log(`状态变更 #${target.id} 待回复 → 办理中`);
      } else if (target) {
        const body = demoReplies[Math.floor(rng() * demoReplies.length)] ?? '';
        site.reply(target.id, wrapReply(target.author, body));
        log(`已答复 #${target.id} ${target.title}`);
      }
    }
  };
  const timer = setInterval(step, Math.max(50, options.intervalMs ?? 5000));
  timer.unref();
  const stop = () => clearInterval(timer);
  return {
    ...site,
    stop,
    close: async () => {
      stop();
      await site.close();
    },
  };
}

/** Moves generated times so the newest message is an hour old: the demo always looks current. */
function shiftToNow(messages: SiteMessage[]): SiteMessage[] {
  const newest = messages[0];
  if (!newest) return messages;
  const offset = Date.now() - 3600_000 - parseSiteTime(newest.postedAt);
  const shift = (t: string) => formatSiteTime(parseSiteTime(t) + offset);
  return messages.map((m) => ({ ...m, postedAt: shift(m.postedAt), ...(m.replyAt ? { replyAt: shift(m.replyAt) } : {}) }));
}
