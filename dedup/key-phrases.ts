/**
 * Key phrases of a message: the named places and organisations it is about (estate, road, company,
 * hospital, school ...) and, failing those, a concern from a small lexicon (heating, water, noise
 * ...). Rules, not a model, so every grouping can be explained by the phrase that made it.
 */
import { toSimplified, visibleText } from './normalize.js';
import { functionTags, isWordTagged } from './segmenter.js';

export type KeyPhraseKind = 'estate' | 'road' | 'company' | 'institution' | 'agency' | 'topic';

export interface KeyPhrase {
  kind: KeyPhraseKind;
  /**
   * Stable grouping key: kind + core name (two characters before the generic suffix, plus the suffix);
   * for a hot-issue phrase of an institution named by its kind only, kind + label (extractKeyPhrases).
   */
  key: string;
  /** The phrase as it appears (or the topic name): what staff see. */
  label: string;
}

/**
 * Characters a name's label does not extend over to the left: function characters (在王家河小区,
 * 住王家河小区, 我家王家河小区), the last character of the words a letter puts before the name it is
 * about (反映, 咨询, 投诉, 举报, 一下, 按照, 提供, 打着, 我们, 加强, 建议, 要求, 希望: 投诉一下国礼医院 is about 国礼医院) and the
 * last character of an administrative prefix or of another place (大连市, 甘井子区, 马家新村, 中山路),
 * so a label starts where the name starts. Not 元 (单元 rarely comes before a name; 元宝山小区 is one).
 */
const labelStop = new Set([...'强议求望在住是的我你他她们家于到从向对给把被和与及或话后前称打叫位近将让使等其所并但而且因了也都就还又很再已要会能可请问说去来往经由至靠离临旁映询诉报下照供着省市区县镇乡村街路道巷号楼栋单院园苑期']);
/** Most characters a label adds before the two-character core (names of 2-4 characters). */
const LABEL_EXTRA = 2;

/**
 * Words a letter puts before the place or organisation it is about (联系排水公司, 督促热力公司,
 * 选聘物业公司, 当时供暖公司, 今年群林村): never part of its name. Listed, because jieba's tags do not
 * tell them: it tags 联系 a noun, 知识, 创意 and 首开 verbs, and 青年 and 现代 time words like 当时.
 */
const verbsBeforeNames = new Set([
  ...['联系', '督促', '敦促', '催促', '协调', '责令', '通知', '告知', '要求', '委托', '聘请', '选聘', '更换', '利用', '设立', '成立', '注册', '起诉', '举报', '投诉', '找到', '多次', '答复', '解决', '发现', '赔偿', '无视', '没有', '只有', '同时', '另外', '本人', '自己'],
  ...['当时', '当初', '日前', '前天', '昨天', '今天', '今年', '去年', '事后', '前期', '早上', '晚上', '夜晚', '夏天', '冬天', '月初', '月底', '年初', '年底'],
]);

/** Function-word tags but locality: as a label's first characters, 南方 and 左岸 are tagged so and are names. */
const prefixTags = new Set([...functionTags].filter((t) => t !== 'f'));

/** True when two characters before a name's words are such a verb or a function word (督促, 当时, 如果), not a name. */
function notAName(word: string, tags = functionTags): boolean {
  return verbsBeforeNames.has(word) || isWordTagged(word, tags);
}

/** The label of a match at `at`: the matched text, extended left by up to LABEL_EXTRA name characters (not over a verb or function word: 联系排水公司 is 排水公司). */
function labelAt(clean: string, at: number, matched: string): string {
  let start = at;
  while (at - start < LABEL_EXTRA && start > 0) {
    const ch = clean[start - 1]!;
    if (!/[\u4e00-\u9fa5]/.test(ch) || labelStop.has(ch)) break;
    start--;
  }
  if (at - start === LABEL_EXTRA && notAName(clean.slice(start, at), prefixTags)) start = at;
  return clean.slice(start, at) + matched;
}

