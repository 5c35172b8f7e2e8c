/**
 * The signals the urgency suggestion reads (第四条㈡ 紧急程度), each a general pattern of what makes
 * a message urgent under the labelling policy of scripts/sample-urgency-labels.ts: a danger to
 * life, health or safety now (structures, lifts, manholes, gas, fire, electricity, floods, sewage,
 * ice, violence), a vulnerable person at risk, a household's water, power or heat lost now, a
 * deadline that decides a right, many households at once; and what speaks against it (a proposal,
 * a question, a feared or long-standing risk). Pure: a message in, named 0/1 signals and the words
 * that matched out. suggestions.ts weighs them (weights fitted by scripts/fit-urgency.ts).
 */
import { prefiltered, TextChars, type Prefiltered } from './required-chars.js';

/** Names of the signals, in the order of the fitted weights. */
export const urgencySignalNames = [
  'waterCut',
  'powerCut',
  'heatNone',
  'heatWeak',
  'roomAt12OrLess',
  'roomAt15OrLess',
  'coldMadeIll',
  'vulnerable',
  'ongoingNow',
  'manyHouseholds',
  'structureFailing',
  'loadBearingRemoved',
  'fallingOrSwaying',
  'liftDanger',
  'manholeOpen',
  'gasLeak',
  'fireNow',
  'hazardousGoods',
  'electricHazard',
  'floodingHome',
  'sewageInHome',
  'burstPipe',
  'iceFromLeak',
  'peopleFell',
  'violence',
  'careRefused',
  'deadline',
  'demolitionImminent',
  'accessCut',
  'haste',
  'proposal',
  'question',
  'dangerSaid',
  'fearedRisk',
  'longStanding',
] as const;
export type UrgencySignalName = (typeof urgencySignalNames)[number];

