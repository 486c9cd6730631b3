-- AlterTable
ALTER TABLE "Session" ADD COLUMN "signInName" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "signInName" TEXT;