const CJK = '\\u4e00-\\u9fa5';
// A name is the two characters right before a generic suffix; longer names vary between posts
// ("马家新村骏城佳园" vs "骏城佳园"), the last two characters do not.
const estate = new RegExp(`([${CJK}]{2})(小区|家属院|家属区|花园|家园|佳园|嘉园|公寓|大厦|新村|社区|广场|小镇|古镇|山庄|苑|村)`, 'g');
// Not 街道 (a sub-district), 路口/路面/路灯 (parts of any road).
const road = new RegExp(`([${CJK}0-9]{2})(大街|大道|胡同|公路|路|街|巷)(?![道口面灯况线费由径基段上])`, 'g');
const companyChain = '置业|物业|房地产|地产|开发|建设|建筑|热力|供热|供暖|热电|燃气|水务|电力|科技|实业|发展|投资|管理|服务|工程|信息|商贸|贸易|汽车|股份|有限|责任|中心|金融|网络|咨询|食品|医药|药业|技术|装饰|装修|文化|传媒|教育|物流|保险|电子|商务|国际|控股|制造|生物|环保|能源|大连|分';
const company = new RegExp(`([${CJK}]{2})((?:${companyChain})*)(有限责任公司|股份有限公司|有限公司|分公司|子公司|公司|集团|商行|网店)`, 'g');
const companyTrade = new RegExp(companyChain, 'g');
/**
 * Trades whose company a letter names by the trade alone (the heating company, the gas company): a
 * city has one or few of them, so 供热公司 identifies the company; 科技公司 or 服务公司 do not.
 */
const utilityTrades = new Set(['热力', '供热', '供暖', '热电', '燃气', '水务', '电力']);

/** What a match names: its two-character core, the key's suffix, the label staff read, where the label starts in the match, and whether the label may take name characters from its left. */
interface MatchedName {
  core: string;
  suffix: string;
  label: string;
  offset: number;
  extend: boolean;
}

/**
 * What a company match names. When the two characters before the trade words are a verb, a function
 * word or no name (督促热力公司, 当时供暖公司, 多次找供热公司 reads 次找), a utility is named by its trade
 * (热力公司, 供暖公司, 供热公司, as a letter naming only the heating company does), its label not
 * extended over the characters just judged, and anything else names nothing; with no trade word, a
 * function word (如果公司, 按照公司) names nothing.
 */
function companyName(m: RegExpExecArray): MatchedName {
  const [whole, name = '', trades = ''] = [m[0], m[1], m[2]];
  const named = { core: name, suffix: '公司', label: whole, offset: 0, extend: true };
  if (trades === '') return notAName(name) ? { ...named, core: '' } : named;
  if (isName(name, '公司') && !notAName(name)) return named;
  const last = [...trades.matchAll(companyTrade)].filter((w) => utilityTrades.has(w[0])).at(-1);
  if (!last) return { ...named, core: '' };
  const at = name.length + last.index + last[0].length - 2;
  return { core: whole.slice(at, at + 2), suffix: '公司', label: whole.slice(at), offset: at, extend: false };
}
// Government bodies: used to tell template letters to different bodies apart, not as hot-issue keys.
const agency = new RegExp(`([${CJK}]{2})(委员会|局|委)(?![长面势限部])`, 'g');
const institution = new RegExp(`([${CJK}]{2})(医院|中学|小学|幼儿园|学校|大学|热电厂|热源厂|换热站|供热站|车站|市场|商场|超市)(?![监管经])`, 'g');

/** Characters that cannot start a name (function words, pronouns, measure words). */
const badFirst = new Set([...'的了在是和与及或我你他她它这那该本此各每某个条把被给向从到对为于也都就还又很再已要会能可请问说去来往经由住近将让使等及其所并但而且因']);
/** Characters that cannot end the two-character name. */
const badSecond = new Set([...'的了在是和与及个条们这那该些座家所着过把被给向从到对为于也都就还又很再已要会能可将等农乡年找说此']);
/** Whole phrases that are generic, not names. */
const generic = new Set([
  ...['城市道路', '市道路', '修道路', '的道路'],
  ...['道路', '马路', '公路', '铁路', '线路', '出路', '小路', '大路', '走路', '修路', '电路', '套路', '思路', '门路', '后路', '水路', '网路', '上路', '进路', '绕路', '堵路', '过路', '引路', '带路'],
  ...['上街', '沿街', '临街', '逛街', '满街', '小街', '老街', '商街', '小巷', '街巷', '通道'],
]);
const genericName = new Set(['小区', '本市', '当地', '我市', '市区', '城区', '开发', '物业', '住宅', '周边', '附近', '整个', '其他', '所有', '老旧', '新建', '居民', '业主', '全市', '这里', '那里', '现在', '目前', '以前', '以后', '今年', '去年', '明年', '政府', '国家', '相关', '有关', '部门', '单位', '学生', '孩子', '家长', '私立', '公立', '民办', '公办', '省市', '附属', '一个', '两个', '几个',
  ...['封闭', '一期', '二期', '三期', '四期', '高档', '商品', '回迁', '棚改', '农村', '城市', '交叉', '诈骗', '配合', '这些', '该类', '多家', '一家', '某某'],
  ...['反映', '进入', '影响', '咨询', '举报', '投诉', '交易', '有限', '全资', '强盗', '销售', '中介', '运输', '回复', '要求', '希望', '解决', '关于', '位于', '门口', '对面', '旁边', '住在', '家住', '我家', '我们'],
  // Country, provinces and cities are too broad to be a concern's place.
  ...['中国', '全国', '大连', '北京', '上海', '天津', '辽宁', '陕西', '西安', '木斯', '黑龙', '龙江', '沈阳', '本地', '外地'],
]);

