-- AlterTable
ALTER TABLE "Message" ADD COLUMN "dedupSeq" BIGINT;

-- CreateTable
CREATE TABLE "HotIssue" (
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "messageCount" INTEGER NOT NULL DEFAULT 0,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HotIssue_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Message_dedupSeq_key" ON "Message"("dedupSeq");

-- CreateIndex
CREATE INDEX "HotIssue_lastSeenAt_idx" ON "HotIssue"("lastSeenAt");

-- The order in which registered messages enter the de-duplication index.
CREATE SEQUENCE "message_dedup_seq";
