/** A look-alike city mailbox (GBK) carrying one message of this district and two the scope drops. */
import type { SourceDefinition } from '../../crawlers/index.js';
import type { ControlledSite, SiteMessage } from '../../sites/index.js';
import { exampleSource } from '../crawlers/helpers.js';

/** Newest first, as the site lists them. 陈炉镇 is left out of the source's gazetteer below (the mistake staff correct). */
export const cityMailboxMessages: SiteMessage[] = [
  { id: '300003', title: '城关街道北环路路灯不亮', content: '印台区城关街道北环路一段路灯坏了一个月，晚上行人很不安全，请尽快维修。', author: '李先生', postedAt: '2026-11-20 09:00:00', type: '投诉', status: '待回复', district: '印台区' },
  { id: '300002', title: '陈炉镇上街村<b>停水</b>三天', content: '陈炉镇上街村从周一开始停水，到现在三天了，没有任何通知，老人孩子用水很困难。', author: '王女士', postedAt: '2026-11-19 10:00:00', type: '求助', status: '待回复' },
  { id: '300001', title: '青年路KTV噪音扰民', content: '王益区青年路一家KTV每天营业到凌晨，噪音很大，影响周边居民休息。', author: '张先生', postedAt: '2026-11-18 11:00:00', type: '投诉', status: '待回复', district: '王益区' },
];

/** The example GBK city mailbox with a gazetteer that misses 陈炉镇. */
export async function cityMailboxSource(site: ControlledSite): Promise<SourceDefinition> {
  return exampleSource('gbk-html', site, (s) => {
    if (s.scope) s.scope.gazetteer = s.scope.gazetteer.filter((g) => g !== '陈炉镇');
  });
}