/** Words each signal matches; a signal is on when its pattern (or its test) finds one. */
const patterns: Partial<Record<UrgencySignalName, RegExp>> = {
  waterCut: /停水(?![通费])|断水|没水(?![费表])|没有水(?!费)|无水可用|吃不上水|吃不到水|没有自来水|水[^，。！？]{0,3}(停了|断了)/g,
  powerCut: /停电(?![通费])|断电|没电(?![费表梯])|没有电(?![费表梯])|电[^，。！？]{0,2}(停了|断了)/g,
  heatNone:
    /(没有|无|未|不|迟迟不|迟迟没有?)(给)?(供暖|供热|开栓)(?![费办公站期])|停止(全楼)?(供暖|供热)|停暖|停热|断热|暖气[^，。！？]{0,8}(冰凉|凉的|是凉|凉水|没有温度|没温度|一点(温度|热乎气)?都?没有|不热乎)|没有热乎气|都是凉水|温度冰人/g,
  heatWeak: /(供暖|供热|暖气|室温|屋里|屋内|家里|室内)[^。！？]{0,10}(不热|不达标|很冷|太冷|特别冷|冷得|冷的)|冻(手|得|的)|穿(着)?(棉袄|棉裤|棉衣|羽绒服)|盖被/g,
  coldMadeIll: /(冻|冷|温度|暖气|供热|供暖)[^。！？]{0,24}(感冒|生病|病了|发烧|病倒|冻病)/g,
  vulnerable: /孩子|小孩|婴儿|幼儿|新生儿|刚满月|满月|老人|老年人|孕妇|病人|患者|残疾|瘫痪|[7-9][0-9]岁|[七八九]十多?岁/g,
  ongoingNow:
    /至今|到现在|现在还|目前仍|仍然|依然|还在|昨天|昨晚|今天|今早|当天|连续|(已经?|长达|快|近|都)[^，。！？]{0,4}[\d一二三四五六七八九十几两]{1,3}多?(天|日|周|个?星期|个多?月)|[\d一二三四五六七八九十几两]{1,3}多?(天|日|周|个?星期)(了|之久|都|没|未)/g,
  manyHouseholds:
    /整栋|整幢|整个楼|全楼|整个单元|整个小区|全小区|全体(业主|住户|居民)|(\d{2,4}|几十|上百|数百|[二三四五六七八九十百千]{1,3})多?户|[两三四五六七八九十几]栋楼|几个单元/g,
  structureFailing:
    /(墙|墙体|墙面|墙皮|外墙|楼体|楼房|房屋|房子|屋顶|棚顶|房顶|房盖|阳台|凉台|地基|主体|房檐|屋檐|天花板|楼板)[^，。！？]{0,8}(开裂|裂缝|裂纹|裂痕|裂开|大缝|脱落|掉落|下沉|倾斜|塌|变形|松动|起壳|凸起|下落)|危房|倒塌|坍塌|塌陷|快(要)?(倒|塌)|随时(可能|会|都)?[^，。！？]{0,6}(倒|塌|掉|砸|坠)|(损害|破坏|危及|影响)[^，。！？]{0,6}(地基|楼体|主体结构|房屋结构)/g,
  loadBearingRemoved: /(砸|拆|刨|打通|凿|挖)[^。！？]{0,8}(承重|主墙|防火墙|地基)|(承重墙|主墙)[^。！？]{0,6}(砸|拆|刨|打通|凿)/g,
  fallingOrSwaying:
    /塔吊|高空抛物|(大树|树木|树干|树枝|电线杆|线杆|广告牌|招牌|牌匾|脚手架|围挡|石头)[^，。！？]{0,8}(倒|歪|倾斜|摇|断|松动|掉|滚)|砸(到|伤|中|死)/g,
  liftDanger: /电梯[^。！？]{0,24}(下滑|滑梯|溜梯|坠|失控|困人|被困|夹人|摇晃|蹲底|冲顶)|(下滑|滑梯|溜梯|坠梯)/g,
  manholeOpen:
    /(井盖|马葫芦盖?|窨井|下水井)[^，。！？]{0,8}(丢|没有|没了|缺|坏|破|损|碎|塌|陷|翻|脱离|被盗|敞)|(丢|缺|没有)[^，。！？]{0,4}(井盖|马葫芦盖)/g,
  gasLeak: /(燃气|煤气|天然气)[^，。！？]{0,4}(泄漏|泄露|漏)|漏气|(煤气|燃气|天然气)味/g,
  fireNow: /着火|起火|失火|冒烟|浓烟|大火|爆炸/g,
  hazardousGoods: /易燃易爆|危险品|危化品|化学品|炸药|烟花爆竹[^，。！？]{0,6}(存放|储存|仓库|堆)/g,
  electricHazard:
    /漏电|触电|带电|连电|电线[^，。！？]{0,8}(裸露|掉|脱落|断|泡|耷拉|垂|打火)|(灯|电线|插座|电表|电箱|线路)[^，。！？]{0,6}(进水|里[^，。！？]{0,3}水|泡水)|高压线[^，。！？]{0,8}(断|掉|低|垂)/g,
  floodingHome:
    /被淹|淹了|水淹|淹没|倒灌|(水|雨水|污水|洪水)[^，。！？]{0,6}(进屋|进家|灌进|没过|漫进|淹)|进水[^，。！？]{0,4}(不能用|泡)|内涝|洪水|决口|(大坝|堤坝|堤)[^，。！？]{0,4}(坏|溃|决)/g,
  sewageInHome:
    /(污水|脏水|下水|粪水|厕所水|粪便)[^。！？]{0,14}(上涌|上返|上反|返到|反到|冒出|涌出|漫到|流到|返出)|地漏[^，。！？]{0,6}(返|冒|反)/g,
  burstPipe: /喷水|爆裂|爆管|(管|管道|管子)[^，。！？]{0,4}(爆|裂开|破裂|崩)|跑水/g,
  iceFromLeak: /(漏水|跑水|冒水|泛水)[^。！？]{0,20}(结冰|冰)|结冰[^。！？]{0,10}(摔|滑)/g,
  peopleFell: /摔倒|摔伤|摔了|滑倒|绊倒|崴脚|跌倒|摔(好|过)?几(次|回)|摔断/g,
  violence:
    /殴打|打伤|被打|打人|砍(伤|人|了)|持刀|带刀|拿刀|带枪|持枪|威胁(我|他|她|我们|业主|村民|居民|顾客|工人|老人|孩子|学生)|恐吓|扬言|行凶|伤人|拳打脚踢/g,
  careRefused: /(无法|不能|不给|拒绝|没法)[^，。！？]{0,4}(住院|治疗|救治|手术|抢救|用药)|病危|停药|断药|救命/g,
  deadline:
    /明天|明日|后天|截止|最后期限|就剩[^，。！？]{0,4}天|(\d{1,2}月\d{1,2}[日号]|\d{1,2}[日号])(之前|前|以前)|马上(就|要)?(开学|考试|入学|截止|到期)/g,
  demolitionImminent: /强拆|强制拆除|(明天|后天|马上|即将|今天)[^。！？]{0,8}(拆|断水|断电|清场|停供)/g,
  accessCut: /(出不去|进不来|无法出入|无法通行|堵死|封死|砌死)/g,
  haste: /紧急|急需|十万火急|情况紧急|救救|很急|非常急|万分火急|急！|急!/g,
  proposal: /建议|希望增设|望采纳|能否(增设|开通|延长|调整)|呼吁/g,
  question: /请问|咨询|怎么办理|如何办理|需要什么(手续|材料)|多少钱/g,
  fearedRisk: /如果|万一|一旦|假如|难免|容易(引发|造成|发生|出现)|隐患|后果不堪设想|担心/g,
  longStanding: /多年|常年|长期|年年|每年|好几年|几年了|(\d{1,2}|[二三四五六七八九十两几多]{1,3})年(了|来|之久|多了|都|没|未)/g,
  dangerSaid: /(?<![不没无])危险|危及|生命安全|人身安全|出人命|出大事|性命/g,
};

