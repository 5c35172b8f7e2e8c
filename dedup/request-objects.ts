/**
 * What a message asks for: the public facilities named as the object of a request verb (安装红绿灯,
 * 加装摄像头, 维修路灯 ...) or reported broken (路灯不亮, 电梯坏了, 下水道堵了: what a fault report
 * wants mended), each mapped to a class (信号灯 and 红绿灯 are one request). Used by
 * duplicate verification: two messages that both ask for facilities, and none in common, are two
 * requests even when written from one template (the same crossing, lights then cameras).
 * Rules, not a model, so every refusal can be explained by the two object lists.
 */
import { toSimplified, visibleText } from './normalize.js';

/** Facility nouns and their class. Longer spellings first, so the alternation takes the whole noun. */
const classes: [string, string[]][] = [
  ['信号灯', ['交通信号灯', '信号灯', '红绿灯', '交通灯']],
  ['监控', ['监控摄像头', '监控探头', '监控设备', '摄像头', '电子眼', '探头', '监控']],
  ['路灯', ['路灯', '街灯', '照明灯']],
  ['减速带', ['减速带', '减速坎', '减速垄']],
  ['公交站', ['公交站点', '公交车站', '公交站牌', '公交站', '候车亭', '站牌']],
  ['垃圾桶', ['垃圾桶', '垃圾箱']],
  ['护栏', ['隔离护栏', '隔离栏', '护栏', '栏杆']],
  ['斑马线', ['斑马线', '人行横道']],
  ['天桥', ['过街天桥', '人行天桥', '天桥']],
  ['厕所', ['公共厕所', '公厕', '厕所']],
  ['井盖', ['井盖']],
  ['标志牌', ['交通标志', '标志牌', '指示牌', '标识牌']],
  ['健身器材', ['健身器材', '健身设施']],
  ['电梯', ['电梯']],
  ['下水道', ['下水管道', '排水管道', '污水管道', '下水道', '排水管', '污水管', '下水管', '化粪池']],
];
const classOf = new Map<string, string>(classes.flatMap(([cls, nouns]) => nouns.map((n) => [n, cls] as [string, string])));
/** Bit of each class in a request mask; the index keeps masks in a Uint16Array, so at most 16 classes. */
const bitOf = new Map<string, number>(classes.map(([cls], i) => [cls, 1 << i]));
if (classes.length > 16) throw new Error('request-objects: more than 16 classes do not fit a 16-bit mask');
const nouns = [...classOf.keys()].sort((a, b) => b.length - a.length).join('|');

/** Request verbs whose object is the thing asked for. */
const verbs = '安装|加装|增设|增加|设置|设立|配置|配备|修建|兴建|建设|建立|修复|维修|修理|更换|拆除|整治|清理|恢复|开通|(?<!装)修(?![路道])|装(?![修置费])|换|拆';

// A verb, at most 6 characters of modifiers without punctuation or negation (尽快, 一个, 交通), then
// a chain of facility nouns. The chain's last noun is its head: 红绿灯摄像头 is a camera. A negation
// between them (修建的道路没有垃圾箱) means the noun is not what the verb acts on.
const request = new RegExp(`(?:${verbs})[^，。；！？、,.;:：!?\\s没不无]{0,6}?((?:${nouns})+)`, 'g');
const noun = new RegExp(nouns, 'g');
/**
 * A fault report names what it wants mended: a facility, then within 4 characters without
 * punctuation a fault (路灯不亮, 电梯坏了, 下水道堵了). Not a negated request (没有安装 is no fault).
 */
const faults = '坏|不亮|不工作|失灵|故障|堵|漏|破损|损坏|停运|不能用|无法使用|倒了|丢失|丢了';
const faultReport = new RegExp(`((?:${nouns})+)[^，。；！？、,.;:：!?\\s]{0,4}?(?:${faults})`, 'g');

/** Classes of the facilities a text asks for or reports broken (sorted, distinct); empty when it names none. */
export function requestObjects(text: string): string[] {
  const clean = toSimplified(visibleText(text));
  const found = new Set<string>();
  // Both patterns capture the chain of facility nouns; its last noun is the head.
  for (const pattern of [request, faultReport]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(clean); m; m = pattern.exec(clean)) {
      const chain = m[1]!.match(noun) ?? [];
      const head = chain[chain.length - 1];
      const cls = head === undefined ? undefined : classOf.get(head);
      if (cls !== undefined) found.add(cls);
    }
  }
  return [...found].sort();
}

/** A fingerprint's `requests` as a bit mask (one bit per class; unknown strings are ignored): 0 when none. */
export function requestMask(requests: readonly string[] | undefined): number {
  let mask = 0;
  for (const r of requests ?? []) mask |= bitOf.get(r) ?? 0;
  return mask;
}

/** True when both messages ask for facilities (masks from `requestMask`) and share none: two requests. */
export function requestsDiffer(a: number | undefined, b: number | undefined): boolean {
  return !!a && !!b && (a & b) === 0;
}
