-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "archiveCategory" TEXT,
ADD COLUMN     "archiveVolume" TEXT,
ADD COLUMN     "escalatedAt" TIMESTAMP(3),
ADD COLUMN     "escalationReasons" JSONB;

-- CreateTable
CREATE TABLE "Proposal" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "opinion" TEXT NOT NULL,
    "complexity" TEXT NOT NULL,
    "proposedBy" TEXT NOT NULL,
    "proposedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decision" TEXT NOT NULL DEFAULT 'pending',
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "assignedBy" TEXT NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "assignedDate" TEXT NOT NULL,
    "workingDays" INTEGER NOT NULL,
    "originalDueDate" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT 'initial',
    "status" TEXT NOT NULL DEFAULT 'active',
    "returnedAt" TIMESTAMP(3),
    "returnedBy" TEXT,
    "returnReason" TEXT,
    "firstReportedAt" TIMESTAMP(3),

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExtensionRequest" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "progress" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "requestedDays" INTEGER NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decision" TEXT NOT NULL DEFAULT 'pending',
    "grantedDays" INTEGER,
    "newDueDate" TEXT,
    "answer" TEXT,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "ExtensionRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupervisionRecord" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SupervisionRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadlineAlert" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeadlineAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HandlingReport" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "findings" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "reviewText" TEXT,
    "reviewedBy" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewNote" TEXT,
    "approvedBy" TEXT,
    "approvedAt" TIMESTAMP(3),
    "approvalNote" TEXT,
    "publishChannel" TEXT,
    "publishedText" TEXT,
    "publishedBy" TEXT,
    "publishedAt" TIMESTAMP(3),
    "acknowledged" JSONB,

    CONSTRAINT "HandlingReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "unitId" TEXT,
    "satisfaction" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "note" TEXT,
    "visitedBy" TEXT NOT NULL,
    "visitedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bulletin" (
    "id" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "stats" JSONB NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Bulletin_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Proposal_caseId_idx" ON "Proposal"("caseId");

-- CreateIndex
CREATE INDEX "Assignment_caseId_idx" ON "Assignment"("caseId");

-- CreateIndex
CREATE INDEX "Assignment_unitId_idx" ON "Assignment"("unitId");

-- CreateIndex
CREATE INDEX "Assignment_status_dueDate_idx" ON "Assignment"("status", "dueDate");

-- CreateIndex
CREATE INDEX "ExtensionRequest_caseId_idx" ON "ExtensionRequest"("caseId");

-- CreateIndex
CREATE INDEX "SupervisionRecord_caseId_idx" ON "SupervisionRecord"("caseId");

-- CreateIndex
CREATE INDEX "DeadlineAlert_caseId_idx" ON "DeadlineAlert"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "DeadlineAlert_assignmentId_kind_dueDate_key" ON "DeadlineAlert"("assignmentId", "kind", "dueDate");

-- CreateIndex
CREATE INDEX "HandlingReport_caseId_idx" ON "HandlingReport"("caseId");

-- CreateIndex
CREATE INDEX "HandlingReport_unitId_idx" ON "HandlingReport"("unitId");

-- CreateIndex
CREATE INDEX "Visit_caseId_idx" ON "Visit"("caseId");

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExtensionRequest" ADD CONSTRAINT "ExtensionRequest_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupervisionRecord" ADD CONSTRAINT "SupervisionRecord_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadlineAlert" ADD CONSTRAINT "DeadlineAlert_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadlineAlert" ADD CONSTRAINT "DeadlineAlert_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HandlingReport" ADD CONSTRAINT "HandlingReport_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- 归档: an archived case and everything recorded about it are immutable. The database refuses
-- changes to an archived case (only the reporter count of a later duplicate may still grow) and
-- any insert, update or delete of a record that belongs to one.
CREATE FUNCTION "archived_case_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD."archivedAt" IS NOT NULL THEN
      RAISE EXCEPTION 'Case % is archived and immutable', OLD."id" USING ERRCODE = 'P0001';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD."archivedAt" IS NOT NULL AND
     (to_jsonb(NEW) - 'reporterCount' - 'updatedAt') IS DISTINCT FROM (to_jsonb(OLD) - 'reporterCount' - 'updatedAt') THEN
    RAISE EXCEPTION 'Case % is archived and immutable', OLD."id" USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "Case_archived_immutable" BEFORE UPDATE OR DELETE ON "Case"
  FOR EACH ROW EXECUTE FUNCTION "archived_case_immutable"();

CREATE FUNCTION "archived_case_records_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target TEXT;
BEGIN
  IF TG_OP = 'DELETE' THEN target := OLD."caseId"; ELSE target := NEW."caseId"; END IF;
  IF EXISTS (SELECT 1 FROM "Case" c WHERE c."id" = target AND c."archivedAt" IS NOT NULL) THEN
    RAISE EXCEPTION 'Case % is archived and immutable', target USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "Proposal_archived_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "Proposal"
  FOR EACH ROW EXECUTE FUNCTION "archived_case_records_immutable"();
CREATE TRIGGER "Assignment_archived_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "Assignment"
  FOR EACH ROW EXECUTE FUNCTION "archived_case_records_immutable"();
CREATE TRIGGER "ExtensionRequest_archived_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "ExtensionRequest"
  FOR EACH ROW EXECUTE FUNCTION "archived_case_records_immutable"();
CREATE TRIGGER "SupervisionRecord_archived_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "SupervisionRecord"
  FOR EACH ROW EXECUTE FUNCTION "archived_case_records_immutable"();
CREATE TRIGGER "DeadlineAlert_archived_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "DeadlineAlert"
  FOR EACH ROW EXECUTE FUNCTION "archived_case_records_immutable"();
CREATE TRIGGER "HandlingReport_archived_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "HandlingReport"
  FOR EACH ROW EXECUTE FUNCTION "archived_case_records_immutable"();
CREATE TRIGGER "Visit_archived_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "Visit"
  FOR EACH ROW EXECUTE FUNCTION "archived_case_records_immutable"();
