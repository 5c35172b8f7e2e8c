-- Excluded messages: why the scope dropped each (another district named, or no place at all:
-- 属地不明, which staff should look at), the site's 涉及区县 field kept so the scope can judge a
-- message again, and the hash of the scope a source's excluded messages were last judged with.

-- CreateEnum
CREATE TYPE "ExclusionKind" AS ENUM ('other_district', 'no_place');

-- AlterTable
ALTER TABLE "ExcludedMessage" ADD COLUMN     "district" TEXT,
ADD COLUMN     "kind" "ExclusionKind" NOT NULL DEFAULT 'no_place';

-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "scopeHash" TEXT;

-- CreateIndex
CREATE INDEX "ExcludedMessage_kind_messageId_idx" ON "ExcludedMessage"("kind", "messageId");

-- Rows kept before: the kind and the 涉及区县 field from the crawler's reason, the only place they
-- were written (所属区县为王益区，不是印台区; 内容涉及耀州区，未提及…; 未提及…（所属区县：铜川市）).
UPDATE "ExcludedMessage" SET "kind" = CASE WHEN "reason" LIKE '未提及%' THEN 'no_place'::"ExclusionKind" ELSE 'other_district'::"ExclusionKind" END;
UPDATE "ExcludedMessage" SET "district" = COALESCE(substring("reason" from '^所属区县为(.+?)，不是'), substring("reason" from '（所属区县：(.+)）$'));
