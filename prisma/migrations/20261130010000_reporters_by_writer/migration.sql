-- 反映人数 (Case.reporterCount) counts the people who wrote about a case, not its messages: a citizen
-- who re-posts the same letter after getting no answer (the commonest duplicate) is one person, and
-- must not make the case 群众反映较多 (第四条㈥, special supervision from MINSHENG_REPORTER_THRESHOLD).
--
-- "message_writer" names the writer of one message. Messages carry no contact or user id (sites
-- show only a name), so the author's name is all there is: trimmed, spaces removed, full width
-- folded (NFKC), Latin lower-cased. A name that tells nobody apart (missing or empty; masked, as
-- 王** or 市民王某, which a site shows for many people; or a word for anyone, as 匿名, 网友, 市民,
-- 群众, 热心市民, 一位老党员, 先生) makes the message a writer of its own. So two neighbours both
-- signing 王先生 count as one: the lesser error, against counting one re-poster three times.
-- The rule lives here, once: the store counts with it (workflow/cases/count-reporters.ts) and this
-- migration recounts the cases registered before it. Changing the rule takes a new migration that
-- replaces the function and recounts, as this one does.
CREATE OR REPLACE FUNCTION "message_writer"("author" TEXT, "messageId" TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN n = '' THEN 'message:' || "messageId"
    -- Masked names: 王**, 王××, 市民王某, 张○○, a garbled ??? .
    WHEN n ~ '[*×●○◯□■?某]' THEN 'message:' || "messageId"
    WHEN n ~ '^(匿名|热心|一位|一名|一个|普通|本地|当地|印台区?|铜川市?)*(网友|网民|市民|群众|游客|访客|用户|居民|村民|业主|家长|学生|职工|老人|老党员|党员|公民|老百姓|百姓|来信人|留言人|反映人|咨询人|投诉人|求助人|先生|女士|小姐|anonymous|guest|user|visitor)?$'
      THEN 'message:' || "messageId"
    ELSE 'name:' || n
  END
  FROM (
    SELECT translate(regexp_replace(normalize(coalesce("author", ''), NFKC), '\s', '', 'g'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS n
  ) AS "name"
$$;

-- Cases registered before: recount. A merged case holds no messages and keeps 0. An archived case
-- may take it (its trigger lets the reporter count change, as it does for a late duplicate).
UPDATE "Case" AS c SET "reporterCount" = w."writers"
FROM (
  SELECT "caseId", count(DISTINCT "message_writer"("author", "id"))::int AS "writers"
  FROM "Message" WHERE "caseId" IS NOT NULL GROUP BY "caseId"
) AS w
WHERE w."caseId" = c."id" AND c."reporterCount" IS DISTINCT FROM w."writers";
