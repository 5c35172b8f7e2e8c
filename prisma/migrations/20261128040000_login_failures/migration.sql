-- CreateTable
CREATE TABLE "LoginFailure" (
    "username" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "lastFailedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoginFailure_pkey" PRIMARY KEY ("username")
);
