-- Indexes for pages that grow with the ledger (bench/console-scale.ts): the ledger's first page
-- sorted the whole Case table (newest first), and the charts and bulletins read every case,
-- assignment, report and visit to pick a period's. A district's store keeps years of cases.

-- CreateIndex
CREATE INDEX "Case_createdAt_idx" ON "Case"("createdAt");

-- CreateIndex
CREATE INDEX "Case_hotIssueKey_idx" ON "Case"("hotIssueKey");

-- CreateIndex
CREATE INDEX "Assignment_assignedAt_idx" ON "Assignment"("assignedAt");

-- CreateIndex
CREATE INDEX "HandlingReport_submittedAt_idx" ON "HandlingReport"("submittedAt");

-- CreateIndex
CREATE INDEX "Visit_visitedAt_idx" ON "Visit"("visitedAt");
