-- The ledger's text search (workflow/cases/list-cases.ts: each word searched is in ledgerNo or in
-- title, a LIKE '%word%') read the whole Case table on every search and for its count. Trigram
-- (pg_trgm) GIN indexes on both columns answer LIKE '%word%' for words of 3 characters or more;
-- shorter words have no trigram and are still answered by reading the table (the planner's
-- choice). The query and its LIKE semantics are unchanged: the index only finds candidates, every
-- row is re-checked.
-- bench/ledger-search.ts measures it.
--
-- The extension is database-wide: when it is already installed (by an administrator, or by
-- another minsheng schema in the same database) its schema is used; otherwise it is created in
-- `public` when this user may create there, so that dropping one installation's schema (tests
-- drop theirs) never drops the operator class another schema's index depends on. The operator
-- class is named with its schema, so the index works whatever the search_path. The embedded store
-- (PGlite) loads pg_trgm when it opens (workflow/store/open-store.ts).

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
  EXECUTE format('CREATE INDEX "Case_title_idx" ON "Case" USING GIN ("title" %I.gin_trgm_ops)', trgm_schema);
  -- CreateIndex
  EXECUTE format('CREATE INDEX "Case_ledgerNo_idx" ON "Case" USING GIN ("ledgerNo" %I.gin_trgm_ops)', trgm_schema);
END
$$;
