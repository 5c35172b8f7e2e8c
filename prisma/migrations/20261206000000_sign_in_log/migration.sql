-- The security audit trail of console sign-in (等保 2.0 安全审计): successful and failed sign-ins,
-- lockouts, sign-outs and sessions ended by 停用 or 重设密码, with the client's address. A table of
-- its own rather than the case event log (workflow/audit/sign-in-log.ts says why).

-- CreateTable
CREATE TABLE "SignInLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "username" TEXT,
    "nameTried" TEXT,
    "reason" TEXT,
    "address" TEXT,
    "userAgent" TEXT,
    "actor" TEXT,
    "count" INTEGER,

    CONSTRAINT "SignInLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SignInLog_at_idx" ON "SignInLog"("at");

-- CreateIndex
CREATE INDEX "SignInLog_username_at_idx" ON "SignInLog"("username", "at");

-- Append-only in the database itself, as Event is, except that a row older than 180 days may be
-- deleted: the growth of the table is bounded by removing what is older than the retention
-- (a year, workflow/audit/sign-in-log.ts), while nothing the Cybersecurity Law's article 21 asks to be
-- kept (six months) can be removed or changed through any client. "at" holds UTC (as Prisma writes it).
CREATE FUNCTION "sign_in_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD."at" < (now() AT TIME ZONE 'UTC') - INTERVAL '180 days' THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'SignInLog is append-only (rows are kept at least 180 days)' USING ERRCODE = 'P0001';
END;
$$;
CREATE TRIGGER "SignInLog_append_only" BEFORE UPDATE OR DELETE ON "SignInLog"
  FOR EACH ROW EXECUTE FUNCTION "sign_in_log_append_only"();
CREATE TRIGGER "SignInLog_no_truncate" BEFORE TRUNCATE ON "SignInLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "sign_in_log_append_only"();
