-- CreateIndex
CREATE INDEX "Message_sourceId_siteStatus_idx" ON "Message"("sourceId", "siteStatus");