/** A temperature said of a room (室温 16度, 屋里才十二度), not of the air outside, the water or a fever. */
const temperature = /(?<![\d.])(\d{1,3}(?:\.\d)?|[一二三四五六七八九十]{1,3})\s*(?:度|℃|摄氏度)/g;
const roomContext = /室温|室内|屋里|屋内|屋子|家里|家中|房间|温度|测温/;
const otherContext = /零下|室外|外面|气温|水温|供水|回水|出水|进水|体温|发烧|烧到|供回/;

function chineseNumber(s: string): number {
  if (/^\d/.test(s)) return Number(s);
  const digit = (c: string) => '一二三四五六七八九'.indexOf(c) + 1;
  const at = s.indexOf('十');
  if (at < 0) return digit(s[0]!);
  const tens = at === 0 ? 1 : digit(s[at - 1]!);
  const ones = s[at + 1] ? digit(s[at + 1]!) : 0;
  return tens * 10 + ones;
}

/** The lowest room temperature the message states (°C), with the words that said it; null when none. */
function lowestRoomTemperature(text: string): { value: number; words: string } | null {
  let best: { value: number; words: string } | null = null;
  for (const m of text.matchAll(temperature)) {
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    const clause = before.split(/[。！？；]/).pop() ?? '';
    if (!roomContext.test(clause) || otherContext.test(clause)) continue;
    // 156度 is a typo of 15、16度; 15-16度 is read as its lower end.
    let raw = m[1]!;
    if (/^\d{3}$/.test(raw)) {
      if (Number(raw[2]) !== Number(raw[1]) + 1) continue;
      raw = raw.slice(0, 2);
    }
    const value = chineseNumber(raw);
    if (!(value >= 0 && value <= 25)) continue;
    if (!best || value < best.value) best = { value, words: `${clause.slice(-4)}${m[0]}` };
  }
  return best;
}

