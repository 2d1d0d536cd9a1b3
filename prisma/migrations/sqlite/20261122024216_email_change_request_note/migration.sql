-- AlterTable
ALTER TABLE "EmailChangeRequest" ADD COLUMN "requestNote" TEXT;
