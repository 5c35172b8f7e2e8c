-- The ledger's search (workflow/cases/list-cases.ts) also finds a case by its messages' text and
-- writers' names: a citizen who calls about a letter gives their name, phone number or a phrase of
-- it. Without an index every such search read the whole Message table (about 1 s at 100,000 cases
-- on PostgreSQL, bench/ledger-content-search.ts); trigram (pg_trgm) GIN indexes answer LIKE
-- '%word%' for words of 3 characters or more, as those on Case.title and Case.ledgerNo do
-- (20261205000000_ledger_search_trigram, which installed the extension and says where).

DO $$
DECLARE
  trgm_schema text;
BEGIN
  SELECT n.nspname INTO trgm_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
  IF trgm_schema IS NULL THEN
    trgm_schema := CASE WHEN to_regnamespace('public') IS NOT NULL AND has_schema_privilege('public', 'CREATE') THEN 'public' ELSE current_schema() END;
    EXECUTE format('CREATE EXTENSION pg_trgm WITH SCHEMA %I', trgm_schema);
  END IF;
  -- CreateIndex
  EXECUTE format('CREATE INDEX "Message_content_idx" ON "Message" USING GIN ("content" %I.gin_trgm_ops)', trgm_schema);
  -- CreateIndex
  EXECUTE format('CREATE INDEX "Message_author_idx" ON "Message" USING GIN ("author" %I.gin_trgm_ops)', trgm_schema);
END
$$;
