-- 主办/协办 (第四条㈣ 交办相关承办单位): a proposal names the assisting units beside the lead unit,
-- each assignment has a role, and an assisting unit's 协办意见 is kept for the lead unit and 督查室.
-- Every assignment made before this migration was the case's only unit: lead.

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN "assistUnitIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN "role" TEXT NOT NULL DEFAULT 'lead';

-- CreateTable
CREATE TABLE "AssistOpinion" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssistOpinion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AssistOpinion_assignmentId_key" ON "AssistOpinion"("assignmentId");

-- CreateIndex
CREATE INDEX "AssistOpinion_caseId_idx" ON "AssistOpinion"("caseId");

-- AddForeignKey
ALTER TABLE "AssistOpinion" ADD CONSTRAINT "AssistOpinion_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