const topics: [string, RegExp][] = [
  ['供暖', /供暖|供热|暖气|采暖|取暖|不热|室温|热费/],
  ['供水', /停水|供水|自来水|水压|水质/],
  ['供电', /停电|供电|电压/],
  ['燃气', /燃气|天然气|煤气/],
  ['噪音扰民', /噪音|噪声|扰民/],
  ['拆迁补偿', /拆迁|动迁|征收|回迁/],
  // Seventh session. 棚户区改造 (shanty-area renewal: when an area is renewed, resettlement flats)
  // is a concern of its own in a coal-mining district such as 印台区, and the commonest title
  // concern of the held-out Jiamusi mail that the lexicon lacked; mining subsidence likewise.
  ['棚户区改造', /棚户区|棚改|危旧房改造/],
  ['采空塌陷', /采空区|采煤塌陷|沉陷区|地面塌陷/],
  ['违法建设', /违建|违章建筑|违法建筑|私搭乱建|乱搭乱建/],
  ['拖欠工资', /拖欠工资|欠薪|工资拖欠|农民工工资/],
  ['道路破损', /道路破损|路面破损|坑洼|修路/],
  ['公交出行', /公交|客运|班车/],
  ['环境卫生', /垃圾|油烟|异味|臭味|粉尘|污染/],
  ['停车', /停车|车位/],
  ['入学', /入学|学区|划片|学籍/],
  ['物业管理', /物业/],
  ['房产证', /房产证|房照|产权证|不动产证/],
];

function isName(name: string, suffix: string): boolean {
  const [first, second] = [name[0] ?? '', name[1] ?? ''];
  if (badFirst.has(first) || badSecond.has(second)) return false;
  // "一" ends no name but an ordinal (第一医院): 河滨路一超市 is "a supermarket on 河滨路".
  if (second === '一' && first !== '第') return false;
  if (genericName.has(name)) return false;
  if (generic.has(second + suffix) || generic.has(name + suffix)) return false;
  return true;
}

/** Simplified text with short bracketed asides ("（大连）") removed, so names stay contiguous. */
function prepare(text: string): string {
  return toSimplified(visibleText(text)).replace(/[(（][^()（）]{0,6}[)）]/g, '');
}

/** Named places and organisations in a text, in order of appearance, without repeats. */
export function extractNames(text: string): KeyPhrase[] {
  const clean = prepare(text);
  const found: { at: number; phrase: KeyPhrase }[] = [];
  const scan = (re: RegExp, kind: KeyPhraseKind, nameOf: (m: RegExpExecArray) => MatchedName) => {
    re.lastIndex = 0;
    for (let m = re.exec(clean); m; m = re.exec(clean)) {
      const { core, suffix, label, offset, extend } = nameOf(m);
      if (core.length !== 2 || !isName(core, suffix)) continue;
      const at = m.index + offset;
      // The key stays the two-character core (stable across posts, used by the name-conflict check);
      // the label is what staff read, so it gets the whole name.
      found.push({ at, phrase: { kind, key: `${kind}:${core}${suffix}`, label: extend ? labelAt(clean, at, label) : label } });
    }
  };
  const named = (m: RegExpExecArray, suffix = m[2]!): MatchedName => ({ core: m[1]!, suffix, label: m[0], offset: 0, extend: true });
  scan(estate, 'estate', (m) => named(m));
  scan(road, 'road', (m) => named(m));
  scan(company, 'company', companyName);
  scan(institution, 'institution', (m) => named(m));
  scan(agency, 'agency', (m) => named(m, m[2] === '委员会' ? '委' : m[2]));
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  return found.filter((f) => !seen.has(f.phrase.key) && seen.add(f.phrase.key)).map((f) => f.phrase);
}

/** The concerns from the lexicon that a text mentions, in lexicon order. */
export function extractTopics(text: string): KeyPhrase[] {
  const clean = prepare(text);
  return topics.filter(([, re]) => re.test(clean)).map(([name]) => ({ kind: 'topic' as const, key: `topic:${name}`, label: name }));
}

