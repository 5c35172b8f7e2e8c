/**
 * The measures' vocabulary, shared by every folder: channels (第三条㈠ 受理范围),
 * categories (第四条㈡ 分类), out-of-scope reasons (第三条㈡ 不予受理), and the shape of a
 * message as a crawler hands it on. Pure data and types; no behaviour.
 */

/** 第三条㈠: the four channels messages are accepted from. */
export const channels = ['city_mailbox', 'district_mailbox', 'forwarded', 'other_web'] as const;
export type Channel = (typeof channels)[number];
export const channelNames: Record<Channel, string> = {
  city_mailbox: '市长信箱',
  district_mailbox: '区长信箱',
  forwarded: '省市转办',
  other_web: '其他网络渠道',
};

/**
 * Ids of the built-in sources of messages staff enter by hand (手工录入, `manual-forwarded` …, one
 * per channel): no source file may use the prefix, so a crawler never writes into them.
 */
export const manualSourcePrefix = 'manual-';

/** 第四条㈡: the five categories. */
export const categories = ['咨询', '建议', '投诉', '求助', '其他'] as const;
export type Category = (typeof categories)[number];

/** 第三条㈡: the seven reasons a message is not accepted (不予受理). */
export const outOfScopeReasons = [
  'no_substance', // 1 无实质性内容，或反映事实不清，责任主体不明，且无法核实和办理
  'advertising', // 2 具有商业广告性质或要求提供赞助
  'personal', // 3 纯属个人问题，与政府职责无关
  'outside_authority', // 4 不属政府管理权限范围
  'legal_process', // 5 已进入诉讼、仲裁、行政复议等法定程序
  'petition_concluded', // 6 已定性且实行信访终结处理
  'other', // 7 其他可以不予受理的
] as const;
export type OutOfScopeReason = (typeof outOfScopeReasons)[number];
export const outOfScopeReasonNames: Record<OutOfScopeReason, string> = {
  no_substance: '无实质性内容或无法核实',
  advertising: '商业广告或要求赞助',
  personal: '纯属个人问题',
  outside_authority: '不属政府管理权限',
  legal_process: '已进入诉讼、仲裁、行政复议程序',
  petition_concluded: '信访已终结',
  other: '其他不予受理情形',
};

/** 第四条㈤: simple messages are answered in 2 working days, complex ones in 3. */
export const complexities = ['simple', 'complex'] as const;
export type Complexity = (typeof complexities)[number];
export const workingDaysFor: Record<Complexity, number> = { simple: 2, complex: 3 };

export const urgencies = ['normal', 'urgent'] as const;
export type Urgency = (typeof urgencies)[number];

/** Forwarding details of an item handed down by the province or city (受理范围 3). */
export interface ForwardingInfo {
  /** 'province' | 'city' */
  originLevel: 'province' | 'city';
  /** The upper level's forwarding number (转办编号). */
  forwardNo?: string | undefined;
  /** The upper level's deadline, ISO date. */
  upperDeadline?: string | undefined;
}

/**
 * A message as a crawler extracted it from a site: the unit of work that enters the pipeline.
 * `siteId` is the site's own id for the message; (sourceId, siteId) identifies it for ever.
 * Times are ISO 8601 strings; missing fields are undefined, never empty strings.
 */
/**
 * Why a source's scope (受理范围 1) left a message out: it names another district (its 涉及区县
 * field or its text), or it names no place the gazetteer knows (属地不明: possibly this district's,
 * worth a look).
 */
export const exclusionKinds = ['other_district', 'no_place'] as const;
export type ExclusionKind = (typeof exclusionKinds)[number];
export const exclusionKindNames: Record<ExclusionKind, string> = { other_district: '其他区县', no_place: '属地不明' };

export interface CrawledMessage {
  sourceId: string;
  channel: Channel;
  siteId: string;
  url?: string | undefined;
  title: string;
  content: string;
  author?: string | undefined;
  postedAt?: string | undefined;
  /** The type the site itself gave the message (咨询, 投诉/求助, 反映问题 ...). */
  siteType?: string | undefined;
  /** The site's status (待回复, 办理中, 已办结 ...), or `removedFromSiteStatus` once the site took the message down. */
  siteStatus?: string | undefined;
  replyUnit?: string | undefined;
  replyAt?: string | undefined;
  replyText?: string | undefined;
  forwarding?: ForwardingInfo | undefined;
  /** The site's own 涉及区县 field (the city mailbox files each letter under a district), as shown. */
  district?: string | undefined;
  /** When the crawler saw it, ISO 8601. */
  fetchedAt: string;
}

/**
 * The status a crawler gives a message its site took down (HTTP 404/410, a "removed" notice, a
 * redirect to the home or list page): set by crawlers/, read by workflow/ to mark the removal.
 */
export const removedFromSiteStatus = '已从网站删除';
