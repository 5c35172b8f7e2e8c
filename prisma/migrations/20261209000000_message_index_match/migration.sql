-- The de-duplication index's own decision for each registered message (workflow/intake/store-dedup.ts):
-- the message it matched, or none. Registration may link a message otherwise (an exact copy, a 转办
-- item, a copy of an answered case) and staff change links later (并入, 拆分); a process rebuilding
-- its index from the store replays this decision, so a restart changes no later decision. Rows
-- registered before have "indexDecided" false and are decided again when the index is rebuilt.
ALTER TABLE "Message" ADD COLUMN "indexDecided" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Message" ADD COLUMN "indexMatchId" TEXT;
