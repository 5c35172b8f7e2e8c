-- A reply box's placeholder (暂无回复, 正在办理中, —) stored as a message's reply by a release before
-- core/reply-placeholder.ts is cleared once per store at start-up (workflow/intake/
-- clear-placeholder-replies.ts), with the old text kept as a MessageChange whose note says why; the
-- run is noted in StoreRepair with the version of the placeholder rules, so a later start does not
-- scan the messages again until those rules change. The clearing itself is done by the code, which
-- judges each text with the same function intake uses; this migration only adds the columns.
ALTER TABLE "MessageChange" ADD COLUMN "note" TEXT;

CREATE TABLE "StoreRepair" (
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "doneAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "StoreRepair_pkey" PRIMARY KEY ("name")
);
