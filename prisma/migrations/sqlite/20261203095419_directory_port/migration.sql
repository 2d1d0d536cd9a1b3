-- CreateTable
CREATE TABLE "DirectoryChange" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "fingerprint" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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
    CONSTRAINT "Case_claimedById_fkey" FOREIGN KEY ("claimedById") REFERENCES "Operator" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Case" ("accountId", "blockStatus", "claimedAt", "claimedById", "closedAt", "conversationId", "createdAt", "evidenceRequest", "id", "locale", "number", "requestedEmail", "resolution", "status", "type", "updatedAt") SELECT "accountId", "blockStatus", "claimedAt", "claimedById", "closedAt", "conversationId", "createdAt", "evidenceRequest", "id", "locale", "number", "requestedEmail", "resolution", "status", "type", "updatedAt" FROM "Case";
DROP TABLE "Case";
ALTER TABLE "new_Case" RENAME TO "Case";
CREATE UNIQUE INDEX "Case_number_key" ON "Case"("number");
CREATE INDEX "Case_status_createdAt_idx" ON "Case"("status", "createdAt");
CREATE INDEX "Case_conversationId_idx" ON "Case"("conversationId");
CREATE INDEX "Case_claimedById_status_idx" ON "Case"("claimedById", "status");
CREATE TABLE "new_VerificationCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "purpose" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "accountId" TEXT,
    "emailKey" TEXT NOT NULL,
    "newEmail" TEXT,
    "codeHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "sends" INTEGER NOT NULL DEFAULT 1,
    "lastSentAt" DATETIME NOT NULL,
    "verifiedAt" DATETIME,
    "consumedAt" DATETIME,
    "voidedAt" DATETIME,
    "pendingPasswordHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "VerificationCode_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_VerificationCode" ("accountId", "codeHash", "consumedAt", "conversationId", "createdAt", "emailKey", "expiresAt", "failedAttempts", "id", "lastSentAt", "newEmail", "pendingPasswordHash", "purpose", "sends", "verifiedAt", "voidedAt") SELECT "accountId", "codeHash", "consumedAt", "conversationId", "createdAt", "emailKey", "expiresAt", "failedAttempts", "id", "lastSentAt", "newEmail", "pendingPasswordHash", "purpose", "sends", "verifiedAt", "voidedAt" FROM "VerificationCode";
DROP TABLE "VerificationCode";
ALTER TABLE "new_VerificationCode" RENAME TO "VerificationCode";
CREATE INDEX "VerificationCode_conversationId_purpose_idx" ON "VerificationCode"("conversationId", "purpose");
CREATE INDEX "VerificationCode_accountId_createdAt_idx" ON "VerificationCode"("accountId", "createdAt");
CREATE INDEX "VerificationCode_emailKey_createdAt_idx" ON "VerificationCode"("emailKey", "createdAt");
CREATE TABLE "new_EmailConfirmation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_EmailConfirmation" ("accountId", "createdAt", "expiresAt", "id", "tokenHash", "usedAt") SELECT "accountId", "createdAt", "expiresAt", "id", "tokenHash", "usedAt" FROM "EmailConfirmation";
DROP TABLE "EmailConfirmation";
ALTER TABLE "new_EmailConfirmation" RENAME TO "EmailConfirmation";
CREATE UNIQUE INDEX "EmailConfirmation_tokenHash_key" ON "EmailConfirmation"("tokenHash");
CREATE INDEX "EmailConfirmation_accountId_idx" ON "EmailConfirmation"("accountId");
CREATE TABLE "new_EmailChangeRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "newEmail" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "approval" TEXT,
    "approverId" TEXT,
    "approvalReason" TEXT,
    "requestNote" TEXT,
    "challengeId" TEXT,
    "state" TEXT NOT NULL,
    "holdUntil" DATETIME,
    "cancelTokenHash" TEXT,
    "cancelReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "appliedAt" DATETIME,
    "cancelledAt" DATETIME,
    CONSTRAINT "EmailChangeRequest_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_EmailChangeRequest" ("accountId", "appliedAt", "approval", "approvalReason", "approverId", "cancelReason", "cancelTokenHash", "cancelledAt", "caseId", "challengeId", "createdAt", "holdUntil", "id", "locale", "newEmail", "requestNote", "requestedById", "state", "updatedAt") SELECT "accountId", "appliedAt", "approval", "approvalReason", "approverId", "cancelReason", "cancelTokenHash", "cancelledAt", "caseId", "challengeId", "createdAt", "holdUntil", "id", "locale", "newEmail", "requestNote", "requestedById", "state", "updatedAt" FROM "EmailChangeRequest";
DROP TABLE "EmailChangeRequest";
ALTER TABLE "new_EmailChangeRequest" RENAME TO "EmailChangeRequest";
CREATE UNIQUE INDEX "EmailChangeRequest_cancelTokenHash_key" ON "EmailChangeRequest"("cancelTokenHash");
CREATE INDEX "EmailChangeRequest_state_holdUntil_idx" ON "EmailChangeRequest"("state", "holdUntil");
CREATE INDEX "EmailChangeRequest_caseId_idx" ON "EmailChangeRequest"("caseId");
CREATE INDEX "EmailChangeRequest_accountId_idx" ON "EmailChangeRequest"("accountId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "DirectoryChange_createdAt_idx" ON "DirectoryChange"("createdAt");
