-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "confirmedPasskeyId" TEXT,
ADD COLUMN     "confirmedWith" TEXT,
ADD COLUMN     "securityStamp" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "securityStamp" INTEGER NOT NULL DEFAULT 0;
