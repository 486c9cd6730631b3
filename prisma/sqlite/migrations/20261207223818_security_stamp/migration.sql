-- AlterTable
ALTER TABLE "Session" ADD COLUMN "confirmedWith" TEXT;
ALTER TABLE "Session" ADD COLUMN "confirmedPasskeyId" TEXT;
ALTER TABLE "Session" ADD COLUMN "securityStamp" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "securityStamp" INTEGER NOT NULL DEFAULT 0;
