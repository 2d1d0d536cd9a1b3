-- AlterTable
ALTER TABLE "TranscriptEntry" ADD COLUMN "operatorId" TEXT;

-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN "accountId" TEXT;

-- CreateTable
CREATE TABLE "Operator" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "languages" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OperatorSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "operatorId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "csrfSecret" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "OperatorSession_operatorId_fkey" FOREIGN KEY ("operatorId") REFERENCES "Operator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeskSignInAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "loginKey" TEXT NOT NULL,
    "clientKey" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "EmailChangeRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "newEmail" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "approval" TEXT,
    "approverId" TEXT,
    "approvalReason" TEXT,
    "challengeId" TEXT,
    "state" TEXT NOT NULL,
    "holdUntil" DATETIME,
    "cancelTokenHash" TEXT,
    "cancelReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "appliedAt" DATETIME,
    "cancelledAt" DATETIME,
    CONSTRAINT "EmailChangeRequest_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EmailChangeRequest_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Case" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'WAITING',
    "locale" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "accountId" TEXT,
    "requestedEmail" TEXT,
    "blockStatus" TEXT,
    "claimedById" TEXT,
    "claimedAt" DATETIME,
    "evidenceRequest" TEXT,
    "resolution" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    CONSTRAINT "Case_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Case_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Case_claimedById_fkey" FOREIGN KEY ("claimedById") REFERENCES "Operator" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Case" ("accountId", "blockStatus", "closedAt", "conversationId", "createdAt", "id", "locale", "number", "requestedEmail", "status", "type", "updatedAt") SELECT "accountId", "blockStatus", "closedAt", "conversationId", "createdAt", "id", "locale", "number", "requestedEmail", "status", "type", "updatedAt" FROM "Case";
DROP TABLE "Case";
ALTER TABLE "new_Case" RENAME TO "Case";
CREATE UNIQUE INDEX "Case_number_key" ON "Case"("number");
CREATE INDEX "Case_status_createdAt_idx" ON "Case"("status", "createdAt");
CREATE INDEX "Case_conversationId_idx" ON "Case"("conversationId");
CREATE INDEX "Case_claimedById_status_idx" ON "Case"("claimedById", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Operator_email_key" ON "Operator"("email");

-- CreateIndex
CREATE UNIQUE INDEX "OperatorSession_tokenHash_key" ON "OperatorSession"("tokenHash");

-- CreateIndex
CREATE INDEX "OperatorSession_operatorId_idx" ON "OperatorSession"("operatorId");

-- CreateIndex
CREATE INDEX "OperatorSession_expiresAt_idx" ON "OperatorSession"("expiresAt");

-- CreateIndex
CREATE INDEX "DeskSignInAttempt_loginKey_createdAt_idx" ON "DeskSignInAttempt"("loginKey", "createdAt");

-- CreateIndex
CREATE INDEX "DeskSignInAttempt_clientKey_createdAt_idx" ON "DeskSignInAttempt"("clientKey", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailChangeRequest_cancelTokenHash_key" ON "EmailChangeRequest"("cancelTokenHash");

-- CreateIndex
CREATE INDEX "EmailChangeRequest_state_holdUntil_idx" ON "EmailChangeRequest"("state", "holdUntil");

-- CreateIndex
CREATE INDEX "EmailChangeRequest_caseId_idx" ON "EmailChangeRequest"("caseId");

-- CreateIndex
CREATE INDEX "EmailChangeRequest_accountId_idx" ON "EmailChangeRequest"("accountId");
