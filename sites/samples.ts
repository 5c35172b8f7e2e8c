/**
 * Deterministic generated messages in the style of real citizen messages (text in text-pool.ts).
 * Same (count, seed) → same messages, so tests and benchmarks are repeatable.
 */
import type { SiteMessage } from './types.js';
import { authorForms, otherDistricts, outOfScope, surnames, topics, yintaiEstates, yintaiPlaces, yintaiRoads, yintaiSchools } from './text-pool.js';

/** A small seeded PRNG (core's mulberry32): numbers in [0, 1). */
import { beijingClock, seededRandom } from '../core/index.js';

export const createRng = seededRandom;

function pick<T>(rng: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Site-local time (UTC+8) as `YYYY-MM-DD HH:mm:ss`. */
export function formatSiteTime(ms: number): string {
  return beijingClock(ms);
}

/** Parses a site-local time back to epoch ms. */
export function parseSiteTime(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}+08:00`);
}

export interface MessageMix {
  /** Share of messages about other districts of 铜川 (city-mailbox scope filter). @default 0.15 */
  otherDistricts?: number;
  /** Share of out-of-scope-looking messages (adverts, cases in court ...). @default 0.08 */
  outOfScope?: number;
}

/** A template's {slot}s filled in (text-pool.ts names the slots); a slot not given reads as nothing. */
const fillSlots = (template: string, slots: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_m, key: string) => slots[key] ?? '');

/** The unit that answers a topic in a 印台区 town: the pool's town topics (城关街道办事处) go to that town's 办事处 or 人民政府. */
const unitInTown = (unit: string, town: string) => (unit === '城关街道办事处' ? (town.endsWith('镇') ? `${town}人民政府` : `${town}办事处`) : unit);

/** Topics that read naturally in any district (no 印台 landmark in their text). */
const portableTopics = topics.filter((t) => !/陈炉|王石凹|三里洞|印台|城关/.test([...t.titles, ...t.contents].join('')));

/** Generates one message body (no id, time or status) from a random draw. */
export function composeMessage(rng: () => number, mix: MessageMix = {}): Omit<SiteMessage, 'id' | 'postedAt' | 'status'> & { replyBody: string } {
  const roll = rng();
  const otherShare = mix.otherDistricts ?? 0.15;
  const oosShare = mix.outOfScope ?? 0.08;
  const author = pick(rng, authorForms).replace('{s}', pick(rng, surnames));
  const year = String(2020 + Math.floor(rng() * 7));
  const month = String(1 + Math.floor(rng() * 12));
  const day = String(1 + Math.floor(rng() * 28));
  if (roll < oosShare) {
    const item = pick(rng, outOfScope);
    const estate = pick(rng, yintaiEstates);
    const fill = (t: string) => t.replaceAll('{estate}', estate);
    return { title: fill(item.title), content: fill(item.content), type: item.type, author, district: '印台区', unit: '区政府办', replyBody: '经核实，您反映的事项不属于网民留言受理范围，请通过相应渠道依法处理。' };
  }
  const elsewhere = roll < oosShare + otherShare;
  const topic = pick(rng, elsewhere ? portableTopics : topics);
  let district = '印台区';
  let slots: Record<string, string>;
  let unit = topic.unit;
  if (elsewhere) {
    const other = pick(rng, otherDistricts);
    district = other.district;
    const town = pick(rng, other.towns);
    slots = {
      town: `${other.district}${town}`,
      community: pick(rng, ['东街社区', '新村社区', '中心社区', '北关社区']),
      village: pick(rng, ['东村', '西沟村', '中心村', '南塬村']),
      estate: pick(rng, other.estates),
      road: pick(rng, other.roads),
      school: `${other.district}${pick(rng, ['第一小学', '第三中学', '实验幼儿园'])}`,
    };
    unit = `${other.unitPrefix}${unit.replace(/^区/, '').replace('城关街道办事处', '街道办事处').replace('陈炉镇人民政府', '文旅局')}`;
  } else {
    const place = pick(rng, yintaiPlaces);
    const community = pick(rng, place.communities);
    slots = { town: place.town, community, village: community, estate: pick(rng, yintaiEstates), road: pick(rng, yintaiRoads), school: pick(rng, yintaiSchools) };
    unit = unitInTown(unit, place.town);
  }
  Object.assign(slots, { year, pastYear: String(2012 + Math.floor(rng() * 8)), nextYear: '2027', month, day });
  const fill = (template: string) => fillSlots(template, slots);
  const contentIndex = Math.floor(rng() * topic.contents.length);
  const title = fill(pick(rng, topic.titles.filter((_t, i) => i % topic.contents.length === contentIndex)));
  let content = fill(topic.contents[contentIndex] ?? '');
  // City mailboxes carry every district: say which one where the text alone would not.
  if (district !== '印台区' && !content.includes(district)) content = `${district}${content.startsWith('我') ? '居民，' : ''}${content}`;
  return { title, content, type: topic.type, author, district, unit, replyBody: fill(pick(rng, topic.replies)) };
}

/** The full official reply around a reply body, as district sites word it. */
export function wrapReply(author: string | undefined, body: string): string {
  const who = author && author !== '匿名' && author !== '网友' ? author : '网友';
  return `${who}：您好！您的留言已收悉。${body}感谢您对我区工作的关心和支持！`;
}

/**
 * `count` messages, newest first, ids descending from `100000 + count`. Base time is fixed
 * (2026-11-27 10:00 UTC+8) so output is fully deterministic. Roughly: the newest fifth is mostly
 * 待回复, the rest mostly 已办结 with replies.
 */
export function sampleMessages(count: number, seed = 1, mix: MessageMix = {}): SiteMessage[] {
  const rng = createRng(seed * 7919 + 17);
  const out: SiteMessage[] = [];
  const baseTime = parseSiteTime('2026-11-27 10:00:00');
  let time = baseTime;
  for (let i = 0; i < count; i++) {
    time -= Math.floor((1 + rng() * 14) * 3600_000 + rng() * 3600_000);
    const { replyBody, ...body } = composeMessage(rng, mix);
    const id = String(100000 + count - i);
    const fresh = i < count * 0.2;
    const r = rng();
    const status = fresh ? (r < 0.75 ? '待回复' : '办理中') : r < 0.8 ? '已办结' : r < 0.92 ? '办理中' : '待回复';
    const message: SiteMessage = { id, ...body, postedAt: formatSiteTime(time), status };
    if (status === '已办结') {
      message.replyText = wrapReply(body.author, replyBody);
      message.replyAt = formatSiteTime(Math.min(time + Math.floor((1 + rng() * 4) * 86400_000), baseTime));
    }
    out.push(message);
  }
  return out;
}

/**
 * Every 印台区 letter the demo mailbox can write, one per topic title and town (the first place of
 * each town's list, rotated), with the unit its reply comes from as the demo names it (区交通运输局,
 * a town's 办事处 or 人民政府): the fixed set that classifier/scripts/eval-units.ts checks the
 * unit suggestion against (sites/scripts/write-demo-letters.ts writes it as JSONL). Written for
 * this project: a check of the directory and the town rule on 印台区's place names, not real mail.
 */
export function demoLetters(): { title: string; content: string; unit: string }[] {
  const letters: { title: string; content: string; unit: string }[] = [];
  for (const topic of topics) {
    yintaiPlaces.forEach((place, p) => {
      const community = place.communities[p % place.communities.length]!;
      const slots: Record<string, string> = {
        town: place.town, community, village: community, estate: yintaiEstates[p % yintaiEstates.length]!, road: yintaiRoads[p % yintaiRoads.length]!,
        school: yintaiSchools[p % yintaiSchools.length]!, year: '2026', pastYear: '2019', nextYear: '2027', month: '3', day: '5',
      };
      const unit = unitInTown(topic.unit, place.town);
      topic.titles.forEach((title, i) => letters.push({ title: fillSlots(title, slots), content: fillSlots(topic.contents[i % topic.contents.length]!, slots), unit }));
    });
  }
  return letters;
}