/**
 * Number-first alternatives (十多天了, 50多户, 三年了, 80岁, 5号前) tested from their unit: a regex
 * that opens with a character class is tried at every position of the text, and four of them cost
 * a third of the suggestion's time, so each such alternative is found by its unit (rare, a plain
 * literal) and the number before it checked by hand. The same answers as `patterns` on every
 * shared message (urgency-signals.test.ts).
 */
const numeral = /[\d一二三四五六七八九十几两]/;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
/**
 * Whether some hit of `unit` has, ending at its start (past one 多 when `pastMany`: 十多天, 50多户),
 * what `before` accepts.
 */
function unitAfterNumber(text: string, unit: RegExp, pastMany: boolean, before: (text: string, end: number) => boolean): boolean {
  for (const m of text.matchAll(unit)) {
    const end = pastMany && text[m.index - 1] === '多' ? m.index - 1 : m.index;
    if (before(text, end)) return true;
  }
  return false;
}
const oneNumeral = (text: string, end: number) => numeral.test(text[end - 1] ?? '');
const literalTesters = {
  ongoingNow: /至今|到现在|现在还|目前仍|仍然|依然|还在|昨天|昨晚|今天|今早|当天|连续|(已经?|长达|快|近|都)[^，。！？]{0,4}[\d一二三四五六七八九十几两]{1,3}多?(天|日|周|个?星期|个多?月)/,
  manyHouseholds: /整栋|整幢|整个楼|全楼|整个单元|整个小区|全小区|全体(业主|住户|居民)|几个单元/,
  longStanding: /多年|常年|长期|年年|每年|好几年|几年了/,
  vulnerable: /孩子|小孩|婴儿|幼儿|新生儿|刚满月|满月|老人|老年人|孕妇|病人|患者|残疾|瘫痪/,
  deadline: /明天|明日|后天|截止|最后期限|就剩[^，。！？]{0,4}天|马上(就|要)?(开学|考试|入学|截止|到期)/,
};
const numberFirstTesters: Partial<Record<UrgencySignalName, (text: string) => boolean>> = {
  ongoingNow: (t) => literalTesters.ongoingNow.test(t) || unitAfterNumber(t, /(天|日|周|个?星期)(了|之久|都|没|未)/g, true, oneNumeral),
  manyHouseholds: (t) =>
    literalTesters.manyHouseholds.test(t) ||
    unitAfterNumber(t, /户/g, true, (x, end) => (isDigit(x[end - 1]) && isDigit(x[end - 2])) || ['几十', '上百', '数百'].includes(x.slice(end - 2, end)) || /[二三四五六七八九十百千]/.test(x[end - 1] ?? '')) ||
    unitAfterNumber(t, /栋楼/g, false, (x, end) => /[两三四五六七八九十几]/.test(x[end - 1] ?? '')),
  longStanding: (t) => literalTesters.longStanding.test(t) || unitAfterNumber(t, /年(了|来|之久|多了|都|没|未)/g, false, (x, end) => isDigit(x[end - 1]) || /[二三四五六七八九十两几多]/.test(x[end - 1] ?? '')),
  vulnerable: (t) =>
    literalTesters.vulnerable.test(t) ||
    unitAfterNumber(t, /岁/g, false, (x, end) => isDigit(x[end - 1]) && /[7-9]/.test(x[end - 2] ?? '')) ||
    unitAfterNumber(t, /岁/g, true, (x, end) => x[end - 1] === '十' && /[七八九]/.test(x[end - 2] ?? '')),
  deadline: (t) => literalTesters.deadline.test(t) || unitAfterNumber(t, /[日号](之前|前|以前)/g, false, (x, end) => isDigit(x[end - 1])),
};