/**
 * Cores that say what kind of institution it is, not which one: 第七人民医院 and 第二人民医院 share the
 * core 人民, 大连理工大学 and another city's 理工大学 the core 理工. (Ordinals 第一 … 第十 too.)
 */
const typeCores = new Set(['人民', '中心', '附属', '三甲', '配套', '师范', '理工', '工业', '医科', '财经', '海事', '海洋', '交通', '农业', '职业', '技术', '实验', '中医', '妇产', '妇幼', '儿童', '口腔', '肿瘤', '神病', '治疗', '培训', '农贸', '建材', '宠物', '现货', '国际', '租赁', '自由', '知名', '国立', '市立', '高级']);
const ordinalCore = /^第[一二三四五六七八九十]$/;

/**
 * The hot-issue phrase of a name: itself, or, for an institution whose core only says what kind it
 * is, the phrase keyed by its whole label, so 第七人民医院 and 第二人民医院 are two groups. A bare kind
 * (人民医院, 中心医院) keeps a group of its own: in one city's mail it usually means the one hospital
 * of that name. Only hot-issue grouping uses this; the duplicate check's name keys are extractNames'.
 */
function groupingName(phrase: KeyPhrase): KeyPhrase {
  if (phrase.kind !== 'institution') return phrase;
  const core = phrase.key.slice(phrase.key.indexOf(':') + 1, phrase.key.indexOf(':') + 3);
  return typeCores.has(core) || ordinalCore.test(core) ? { ...phrase, key: `${phrase.kind}:${phrase.label}` } : phrase;
}

/**
 * A road name followed by 街道 or 办事处 names the sub-district office (中华路街道), a government body,
 * not the road: hot-issue grouping does not read it as the road (the duplicate check's names do).
 */
const subDistrict = /(?:大街|大道|路|街)((?:街道)?办事处|街道)/g;

/**
 * The phrases a message is grouped by: the names it mentions (title first, then body), then the
 * concerns of the lexicon that its title names. A concern counts only in the title: in a body its
 * words are as often a side remark (物业 did nothing about a neighbour's paint; 房产证 in a question
 * about hukou points) as the subject. On the dev set (Dalian), members of topic groups whose title
 * named the concern were right for 48 of 52, those with the concern in the body only for 23 of 50.
 */
export function extractKeyPhrases(message: { title: string; content: string }): KeyPhrase[] {
  const text = visibleText(`${message.title}。${message.content}`).replace(subDistrict, ' $1');
  return [...extractNames(text).map(groupingName), ...extractTopics(message.title)];
}

/**
 * The names two messages are compared on: their titles' when both titles name something (a title
 * states the subject; bodies also name addresses and bodies written to), else the whole texts'.
 */
export function subjectNames(a: { names: string[]; titleNames: string[] }, b: { names: string[]; titleNames: string[] }): [string[], string[]] {
  return a.titleNames.length > 0 && b.titleNames.length > 0 ? [a.titleNames, b.titleNames] : [a.names, b.names];
}

/**
 * Whether two messages are about different places (the check every link passes): their subject
 * names conflict (subjectNames, namesConflict), or, when the titles decided, their bodies name
 * places of a kind neither title names that conflict (the same title 河滨路路边建筑垃圾 over a letter
 * about 罗寨村 and one about 阿庄村); government bodies named in bodies are not compared there.
 */
export function subjectsConflict(a: { names: string[]; titleNames: string[] }, b: { names: string[]; titleNames: string[] }): boolean {
  if (namesConflict(...subjectNames(a, b))) return true;
  if (a.titleNames.length === 0 || b.titleNames.length === 0) return false;
  const kindOf = (key: string) => key.slice(0, key.indexOf(':'));
  const titled = new Set([...a.titleNames, ...b.titleNames].map(kindOf));
  // Bodies name their addressees (规划局, 执法局): government bodies never decide here.
  const untitled = (keys: string[]) => keys.filter((k) => !titled.has(kindOf(k)) && kindOf(k) !== 'agency');
  return namesConflict(untitled(a.names), untitled(b.names));
}

/** Towns and sub-districts (陈炉镇, 城关街道): places for the name-conflict check, too broad for hot-issue groups. */
const town = new RegExp(`([${CJK}]{2})(镇|乡|街道)`, 'g');
const notTowns = new Set(['古镇', '小镇', '城镇', '乡镇', '村镇', '集镇', '重镇', '名镇', '各乡', '城乡', '下乡', '家乡', '老乡', '故乡', '同乡']);

