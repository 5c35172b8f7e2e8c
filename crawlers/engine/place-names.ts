/**
 * Finding the scope's place names in a message with their name boundaries: Chinese runs words
 * together, so a name is only a substring, and a short one is often the tail or the middle of a
 * longer name of another place (新区 in 高新区, 区教育局 in 王益区教育局, 印台 in 打印台). A name
 * counts where no longer name covers it and no other district's name runs into it; see
 * crawlers/README.md (Scope) for the rules and why they lean towards keeping a message.
 */
import type { ScopeSpec } from '../source/schema.js';

/** Whose a name is: this district's, another district's, or a word that is no place of either. */
export type PlaceOwner = 'ours' | 'other' | 'neutral';

export interface PlaceName {
  /** The text searched for. */
  text: string;
  owner: PlaceOwner;
  /** The scope entry it stands for (王益区 for 王益), as reasons name it. */
  entry: string;
  /** Another district's short name (新区, 王益): counted only where a name can start, see {@link nameCanStart}. */
  short?: boolean;
  /** A full name of another district (王益区): a name of ours in an address starting with it is that district's place. */
  district?: boolean;
  /** One of this district's own names (印台区, 印台): never read as a place in another district's address. */
  ourDistrict?: boolean;
}

export interface PlaceHit {
  start: number;
  end: number;
  name: PlaceName;
}

/**
 * Words holding a name that are no place (打印台: a printing desk; 创新区域): they hide the names
 * inside them. A source adds its own with `scope.notPlaces`.
 */
const builtInNotPlaces = ['打印台', '创新区', '新区域', '更新区'];

/** Names around a district's that are neither ours nor another district's, and after which a name can start. */
const containers = ['陕西省', '陕西', '铜川市', '铜川'];

/** Characters after which a short name of another district can start (words that come before a place). */
const beforeName = new Set([...'在住是到于从往去回来至经由对向给和与及或跟同我你他她们的了个这那该本原属近即省市区县镇乡村、，。；：！？（）《》“”‘’']);

/** Characters that end a place's address: after one, a name of ours no longer reads as part of the other district's address. */
const outsideAddress = new Set([...beforeName].filter((c) => !'省市区县镇乡村'.includes(c)));

/**
 * Occurrences of one name looked at: the checks below compare hits pairwise, so a text of the
 * internet repeating a name thousands of times must not make the crawl quadratic. The first few
 * occurrences decide as well as all would.
 */
const occurrencesPerName = 16;

/** How far after another district's full name its address may run (宜君县彭镇西沟村). */
const addressReach = 6;

/** Other spellings of a town or street that people write: 陈炉镇 → 陈炉乡; 城关街道 → 城关街办, 城关街道办, 城关办事处; bare names of three or more characters (王石凹); not of an old town (陈炉古镇). */
function variants(name: string): string[] {
  const out = [name];
  const street = /^(.{2,})街道$/.exec(name)?.[1];
  const town = name.endsWith('古镇') ? undefined : /^(.{2,})[镇乡]$/.exec(name)?.[1];
  if (street) out.push(`${street}街办`, `${street}街道办`, `${street}办事处`);
  if (town) out.push(`${town}镇`, `${town}乡`);
  const bare = street ?? town;
  if (bare && bare.length >= 3) out.push(bare);
  return [...new Set(out)];
}

const cache = new WeakMap<ScopeSpec, PlaceName[]>();

/** Every name the scope knows, longest first (a longer name wins where two start at one place). */
export function placeNames(scope: ScopeSpec): PlaceName[] {
  const known = cache.get(scope);
  if (known) return known;
  const byText = new Map<string, PlaceName>();
  const add = (name: PlaceName): void => {
    // Ours wins over another district's name of the same spelling: a message is rather kept than lost.
    const there = byText.get(name.text);
    if (!there || (there.owner !== 'ours' && name.owner === 'ours')) byText.set(name.text, name);
  };
  for (const n of [...builtInNotPlaces, ...(scope.notPlaces ?? [])]) add({ text: n, owner: 'neutral', entry: n });
  for (const n of containers) add({ text: n, owner: 'neutral', entry: n });
  for (const d of scope.otherDistricts) {
    add({ text: d, owner: 'other', entry: d, short: d.length <= 2, district: d.length > 2 });
    const bare = /^(.{2,})[区县市]$/.exec(d)?.[1];
    if (bare && bare !== '新') add({ text: bare, owner: 'other', entry: d, short: true });
  }
  for (const n of scope.otherPlaces ?? []) add({ text: n, owner: 'other', entry: n, short: n.length <= 2 });
  for (const n of scope.district) add({ text: n, owner: 'ours', entry: n, ourDistrict: true });
  for (const n of scope.gazetteer) for (const v of variants(n)) add({ text: v, owner: 'ours', entry: n });
  const names = [...byText.values()].sort((a, b) => b.text.length - a.text.length);
  cache.set(scope, names);
  return names;
}

/** Whether a short name of another district can start at `at`: the text's start, after a non-Chinese character, after a word that comes before places (在, 住, 、) or after another name (铜川新区). */
function nameCanStart(text: string, at: number, ends: Set<number>): boolean {
  if (at === 0 || ends.has(at)) return true;
  const before = text.charAt(at - 1);
  return !/\p{Script=Han}/u.test(before) || beforeName.has(before);
}

/**
 * The place names a text holds, in order. An occurrence is left out when a longer one covers it
 * (新区 inside 高新区 when 高新区 is known; 印台 inside 打印台), when one of another owner that
 * starts earlier runs into it (区教育局 in 王益区教育局), when it is ours and part of an address
 * that starts with another district's full name (耀州区城关街道, 宜君县西南沟村: that district's
 * place; the address ends at punctuation or a word such as 和, 到, 在), or when it is a short
 * name of another district where no name can start (新区 in 高新区 when 高新区 is not known).
 * Names of this district are never left out for that last reason alone: a message wrongly dropped
 * is harder to notice than one wrongly kept.
 */
export function findPlaces(text: string, names: PlaceName[]): PlaceHit[] {
  const all: PlaceHit[] = [];
  for (const name of names) {
    let seen = 0;
    for (let at = text.indexOf(name.text); at >= 0 && seen < occurrencesPerName; at = text.indexOf(name.text, at + 1), seen += 1) all.push({ start: at, end: at + name.text.length, name });
  }
  const covered = (h: PlaceHit): boolean =>
    all.some((o) => o !== h && o.end - o.start > h.end - h.start && o.start <= h.start && h.end <= o.end);
  let hits = all.filter((h) => !covered(h));
  const ends = new Set(hits.map((h) => h.end));
  hits = hits.filter((h) => !h.name.short || nameCanStart(text, h.start, ends));
  const runInto = (h: PlaceHit): boolean =>
    hits.some((o) => o.name.owner !== h.name.owner && o.start < h.start && o.end > h.start && o.end < h.end);
  const afterOtherDistrict = (h: PlaceHit): boolean =>
    h.name.owner === 'ours' &&
    h.name.ourDistrict !== true &&
    hits.some((o) => {
      if (o.name.district !== true || o.end > h.start || h.start - o.end > addressReach) return false;
      const between = text.slice(o.end, h.start);
      return [...between].every((c) => /\p{Script=Han}/u.test(c) && !outsideAddress.has(c)) && !hits.some((m) => m.name.owner === 'ours' && m.start >= o.end && m.end <= h.start);
    });
  return hits.filter((h) => !runInto(h) && !afterOtherDistrict(h)).sort((a, b) => a.start - b.start || b.end - a.end);
}
