-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('city_mailbox', 'district_mailbox', 'forwarded', 'other_web');

-- CreateTable
CREATE TABLE "Source" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "definition" JSONB NOT NULL,
    "crawlState" JSONB,
    "lastRunAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "lastErrorAt" TIMESTAMP(3),
    "lastError" TEXT,
    "itemsFound" INTEGER NOT NULL DEFAULT 0,
    "pagesFetched" INTEGER NOT NULL DEFAULT 0,
    "layoutAlert" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "url" TEXT,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "author" TEXT,
    "postedAt" TIMESTAMP(3),
    "siteType" TEXT,
    "siteStatus" TEXT,
    "replyUnit" TEXT,
    "replyAt" TIMESTAMP(3),
    "replyText" TEXT,
    "forwarding" JSONB,
    "contentHash" TEXT NOT NULL,
    "fingerprint" JSONB,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "classification" JSONB,
    "caseId" TEXT,
    "duplicateOfId" TEXT,
    "similarity" DOUBLE PRECISION,
    "hotIssueKey" TEXT,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageChange" (
    "id" BIGSERIAL NOT NULL,
    "messageId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "oldValue" TEXT,
    "newValue" TEXT,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Unit" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keywords" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL,
    "ledgerNo" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "primaryMessageId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "categoryConfirmed" BOOLEAN NOT NULL DEFAULT false,
    "outOfScope" BOOLEAN NOT NULL DEFAULT false,
    "outOfScopeReasons" JSONB,
    "complexity" TEXT NOT NULL DEFAULT 'simple',
    "urgency" TEXT NOT NULL DEFAULT 'normal',
    "state" TEXT NOT NULL,
    "unitId" TEXT,
    "assignedAt" TIMESTAMP(3),
    "dueDate" TEXT,
    "reporterCount" INTEGER NOT NULL DEFAULT 1,
    "hotIssueKey" TEXT,
    "leaderMarked" BOOLEAN NOT NULL DEFAULT false,
    "highImpact" BOOLEAN NOT NULL DEFAULT false,
    "escalated" BOOLEAN NOT NULL DEFAULT false,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" BIGSERIAL NOT NULL,
    "caseId" TEXT,
    "messageId" TEXT,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "role" TEXT,
    "data" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Correction" (
    "id" BIGSERIAL NOT NULL,
    "messageId" TEXT NOT NULL,
    "caseId" TEXT,
    "field" TEXT NOT NULL,
    "suggested" TEXT,
    "corrected" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Correction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "unitId" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "loadedBy" TEXT NOT NULL,
    "loadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarDay_pkey" PRIMARY KEY ("date")
);

-- CreateIndex
CREATE INDEX "Message_contentHash_idx" ON "Message"("contentHash");

-- CreateIndex
CREATE INDEX "Message_caseId_idx" ON "Message"("caseId");

-- CreateIndex
CREATE INDEX "Message_hotIssueKey_idx" ON "Message"("hotIssueKey");

-- CreateIndex
CREATE UNIQUE INDEX "Message_sourceId_siteId_key" ON "Message"("sourceId", "siteId");

-- CreateIndex
CREATE INDEX "MessageChange_messageId_idx" ON "MessageChange"("messageId");

-- CreateIndex
CREATE UNIQUE INDEX "Unit_name_key" ON "Unit"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Case_ledgerNo_key" ON "Case"("ledgerNo");

-- CreateIndex
CREATE UNIQUE INDEX "Case_primaryMessageId_key" ON "Case"("primaryMessageId");

-- CreateIndex
CREATE INDEX "Case_state_idx" ON "Case"("state");

-- CreateIndex
CREATE INDEX "Case_unitId_idx" ON "Case"("unitId");

-- CreateIndex
CREATE INDEX "Case_category_idx" ON "Case"("category");

-- CreateIndex
CREATE INDEX "Case_dueDate_idx" ON "Case"("dueDate");

-- CreateIndex
CREATE INDEX "Event_caseId_idx" ON "Event"("caseId");

-- CreateIndex
CREATE INDEX "Event_type_idx" ON "Event"("type");

-- CreateIndex
CREATE INDEX "Correction_field_idx" ON "Correction"("field");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageChange" ADD CONSTRAINT "MessageChange_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The event log is append-only: the database itself refuses to change or remove a row.
CREATE FUNCTION "event_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Event is append-only' USING ERRCODE = 'P0001';
END;
$$;
CREATE TRIGGER "Event_append_only" BEFORE UPDATE OR DELETE ON "Event"
  FOR EACH ROW EXECUTE FUNCTION "event_log_append_only"();

-- The ledger number sequence (台账编号): allocated once, never reused, safe with many workers.
CREATE SEQUENCE "case_ledger_seq";
