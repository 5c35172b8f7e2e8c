-- A finished console export is kept in the store (ExportFileChunk), not in a folder: any console
-- process of the installation, on any machine, serves its download from the database, so
-- MINSHENG_EXPORT_DIR no longer has to be a shared mount (it is only where a process writes the
-- file it is producing). "fileSize" is the stored file's size; null when nothing is stored.
ALTER TABLE "ExportJob" ADD COLUMN "fileSize" INTEGER;

CREATE TABLE "ExportFileChunk" (
    "jobId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "ExportFileChunk_pkey" PRIMARY KEY ("jobId", "seq"),
    CONSTRAINT "ExportFileChunk_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ExportJob"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Exports finished before this change have their file only in a folder this version no longer
-- serves: they read as 已过期 (the sweep removes their files), as they would within ten minutes anyway.
UPDATE "ExportJob" SET "expiresAt" = CURRENT_TIMESTAMP WHERE "status" = 'done' AND "expiresAt" > CURRENT_TIMESTAMP;
