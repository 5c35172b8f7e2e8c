-- A crawl stopped by its process being asked to stop (a planned restart) was saved as the source's
-- last error, 抓取被中断，下次运行从中断处继续, and 采集来源 showed it as a fault. Such a stop is
-- no longer an error (crawlers/engine/crawl-run.ts finish: health.interrupted). The error kept from
-- before is removed here, from the columns and from the state's health (putCrawlState copies that
-- health to the columns at each save); a real error was already overwritten by it.
UPDATE "Source"
SET "lastError" = NULL,
    "lastErrorAt" = NULL,
    "crawlState" = "crawlState" #- '{health,lastError}' #- '{health,lastErrorAt}'
WHERE "lastError" = '抓取被中断，下次运行从中断处继续';
