-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "mediation" TEXT;

-- AlterTable
ALTER TABLE "SecurityEvent" ADD COLUMN     "browser" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "method" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "os" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "provider" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "seconds" INTEGER;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "firstPasskeySignInAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "InsightDay" (
    "day" TEXT NOT NULL,
    "rolledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InsightDay_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "InsightCount" (
    "day" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "browser" TEXT NOT NULL,
    "os" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "events" INTEGER NOT NULL,

    CONSTRAINT "InsightCount_pkey" PRIMARY KEY ("day","type","method","browser","os","provider")
);

-- CreateTable
CREATE TABLE "InsightGroup" (
    "day" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "accounts" INTEGER NOT NULL,

    CONSTRAINT "InsightGroup_pkey" PRIMARY KEY ("day","dimension","value")
);

-- CreateTable
CREATE TABLE "InsightRareMember" (
    "day" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "InsightRareMember_pkey" PRIMARY KEY ("day","dimension","value","userId")
);

-- CreateIndex
CREATE INDEX "InsightRareMember_userId_idx" ON "InsightRareMember"("userId");

-- AddForeignKey
ALTER TABLE "InsightRareMember" ADD CONSTRAINT "InsightRareMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "SecurityEvent_createdAt_idx" ON "SecurityEvent"("createdAt");

-- DropIndex
DROP INDEX "SecurityEvent_type_createdAt_idx";

-- CreateIndex
CREATE INDEX "SecurityEvent_type_createdAt_seconds_userId_browser_os_prov_idx" ON "SecurityEvent"("type", "createdAt", "seconds", "userId", "browser", "os", "provider", "method");

-- Backfill: accounts that already signed in with a passkey are not counted again as a
-- "first passkey sign-in" by the insights.
UPDATE "User" SET "firstPasskeySignInAt" = COALESCE(
    (SELECT MIN("createdAt") FROM "SecurityEvent" WHERE "SecurityEvent"."userId" = "User"."id" AND "SecurityEvent"."type" = 'sign_in.passkey'),
    (SELECT MIN("lastUsedAt") FROM "Passkey" WHERE "Passkey"."userId" = "User"."id")
);
