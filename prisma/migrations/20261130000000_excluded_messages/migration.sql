-- CreateTable
CREATE TABLE "ExcludedMessage" (
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
    "reason" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changedAt" TIMESTAMP(3),
    "messageId" TEXT,
    "broughtBackAt" TIMESTAMP(3),
    "broughtBackBy" TEXT,
    "broughtBackRole" TEXT,
    "broughtBackNote" TEXT,

    CONSTRAINT "ExcludedMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExcludedMessage_messageId_key" ON "ExcludedMessage"("messageId");

-- CreateIndex
CREATE INDEX "ExcludedMessage_sourceId_messageId_idx" ON "ExcludedMessage"("sourceId", "messageId");

-- CreateIndex
CREATE INDEX "ExcludedMessage_firstSeenAt_idx" ON "ExcludedMessage"("firstSeenAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExcludedMessage_sourceId_siteId_key" ON "ExcludedMessage"("sourceId", "siteId");

-- AddForeignKey
ALTER TABLE "ExcludedMessage" ADD CONSTRAINT "ExcludedMessage_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
