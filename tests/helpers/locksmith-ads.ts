/**
 * Locksmiths' advertisements (第三条㈡ 广告): neither the rules nor the committed model flag them, so
 * staff decisions about them are what teaches the screening (train-out-of-scope*.test.ts).
 */
export const locksmithAds = [
  ['专业开锁换锁', '二十四小时上门开锁换锁，汽车锁保险柜都能开，十分钟到达，收费合理，印台区全区服务。'],
  ['开锁换锁上门服务', '专业开锁换锁修锁，防盗门指纹锁都能装，随叫随到，价格公道，印台城区半小时上门。'],
  ['换锁开锁就找老王', '老王开锁换锁十多年，各种门锁都能开，上门快，收费低，印台区城关街道都能到。'],
] as const;

/** A fourth advertisement, in other words, that the staff decisions above should teach to flag. */
export const newLocksmithAd = { title: '开锁师傅上门快', content: '开锁换锁找张师傅，防盗门保险柜汽车锁都能开，二十分钟上门，价格便宜，全区服务。' };