/** Each signal's yes/no test (no global flag: no match objects built). */
export const urgencyTesters = Object.fromEntries(
  Object.entries(patterns).map(([name, p]) => {
    const fast = numberFirstTesters[name as UrgencySignalName];
    const plain = new RegExp(p.source);
    return [name, fast ?? ((text: string) => plain.test(text))];
  }),
) as Partial<Record<UrgencySignalName, (text: string) => boolean>>;
/** Each signal's words (global), for evidence. */
export const urgencyPatterns = patterns;

/**
 * Each signal's pattern with the characters any of its matches must contain (required-chars.ts):
 * a signal whose required characters are absent from the message cannot match, and its tester
 * is not run. Derived from the pattern itself, so a signal added or edited is prefiltered correctly
 * with no second list to keep in step; required-chars.test.ts checks on every shared message that
 * the prefiltered signals give exactly the patterns' answers.
 */
export const urgencyPrefilters = Object.fromEntries(Object.entries(patterns).map(([name, p]) => [name, prefiltered(p)])) as Partial<Record<UrgencySignalName, Prefiltered>>;
/** The signals as the loop below reads them: name, prefilter, tester (built once, not per message). */
const signalTests = (Object.keys(patterns) as UrgencySignalName[]).map((name) => ({ name, prefilter: urgencyPrefilters[name]!, test: urgencyTesters[name]! }));
/** A room temperature needs 度, ℃ or 摄氏度 after a number (exported for the test of the same contract). */
export const roomTemperaturePrefilter = prefiltered(temperature);
const allOff = Object.fromEntries(urgencySignalNames.map((n) => [n, 0])) as Record<UrgencySignalName, 0 | 1>;
/** The message's characters; one per process (classification is synchronous). */
const chars = new TextChars();
const hasFullWidthDigit = (set: TextChars) => {
  for (let c = 0xff10; c <= 0xff19; c++) if (set.has(c)) return true;
  return false;
};

export interface UrgencySignals {
  /** 1 when the signal is present, else 0. */
  on: Record<UrgencySignalName, 0 | 1>;
  /** The signals whose words are in the title (a writer names the danger first). */
  inTitle: Set<UrgencySignalName>;
  /** The words behind a present signal (evidence for staff), found only when asked. */
  wordsOf(name: UrgencySignalName): string[];
}

/**
 * The signals of one message. `category` is the classifier's category: a proposal (建议) or a
 * question (咨询) is a signal too, whatever its words. Only yes/no is computed up front; the
 * words are looked up for the few messages that are suggested urgent (a classification's cost).
 */
export function urgencySignals(title: string, content: string, category?: string): UrgencySignals {
  let text = `${title}。${content}`;
  chars.reset(text);
  // Full-width digits read as digits (most messages have none: the text is rebuilt only when one is there).
  if (hasFullWidthDigit(chars)) {
    text = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
    chars.reset(text);
  }
  const on = { ...allOff };
  const inTitle = new Set<UrgencySignalName>();
  for (const { name, prefilter, test } of signalTests) {
    if (!prefilter.mayMatch(chars) || !test(text)) continue;
    on[name] = 1;
    if (test(title)) inTitle.add(name);
  }
  const room = roomTemperaturePrefilter.mayMatch(chars) ? lowestRoomTemperature(text) : null;
  if (room && room.value <= 12) on.roomAt12OrLess = 1;
  if (room && room.value <= 15) on.roomAt15OrLess = 1;
  if (category === '建议') on.proposal = 1;
  if (category === '咨询') on.question = 1;
  const wordsOf = (name: UrgencySignalName): string[] => {
    if (!on[name]) return [];
    if (name === 'roomAt12OrLess' || name === 'roomAt15OrLess') return room ? [room.words] : [];
    const pattern = patterns[name];
    const found = pattern ? [...new Set([...text.matchAll(pattern)].map((m) => m[0]))] : [];
    if (name === 'proposal' && category === '建议') found.push('建议类');
    if (name === 'question' && category === '咨询') found.push('咨询类');
    return found;
  };
  return { on, inTitle, wordsOf };
}