function townKeys(text: string): string[] {
  const clean = prepare(text);
  const keys = new Set<string>();
  town.lastIndex = 0;
  for (let m = town.exec(clean); m; m = town.exec(clean)) {
    const [name = '', suffix = ''] = [m[1], m[2]];
    if (notTowns.has(name.slice(1) + suffix) || notTowns.has(name) || !isName(name, suffix)) continue;
    keys.add(`town:${name}${suffix === '街道' ? '街道' : suffix}`);
  }
  return [...keys];
}

/**
 * Name keys of a message (title and body), for the name-conflict check of duplicate verification:
 * its names, and the towns and sub-districts it names (a template letter about another town).
 */
export function nameKeys(message: { title: string; content: string }): string[] {
  const text = `${message.title}。${message.content}`;
  return [...extractNames(text).map((p) => p.key), ...townKeys(text)];
}

/**
 * Numbered lines a title names (609路, 3路公交, 1号线) as `line:<number>` keys. A number is an exact
 * identity where a name's characters are not: 609路 and 613路 share characters, not a bus.
 */
export function lineKeys(title: string): string[] {
  const found = (visibleText(title).match(/\d{1,4}(?=\s*(?:路|号线|线路))/g) ?? []).map((d) => `line:${d.replace(/^0+(?=\d)/, '')}`);
  return [...new Set(found)];
}

/** True when both name numbered lines and each names one the other does not: a proposal about another pair of lines. */
function linesConflict(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  return a.some((x) => !b.includes(x)) && b.some((y) => !a.includes(y));
}

/** Characters that tell places of one family apart: 南沟村 and 北沟村, 东城社区 and 东街社区, 一中 and 二中. */
const distinguishing = new Set([...'东西南北中上下前后左右内外大小新老旧一二三四五六七八九十']);

/**
 * Whether two name cores can be one name: equal, or sharing a character that identifies (typos:
 * 荣域 / 荣誉), but not when all they share is a direction or number (东城 / 东街), nor when they
 * differ by one (南沟 / 北沟).
 */
function sameName(x: string, y: string): boolean {
  if (x === y) return true;
  if (![...x].some((ch) => y.includes(ch) && !distinguishing.has(ch))) return false;
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [a = '', b = ''] = [x[i], y[i]];
    if (a !== b && distinguishing.has(a) && distinguishing.has(b)) return false;
  }
  return true;
}

/**
 * True when two messages are about different places or organisations: the same template letter
 * about another estate, road, company or body. Places (estates, roads, companies, institutions)
 * are judged kind by kind, so one name both share (a junk name such as 路一超市) does not hide
 * different roads; when both name places of some kind and every such kind has a name in common,
 * they are about the same place whatever government bodies they name (those are often the
 * addressees: the same letter to 执法局 and to 规划局). Government bodies decide only when no
 * place kind is named by both (the same greeting sent to another bureau).
 * Names whose cores share an identifying character count as one (typos: 远洋荣域 / 远洋荣誉;
 * sameName). Numbered lines (`line:` keys) are compared as numbers, by linesConflict.
 */
export function namesConflict(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const isLine = (k: string) => k.startsWith('line:');
  if (linesConflict(a.filter(isLine), b.filter(isLine))) return true;
  const byKind = (keys: readonly string[]) => {
    const kinds = new Map<string, string[]>();
    for (const key of keys) {
      if (isLine(key)) continue;
      const [kind = '', core = ''] = key.split(':');
      // A town keeps its suffix: a 镇 and a 街道 are two units whatever their names share.
      kinds.set(kind, [...(kinds.get(kind) ?? []), kind === 'town' ? core : core.slice(0, 2)]);
    }
    return kinds;
  };
  const kindsA = byKind(a);
  const kindsB = byKind(b);
  const sameTown = (x: string, y: string) => x.slice(2) === y.slice(2) && sameName(x.slice(0, 2), y.slice(0, 2));
  const compatible = (x: string[], y: string[], kind = '') => x.some((cx) => y.some((cy) => (kind === 'town' ? sameTown(cx, cy) : sameName(cx, cy))));
  let sharedPlace = false;
  for (const [kind, coresA] of kindsA) {
    const coresB = kindsB.get(kind);
    if (!coresB || kind === 'agency') continue;
    sharedPlace = true;
    if (!compatible(coresA, coresB, kind)) return true;
  }
  if (sharedPlace) return false;
  const agenciesA = kindsA.get('agency');
  const agenciesB = kindsB.get('agency');
  return !!agenciesA && !!agenciesB && !compatible(agenciesA, agenciesB);
}
