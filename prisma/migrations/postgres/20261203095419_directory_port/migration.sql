-- DropForeignKey
ALTER TABLE "Case" DROP CONSTRAINT "Case_accountId_fkey";

-- DropForeignKey
ALTER TABLE "VerificationCode" DROP CONSTRAINT "VerificationCode_accountId_fkey";

-- DropForeignKey
ALTER TABLE "EmailConfirmation" DROP CONSTRAINT "EmailConfirmation_accountId_fkey";

-- DropForeignKey
ALTER TABLE "EmailChangeRequest" DROP CONSTRAINT "EmailChangeRequest_accountId_fkey";

-- CreateTable
CREATE TABLE "DirectoryChange" (
    "key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DirectoryChange_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "DirectoryChange_createdAt_idx" ON "DirectoryChange"("createdAt");
