-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN "mediation" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "firstPasskeySignInAt" DATETIME;

-- CreateTable
CREATE TABLE "InsightDay" (
    "day" TEXT NOT NULL PRIMARY KEY,
    "rolledAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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

    PRIMARY KEY ("day", "type", "method", "browser", "os", "provider")
);

-- CreateTable
CREATE TABLE "InsightGroup" (
    "day" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "accounts" INTEGER NOT NULL,

    PRIMARY KEY ("day", "dimension", "value")
);

-- CreateTable
CREATE TABLE "InsightRareMember" (
    "day" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("day", "dimension", "value", "userId"),
    CONSTRAINT "InsightRareMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SecurityEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT,
    "type" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "browser" TEXT NOT NULL DEFAULT '',
    "os" TEXT NOT NULL DEFAULT '',
    "provider" TEXT NOT NULL DEFAULT '',
    "method" TEXT NOT NULL DEFAULT '',
    "seconds" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SecurityEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SecurityEvent" ("createdAt", "detail", "id", "ipAddress", "type", "userAgent", "userId") SELECT "createdAt", "detail", "id", "ipAddress", "type", "userAgent", "userId" FROM "SecurityEvent";
DROP TABLE "SecurityEvent";
ALTER TABLE "new_SecurityEvent" RENAME TO "SecurityEvent";
CREATE INDEX "SecurityEvent_userId_createdAt_idx" ON "SecurityEvent"("userId", "createdAt");
CREATE INDEX "SecurityEvent_type_createdAt_seconds_userId_browser_os_provider_method_idx" ON "SecurityEvent"("type", "createdAt", "seconds", "userId", "browser", "os", "provider", "method");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "InsightRareMember_userId_idx" ON "InsightRareMember"("userId");

-- CreateIndex
CREATE INDEX "SecurityEvent_createdAt_idx" ON "SecurityEvent"("createdAt");

-- Backfill: accounts that already signed in with a passkey are not counted again as a
-- "first passkey sign-in" by the insights.
UPDATE "User" SET "firstPasskeySignInAt" = COALESCE(
    (SELECT MIN("createdAt") FROM "SecurityEvent" WHERE "SecurityEvent"."userId" = "User"."id" AND "SecurityEvent"."type" = 'sign_in.passkey'),
    (SELECT MIN("lastUsedAt") FROM "Passkey" WHERE "Passkey"."userId" = "User"."id")
);
